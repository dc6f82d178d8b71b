/** A bar of `width` cells, filled for the done share. */
export function progressBar(done: number, total: number, width: number): string {
  if (width <= 0) return "";
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  return "█".repeat(filled) + "░".repeat(width - filled);
}
