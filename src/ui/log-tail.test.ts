import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { cleanLine, lastLine, readLogTail } from "./log-tail.js";

describe("log tails", () => {
  it("reads only the end of a log, and nothing when it has not grown", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "armada-tail-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "a.log");
    expect(readLogTail(file, 16)).toEqual({ size: 0, text: "" });
    expect(readLogTail(file, 16, 0)).toBeUndefined();
    appendFileSync(file, `${"x".repeat(100)}\nlast one\n`);
    const tail = readLogTail(file, 16);
    expect(tail).toEqual({ size: 110, text: "xxxxxx\nlast one\n" });
    expect(readLogTail(file, 16, 110)).toBeUndefined();
  });

  it("keeps what a terminal would show of a line", () => {
    expect(cleanLine("\u001b[32mok\u001b[0m\tdone")).toBe("ok  done");
    expect(cleanLine("10%\r50%\r100%")).toBe("100%");
    expect(cleanLine("bell\u0007 and back\u0008space")).toBe("bell and backspace");
    expect(lastLine("one\ntwo\n\n   \n")).toBe("two");
    expect(lastLine("\n\n")).toBeUndefined();
  });
});
