import { describe, expect, it } from "vitest";
import { FLEET_PROTOCOL, readAttemptJob } from "./attempt-job.js";

const START = "a".repeat(40);

function job(overrides: Record<string, unknown> = {}) {
  return {
    protocol: FLEET_PROTOCOL,
    spec: {
      runId: "r1",
      attempt: 1,
      agent: "command",
      startCommit: START,
      task: { id: "t", checks: [] },
    },
    code: [{ commit: START, prerequisites: [] }],
    settings: {},
    ...overrides,
  };
}

describe("a job as a worker reads it", () => {
  it("takes a job of its own protocol", () => {
    expect(readAttemptJob(job())).toEqual(job());
  });

  it("says why it cannot run a job from another armada version, or a malformed one", () => {
    expect(readAttemptJob(job({ protocol: FLEET_PROTOCOL + 1 }))).toBe(
      `the master speaks fleet protocol ${FLEET_PROTOCOL + 1} and this worker ${FLEET_PROTOCOL}: run the same armada version on the master and the workers`,
    );
    expect(readAttemptJob(job({ protocol: 1 }))).toMatch(/^the master speaks fleet protocol 1 /);
    expect(readAttemptJob(null)).toMatch(/^the master speaks fleet protocol undefined/);
    expect(readAttemptJob(job({ code: "all of it" }))).toMatch(/^the job is malformed: /);
    expect(readAttemptJob(job({ setup: { commands: "npm ci" } }))).toMatch(
      /^the job is malformed: /,
    );
  });
});
