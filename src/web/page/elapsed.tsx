import { formatDuration } from "./format.js";
import { useNow } from "./use-now.js";

/** The time from `from` to `to`, or to now, ticking each second while `to` is unknown. */
export function Elapsed(props: { from: number; to?: number | undefined }) {
  const now = useNow(props.to === undefined);
  return <>{formatDuration((props.to ?? now) - props.from)}</>;
}
