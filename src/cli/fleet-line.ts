/** What `run --cloud` says of the fleet before it starts: who will take the attempts. */
export function fleetLine(display: string, labels: string[], workers: string[]): string {
  const needs = labels.length > 0 ? ` with labels ${labels.join(",")}` : "";
  if (workers.length === 0) {
    return `Fleet: ${display} — no worker${needs} is connected yet; tasks wait in the queue until one starts (armada worker --redis ${display}${labels.length > 0 ? ` --labels ${labels.join(",")}` : ""}).`;
  }
  return `Fleet: ${display} — ${workers.length} worker(s)${needs}: ${workers.slice(0, 8).join(", ")}${workers.length > 8 ? ", ..." : ""}`;
}
