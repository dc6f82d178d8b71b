import { describe, expect, it } from "vitest";
import { jobIdOf, parseLabels, queueFor, queuesServed } from "./queue-names.js";

describe("queues by labels", () => {
  it("an attempt goes to the queue of its sorted labels; a worker serves every subset of its own", () => {
    expect(queueFor([])).toBe("attempts");
    expect(queueFor(["linux", "gpu"])).toBe("attempts.gpu+linux");
    expect(queuesServed(parseLabels("linux,gpu", "--labels")).sort()).toEqual(
      ["attempts", "attempts.gpu", "attempts.gpu+linux", "attempts.linux"].sort(),
    );
    expect(queuesServed([])).toEqual(["attempts"]);
  });

  it("refuses labels that are not simple names, and workers with too many", () => {
    expect(() => parseLabels("gpu,Big Box", "--labels")).toThrow(
      '--labels takes comma-separated labels of lowercase letters, digits, - and _ (such as gpu,linux), not "Big Box".',
    );
    expect(() => queuesServed(["a", "b", "c", "d", "e"])).toThrow(/at most 4 labels/);
  });

  it("names a job after its run, task and attempt, so adding it again adds nothing", () => {
    expect(jobIdOf({ runId: "abc123", task: { id: "src-a-js" }, attempt: 2 })).toBe(
      "abc123.src-a-js.2",
    );
  });
});
