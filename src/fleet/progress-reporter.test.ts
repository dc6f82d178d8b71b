import { describe, expect, it } from "vitest";
import type { AttemptJobProgress } from "./attempt-job.js";
import { progressReporter } from "./progress-reporter.js";

describe("progress reports of a worker", () => {
  it("batches the worker, the latest phase and the log into one report, in order", async () => {
    const sent: AttemptJobProgress[] = [];
    const reporter = progressReporter(async (p) => {
      sent.push(p);
    });
    reporter.report({ worker: "w1" });
    reporter.report({ phase: "agent" });
    reporter.log(Buffer.from("one\n"));
    reporter.log(Buffer.from("two\n"));
    reporter.report({ phase: "capture" });
    await reporter.flush();
    reporter.log(Buffer.from("three\n"));
    await reporter.flush();
    await reporter.flush();
    expect(sent).toEqual([
      { worker: "w1", phase: "capture", log: "one\ntwo\n" },
      { log: "three\n" },
    ]);
  });

  it("cuts a large log into batches at once, and drops a batch Redis refused", async () => {
    const sent: AttemptJobProgress[] = [];
    let refuse = true;
    const reporter = progressReporter(async (p) => {
      if (refuse) {
        refuse = false;
        throw new Error("Connection is closed.");
      }
      sent.push(p);
    });
    reporter.log(Buffer.alloc(70 * 1024, "a"));
    reporter.log(Buffer.from("after\n"));
    await reporter.flush();
    expect(sent).toEqual([{ log: "after\n" }]);
  });
});
