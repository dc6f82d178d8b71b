import { describe, expect, it } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { changeWithSize } from "./commits.js";

describe("changeWithSize", () => {
  it("lists what changed, renames included, and counts its lines in one pass", async () => {
    const repo = tempRepo({
      "moved.txt": "a\nb\nc\nd\ne\nf\n",
      "grown.txt": "1\n",
      "gone.txt": "x\n",
    });
    repo.write("data.bin", "\0\u0001");
    const before = repo.commitAll("before");
    repo.git("mv", "moved.txt", "renamed.txt");
    repo.write("grown.txt", "1\n2\n3\n");
    repo.git("rm", "-q", "gone.txt");
    repo.write("data.bin", "\0\u0002");
    repo.write("dir with space/new.txt", "new\n");
    const after = repo.commitAll("after");
    const { changes, size } = await changeWithSize(repo.root, before, after);
    expect(changes.map((c) => [c.status, c.from, c.path]).sort()).toEqual(
      [
        ["A", undefined, "dir with space/new.txt"],
        ["D", undefined, "gone.txt"],
        ["M", undefined, "data.bin"],
        ["M", undefined, "grown.txt"],
        ["R", "moved.txt", "renamed.txt"],
      ].sort(),
    );
    // 1 added + 1 deleted + a binary file (1) + 2 added; the rename alone changes no line.
    expect(size).toBe(5);
  });
});
