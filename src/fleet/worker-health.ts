export interface WorkerCounts {
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  refused: number;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function uptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

/** The worker's periodic line: what runs, what it did since it started, its cache and Redis. */
export function healthLine(
  name: string,
  counts: WorkerCounts,
  concurrency: number,
  state: { redis: string; cache: { commits: number; bytes: number }; uptimeMs: number },
): string {
  return [
    `health ${name}:`,
    `${counts.running}/${concurrency} running,`,
    `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.cancelled} cancelled, ${counts.refused} refused;`,
    `code fetched: ${state.cache.commits} commit(s), ${mib(state.cache.bytes)};`,
    `redis ${state.redis === "ready" ? "connected" : state.redis};`,
    `up ${uptime(state.uptimeMs)}`,
  ].join(" ");
}
