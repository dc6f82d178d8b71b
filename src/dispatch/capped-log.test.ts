import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openCappedLog } from "./capped-log.js";

describe("openCappedLog", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-log-"));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes up to the limit, notes the cut once, and keeps the true tail", async () => {
    const file = path.join(dir, "logs", "a.log");
    const log = openCappedLog(file, 10);
    log.write("12345");
    log.write("67890abc");
    log.write("more after the cut");
    await log.close();
    expect(readFileSync(file, "utf8")).toBe(
      "1234567890\n[armada: log cut at 10 bytes (--log-limit); later output was dropped]\n",
    );
    expect(log.tail()).toBe("1234567890abcmore after the cut");
  });
});
