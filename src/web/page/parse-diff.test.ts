import { describe, expect, it } from "vitest";
import { parseDiff } from "./parse-diff.js";

const diff = [
  "diff --git a/src/app.ts b/src/app.ts",
  "index 1111111..2222222 100644",
  "--- a/src/app.ts",
  "+++ b/src/app.ts",
  "@@ -1,3 +1,3 @@ export function main() {",
  " const a = 1;",
  "-const b = 2;",
  "+const b = 3;",
  "+--- not a header",
  "\\ No newline at end of file",
  "diff --git a/new file.md b/new file.md",
  "new file mode 100644",
  "index 0000000..3333333",
  "--- /dev/null",
  "+++ b/new file.md",
  "@@ -0,0 +1 @@",
  "+# Title",
  "diff --git a/gone.py b/gone.py",
  "deleted file mode 100644",
  "--- a/gone.py",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-print(1)",
  "diff --git a/old.txt b/moved.txt",
  "similarity index 100%",
  "rename from old.txt",
  "rename to moved.txt",
  "diff --git a/logo.png b/logo.png",
  "index 4444444..5555555 100644",
  "Binary files a/logo.png and b/logo.png differ",
  "",
].join("\n");

describe("parseDiff", () => {
  const files = parseDiff(diff);

  it("splits the text into files with their paths and status", () => {
    expect(
      files.map((file) => [file.path, file.oldPath, file.status, file.binary] as const),
    ).toEqual([
      ["src/app.ts", "src/app.ts", "modified", false],
      ["new file.md", "new file.md", "added", false],
      ["gone.py", "gone.py", "deleted", false],
      ["moved.txt", "old.txt", "renamed", false],
      ["logo.png", "logo.png", "modified", true],
    ]);
  });

  it("counts additions and deletions, a +--- line included", () => {
    expect(files.map((file) => [file.additions, file.deletions])).toEqual([
      [2, 1],
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it("classifies each line and strips its marker", () => {
    expect(files[0]?.lines).toEqual([
      { kind: "hunk", text: "@@ -1,3 +1,3 @@ export function main() {" },
      { kind: "context", text: "const a = 1;", oldLine: 1, newLine: 1 },
      { kind: "del", text: "const b = 2;", oldLine: 2 },
      { kind: "add", text: "const b = 3;", newLine: 2 },
      { kind: "add", text: "--- not a header", newLine: 3 },
      { kind: "note", text: "\\ No newline at end of file" },
    ]);
  });

  it("is empty for an empty diff and ignores text before the first file", () => {
    expect(parseDiff("")).toEqual([]);
    expect(parseDiff("warning: something\n")).toEqual([]);
  });

  it("reads git's quoted paths", () => {
    const [file] = parseDiff('diff --git "a/t\\303\\251st \\"q\\"" "b/t\\303\\251st \\"q\\""\n');
    expect(file?.path).toBe('tést "q"');
  });
});
