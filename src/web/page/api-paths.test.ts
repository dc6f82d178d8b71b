import { describe, expect, it } from "vitest";
import { runStreamPath, taskLogPath, transcriptPath } from "./api-paths.js";

describe("api paths", () => {
  it("encodes ids and adds the query", () => {
    expect(runStreamPath("r 1", 42)).toBe("/api/runs/r%201/stream?after=42");
    expect(taskLogPath("r", "a/b", 2)).toBe("/api/runs/r/tasks/a%2Fb/log?attempt=2");
    expect(transcriptPath("r", "t?", 1)).toBe("/api/runs/r/tasks/t%3F/transcript?attempt=1");
  });
});
