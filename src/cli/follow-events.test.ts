import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { DEFAULT_RUN_OPTIONS } from "../core/index.js";
import { openStore } from "../store/sqlite-store.js";
import { followEvents } from "./follow-events.js";

it("says the first few of many tasks ended alike one by one, then counts the rest", () => {
  const gitDir = mkdtempSync(path.join(tmpdir(), "armada-follow-"));
  const store = openStore(gitDir);
  onTestFinished(() => {
    store.close();
    rmSync(gitDir, { recursive: true, force: true });
  });
  const ids = Array.from({ length: 1200 }, (_, i) => `t${i}`);
  store.createRun({
    id: "r1",
    plan: {
      objective: "o",
      checks: [],
      tasks: ids.map((id) => ({
        id,
        title: id,
        instructions: "do",
        files: [],
        deps: [],
        checks: [],
      })),
    },
    baseCommit: "b".repeat(40),
    headCommit: "b".repeat(40),
    headRef: "main",
    options: { ...DEFAULT_RUN_OPTIONS, agent: "command", sandbox: "worktree" },
  });
  const from = store.lastEventSeq("r1");
  const cancel = (taskIds: string[]) =>
    store.updateTasks(
      "r1",
      taskIds.map((taskId) => ({
        taskId,
        patch: { state: "cancelled" },
        event: { type: "task.state", data: { state: "cancelled", error: "the run was cancelled" } },
      })),
    );
  store.updateTask(
    "r1",
    "t0",
    { state: "failed" },
    { type: "task.state", data: { state: "failed", error: "boom" } },
  );
  cancel(ids.slice(1));
  store.updateRun(
    "r1",
    { state: "cancelled" },
    { type: "run.state", data: { state: "cancelled" } },
  );
  let text = "";
  const lines = followEvents(
    store,
    "r1",
    false,
    (t) => {
      text += t;
    },
    from,
  );
  lines.stop();
  const said = text
    .trim()
    .split("\n")
    .map((line) => line.slice(9));
  expect(said).toEqual([
    "t0 FAILED: boom",
    "t1 CANCELLED: the run was cancelled",
    "t2 CANCELLED: the run was cancelled",
    "t3 CANCELLED: the run was cancelled",
    "… and 1,196 more tasks CANCELLED: the run was cancelled",
    "run CANCELLED",
  ]);
  let json = "";
  followEvents(
    store,
    "r1",
    true,
    (t) => {
      json += t;
    },
    from,
  ).stop();
  // Machines get every event.
  expect(json.trim().split("\n")).toHaveLength(1201);
});
