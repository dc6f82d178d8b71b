/** Where the page is: one of its four views, read from the URL's hash. */
export type Route =
  | { view: "runs" }
  | { view: "run"; runId: string }
  | { view: "task"; runId: string; taskId: string }
  | { view: "run-diff"; runId: string }
  | { view: "not-found"; hash: string };

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/^\/+|\/+$/g, "");
  if (path === "") return { view: "runs" };
  const parts = path.split("/").map(decode);
  if (parts.some((part) => part === undefined || part === "")) return { view: "not-found", hash };
  const [first, runId, third, taskId, ...rest] = parts as string[];
  if (first !== "runs" || runId === undefined || rest.length > 0)
    return { view: "not-found", hash };
  if (third === undefined) return { view: "run", runId };
  if (third === "diff" && taskId === undefined) return { view: "run-diff", runId };
  if (third === "tasks" && taskId !== undefined) return { view: "task", runId, taskId };
  return { view: "not-found", hash };
}

export function runsHref(): string {
  return "#/";
}

export function runHref(runId: string): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}

export function taskHref(runId: string, taskId: string): string {
  return `${runHref(runId)}/tasks/${encodeURIComponent(taskId)}`;
}

export function runDiffHref(runId: string): string {
  return `${runHref(runId)}/diff`;
}
