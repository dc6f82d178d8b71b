/** The server's routes (see api.ts), each id encoded. */
const enc = encodeURIComponent;

export const runsPath = () => "/api/runs";
export const runsStreamPath = () => "/api/runs/stream";
export const runPath = (run: string) => `/api/runs/${enc(run)}`;
export const runStreamPath = (run: string, after: number) =>
  `${runPath(run)}/stream?after=${after}`;
export const runDiffPath = (run: string) => `${runPath(run)}/diff`;
export const cancelRunPath = (run: string) => `${runPath(run)}/cancel`;
export const applyRunPath = (run: string) => `${runPath(run)}/apply`;
export const taskPath = (run: string, task: string) => `${runPath(run)}/tasks/${enc(task)}`;
export const taskDiffPath = (run: string, task: string) => `${taskPath(run, task)}/diff`;
export const taskLogPath = (run: string, task: string, attempt: number) =>
  `${taskPath(run, task)}/log?attempt=${attempt}`;
export const transcriptPath = (run: string, task: string, attempt: number) =>
  `${taskPath(run, task)}/transcript?attempt=${attempt}`;
export const cancelTaskPath = (run: string, task: string) => `${taskPath(run, task)}/cancel`;
export const retryTaskPath = (run: string, task: string) => `${taskPath(run, task)}/retry`;
