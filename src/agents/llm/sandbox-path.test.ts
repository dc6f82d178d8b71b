import { describe, expect, it } from "vitest";
import { sandboxPath } from "./sandbox-path.js";
import { ToolFailure } from "./tool-failure.js";

const ROOT = "/work/sandboxes/run-1/task.1";

describe("sandboxPath", () => {
  it("keeps paths inside the sandbox, relative to its root", () => {
    expect(sandboxPath("src/a.ts", ROOT)).toBe("src/a.ts");
    expect(sandboxPath("./src/../lib/b.ts", ROOT)).toBe("lib/b.ts");
    expect(sandboxPath(`${ROOT}/src/a.ts`, ROOT)).toBe("src/a.ts");
    expect(sandboxPath(".", ROOT, "dir")).toBe(".");
    expect(sandboxPath("src/", ROOT, "dir")).toBe("src");
    expect(sandboxPath(".github/workflows/ci.yml", ROOT)).toBe(".github/workflows/ci.yml");
  });

  it.each([
    ["../outside.txt", "leads outside the sandbox"],
    ["src/../../outside.txt", "leads outside the sandbox"],
    ["/etc/passwd", "is outside the sandbox"],
    [`${ROOT}-other/x`, "is outside the sandbox"],
    [".git/config", "is inside .git"],
    ["src/../.git/HEAD", "is inside .git"],
    ["", "the path is empty"],
    [".", "is a directory"],
  ])("refuses %j", (input, reason) => {
    expect(() => sandboxPath(input, ROOT)).toThrow(ToolFailure);
    expect(() => sandboxPath(input, ROOT)).toThrow(reason);
  });
});
