/** The most log text the page keeps in the DOM: older text is dropped from the start. */
export const LOG_LIMIT = 2 * 1024 * 1024;

/**
 * The log with `text` appended, cut to at most `limit` characters from its end; the cut goes
 * to the next line start so no half line is shown.
 */
export function appendCapped(log: string, text: string, limit = LOG_LIMIT): string {
  const joined = log + text;
  if (joined.length <= limit) return joined;
  const start = joined.length - limit;
  const lineStart = joined.indexOf("\n", start);
  return lineStart < 0 ? joined.slice(start) : joined.slice(lineStart + 1);
}
