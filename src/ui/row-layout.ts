/** Cells of each column of a task row; 0 leaves the column out. */
export interface RowLayout {
  id: number;
  title: number;
  label: number;
  attempt: number;
  clock: number;
  detail: number;
}

const MARK = 2; // "› "
const ICON = 3; // two-cell emoji and a space
const LABEL = 10; // "CANCELLED" and a space
const ATTEMPT = 4; // "#12" and a space
const CLOCK = 8; // "1:02:09" and a space
const GAP = 2;

/**
 * Shares a row's width among its columns: the id and state always; then the clock and the
 * attempt; what is left goes to the title and, past a useful size, to the detail (the last log
 * line of a working task, why a task failed). Narrow terminals lose the detail first, then the
 * title, then the attempt and the clock.
 */
export function rowLayout(width: number, longestId: number): RowLayout {
  const id = Math.max(4, Math.min(longestId, 28, width - MARK - ICON - LABEL));
  const base = MARK + ICON + id + GAP + LABEL;
  const clock = width - base >= CLOCK ? CLOCK : 0;
  const attempt = width - base - clock >= ATTEMPT ? ATTEMPT : 0;
  const rest = width - base - clock - attempt;
  if (rest < 12) return { id, title: 0, label: LABEL, attempt, clock, detail: 0 };
  if (rest < 40) return { id, title: rest - GAP, label: LABEL, attempt, clock, detail: 0 };
  const title = Math.min(48, Math.floor(rest * 0.45));
  return { id, title, label: LABEL, attempt, clock, detail: rest - title - GAP * 2 };
}

/** Text cut or padded to exactly `width` cells (ids and titles are single-width text). */
export function cell(text: string, width: number): string {
  if (width <= 0) return "";
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}
