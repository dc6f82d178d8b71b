/** Cells of each column of a task row; 0 leaves the column out. */
export interface RowLayout {
  id: number;
  title: number;
  label: number;
  attempt: number;
  clock: number;
  /** The fleet worker, as `@name` and a space; 0 when no task names one. */
  worker: number;
  detail: number;
}

const MARK = 2; // "› "
const ICON = 3; // two-cell emoji and a space
const LABEL = 10; // "CANCELLED" and a space
const ATTEMPT = 4; // "#12" and a space
const CLOCK = 8; // "1:02:09" and a space
const WORKER = 16; // at most "@" and 14 cells of a name, and a space
const GAP = 2;
const TITLE = 12; // the least room worth giving a title (with its gap)

/**
 * Shares a row's width among its columns: the id and state always; then the clock and the
 * attempt; what is left goes to the worker (when a task names one), the title and, past a
 * useful size, to the detail (the last log line of a working task, why a task failed). Narrow
 * terminals lose the detail first, then the worker, then the title, then the attempt and the
 * clock.
 */
export function rowLayout(width: number, longestId: number, longestWorker = 0): RowLayout {
  const id = Math.max(4, Math.min(longestId, 28, width - MARK - ICON - LABEL));
  const base = MARK + ICON + id + GAP + LABEL;
  const clock = width - base >= CLOCK ? CLOCK : 0;
  const attempt = width - base - clock >= ATTEMPT ? ATTEMPT : 0;
  const wanted = longestWorker > 0 ? Math.min(longestWorker + 2, WORKER) : 0;
  // The worker only takes room a useful title leaves.
  const worker = width - base - clock - attempt - wanted >= TITLE ? wanted : 0;
  const rest = width - base - clock - attempt - worker;
  const columns = { id, label: LABEL, attempt, clock, worker };
  if (rest < TITLE) return { ...columns, title: 0, detail: 0 };
  if (rest < 40) return { ...columns, title: rest - GAP, detail: 0 };
  const title = Math.min(48, Math.floor(rest * 0.45));
  return { ...columns, title, detail: rest - title - GAP * 2 };
}

/** Text cut or padded to exactly `width` cells (ids and titles are single-width text). */
export function cell(text: string, width: number): string {
  if (width <= 0) return "";
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}
