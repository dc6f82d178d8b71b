import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { openStore } from "../store/index.js";
import type { Assembler } from "./assembler-port.js";
import type { AttemptResult, AttemptSpec, Dispatcher } from "./dispatcher-port.js";
import { DEFAULT_RUN_OPTIONS, type RunOptions } from "./records.js";
import type { RunSession } from "./run-session.js";
import { scheduleTasks } from "./schedule-tasks.js";

const BASE = "b".repeat(40);

/** A fleet whose workers take attempts in turn and fail them, so the task retries once. */
function fleet(workers: string[]): Dispatcher {
  let next = 0;
  return {
    async start(spec: AttemptSpec, hooks): Promise<AttemptResult> {
      const worker = workers[next++ % workers.length] ?? "none";
      hooks.onProgress({ kind: "worker", name: worker });
      return {
        state: "failed",
        changed: [],
        outOfScope: [],
        error: `attempt ${spec.attempt} failed on ${worker}`,
        logTail: "",
        agentMs: 1,
      };
    },
    async close() {},
  };
}

/** Only what a task without dependencies or results asks of assembly. */
const assembler = {
  startCommit: async () => ({ commit: BASE }),
  filesInScope: async () => [],
} as unknown as Assembler;

function session(dispatcher: Dispatcher): RunSession {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-schedule-"));
  const store = openStore(dir);
  onTestFinished(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const options: RunOptions = {
    ...DEFAULT_RUN_OPTIONS,
    retries: 1,
    agent: "command",
    sandbox: "worktree",
  };
  store.createRun({
    id: "r1",
    plan: {
      objective: "o",
      checks: [],
      tasks: [{ id: "a", title: "A", instructions: "do", files: [], deps: [], checks: [] }],
    },
    baseCommit: BASE,
    headCommit: BASE,
    headRef: "main",
    options,
  });
  return {
    runId: "r1",
    deps: { store, dispatcher, assembler, runDir: () => dir },
    options,
    cancel: new AbortController(),
    attempts: new Map(),
    proven: new Set(),
  };
}

describe("scheduleTasks on a fleet", () => {
  it("records which worker took each attempt, with an event after the attempt starts", async () => {
    const s = session(fleet(["w1", "w2"]));
    await scheduleTasks(s);
    const { store } = s.deps;
    expect(store.listAttempts("r1", "a").map((a) => [a.n, a.worker])).toEqual([
      [1, "w1"],
      [2, "w2"],
    ]);
    const events = store
      .eventsAfter("r1", 0)
      .filter((e) => e.type === "task.worker" || e.data.state === "active")
      .map((e) => [e.type, e.data.attempt, e.data.worker]);
    expect(events).toEqual([
      ["task.state", 1, undefined],
      ["task.worker", 1, "w1"],
      ["task.state", 2, undefined],
      ["task.worker", 2, "w2"],
    ]);
  });
});
