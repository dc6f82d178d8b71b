import { describe, expect, it } from "vitest";
import { parseRoute, runDiffHref, runHref, taskHref } from "./route.js";

describe("parseRoute", () => {
  it("reads the runs list from an empty or root hash", () => {
    expect(parseRoute("")).toEqual({ view: "runs" });
    expect(parseRoute("#")).toEqual({ view: "runs" });
    expect(parseRoute("#/")).toEqual({ view: "runs" });
  });

  it("reads a run, a task and the run's diff", () => {
    expect(parseRoute("#/runs/r1")).toEqual({ view: "run", runId: "r1" });
    expect(parseRoute("#/runs/r1/")).toEqual({ view: "run", runId: "r1" });
    expect(parseRoute("#/runs/r1/tasks/t-2")).toEqual({ view: "task", runId: "r1", taskId: "t-2" });
    expect(parseRoute("#/runs/r1/diff")).toEqual({ view: "run-diff", runId: "r1" });
  });

  it("decodes what the hrefs encode", () => {
    const href = taskHref("run 1", "a/b#c");
    expect(href).toBe("#/runs/run%201/tasks/a%2Fb%23c");
    expect(parseRoute(href)).toEqual({ view: "task", runId: "run 1", taskId: "a/b#c" });
    expect(parseRoute(runHref("x?y"))).toEqual({ view: "run", runId: "x?y" });
    expect(parseRoute(runDiffHref("r"))).toEqual({ view: "run-diff", runId: "r" });
  });

  it("tells an unknown hash apart", () => {
    expect(parseRoute("#/nope").view).toBe("not-found");
    expect(parseRoute("#/runs").view).toBe("not-found");
    expect(parseRoute("#/runs/r1/tasks").view).toBe("not-found");
    expect(parseRoute("#/runs/r1/diff/x").view).toBe("not-found");
    expect(parseRoute("#/runs/r1/tasks/t/extra").view).toBe("not-found");
    expect(parseRoute("#/runs/%E0%A4%A").view).toBe("not-found");
  });
});
