import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { RunEvent, TaskRecord } from "../core/index.js";
import { applyExtraEvent, emptyExtras } from "./run-extras.js";

let seq = 0;
const event = (
  type: string,
  taskId: string | undefined,
  data: Record<string, unknown> = {},
): RunEvent => ({
  seq: ++seq,
  runId: "r1",
  taskId,
  type,
  data,
  at: 1000 + seq,
});

const resolver = { id: "resolve-b", kind: "resolver", resolves: "b" } as TaskRecord;

describe("a run's conflicts and checks from its events", () => {
  it("follows each conflict to what became of it: a redo, a resolver task, its resolution", () => {
    const extras = emptyExtras();
    const task = (id: string) => (id === resolver.id ? resolver : undefined);
    expect(applyExtraEvent(extras, event("task.conflict", "a", { paths: ["x.ts"] }), task)).toBe(
      "conflicts",
    );
    expect(applyExtraEvent(extras, event("task.redo", "a", { redo: 1 }), task)).toBe("conflicts");
    applyExtraEvent(extras, event("task.conflict", "b", { paths: ["y.ts", "z.ts"] }), task);
    applyExtraEvent(extras, event("task.added", "resolve-b"), task);
    // A redo that bisection asked for is no conflict's outcome.
    expect(
      applyExtraEvent(extras, event("task.redo", "c", { checks: ["npm test"] }), task),
    ).toBeUndefined();
    expect(extras.conflicts.map((c) => [c.taskId, c.paths, c.outcome, c.resolver])).toEqual([
      ["a", ["x.ts"], "redo", undefined],
      ["b", ["y.ts", "z.ts"], "resolver", "resolve-b"],
    ]);
    applyExtraEvent(extras, event("task.resolved", "b"), task);
    expect(extras.conflicts[1]?.outcome).toBe("resolved");
  });

  it("keeps each round of run checks with the end of its output", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "armada-extras-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, "checks.log");
    writeFileSync(log, `${"x".repeat(70 * 1024)}\nFAIL src/a.test.ts\n`);
    const extras = emptyExtras();
    applyExtraEvent(
      extras,
      event("run.checks", undefined, {
        passed: false,
        failures: [{ check: "npm test", lines: ["FAIL src/a.test.ts"] }],
        preExisting: ["npm run lint"],
        flaky: [],
        log,
      }),
      () => undefined,
    );
    applyExtraEvent(
      extras,
      event("run.checks", undefined, { passed: true, failures: [], log: "" }),
      () => undefined,
    );
    const [failed, passed] = extras.checkRounds;
    expect(failed).toMatchObject({
      passed: false,
      failures: ["npm test"],
      preExisting: ["npm run lint"],
    });
    expect(failed?.output?.length).toBe(64 * 1024);
    expect(failed?.output?.endsWith("FAIL src/a.test.ts\n")).toBe(true);
    expect(passed).toMatchObject({ passed: true, failures: [], output: undefined });
  });
});
