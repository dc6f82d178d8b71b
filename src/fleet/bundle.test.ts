import { describe, expect, it } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { bundleCommit, readBundle, writeBundle } from "./bundle.js";

describe("bundles", () => {
  it("moves a base with its history, then a change on it as a thin bundle", async () => {
    const master = tempRepo({ "a.txt": "one\n", "src/b.txt": "two\n" });
    master.write("a.txt", "one\nmore\n");
    const base = master.commitAll("second");
    master.write("src/c.txt", "new\n");
    const change = master.commitAll("change");

    const worker = tempRepo({}, { commit: false });
    const full = await writeBundle(master.root, base);
    expect(bundleCommit(full)).toBe(base);
    expect(await readBundle(worker.root, full)).toBe(base);
    expect(worker.git("show", `${base}:a.txt`)).toBe("one\nmore");
    expect(worker.git("rev-list", "--count", base)).toBe("2");

    const thin = await writeBundle(master.root, change, [base]);
    expect(thin.length).toBeLessThan(full.length);
    expect(await readBundle(worker.root, thin)).toBe(change);
    expect(worker.git("rev-parse", `${change}^`)).toBe(base);
    expect(worker.git("show", `${change}:src/c.txt`)).toBe("new");
    expect(worker.git("for-each-ref")).toBe("");
  });

  it("refuses a change whose prerequisite the receiver lacks, adding nothing", async () => {
    const master = tempRepo({ "a.txt": "one\n" });
    const base = master.git("rev-parse", "HEAD");
    master.write("a.txt", "two\n");
    const change = master.commitAll("change");
    const worker = tempRepo({}, { commit: false });
    await expect(
      readBundle(worker.root, await writeBundle(master.root, change, [base])),
    ).rejects.toThrow(/git (unpack-objects|index-pack)/);
    expect(() => worker.git("cat-file", "-e", change)).toThrow();
  });

  it("keeps a large bundle as one pack, and unpacks small ones into loose objects", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`f${i}.txt`] = `file ${i}\n`;
    const master = tempRepo(files);
    const base = master.git("rev-parse", "HEAD");
    master.write("f1.txt", "changed\n");
    const change = master.commitAll("change");
    const worker = tempRepo({}, { commit: false });
    await readBundle(worker.root, await writeBundle(master.root, base));
    expect(worker.git("count-objects", "-v")).toMatch(/^packs: 1$/m);
    await readBundle(worker.root, await writeBundle(master.root, change, [base]));
    expect(worker.git("count-objects", "-v")).toMatch(/^packs: 1$/m);
    expect(worker.git("count-objects", "-v")).toMatch(/^count: 3$/m);
    expect(worker.git("show", `${change}:f1.txt`)).toBe("changed");
  });

  it("rejects bytes that are not a bundle", async () => {
    const worker = tempRepo({}, { commit: false });
    await expect(readBundle(worker.root, Buffer.from("hello"))).rejects.toThrow(/not a git bundle/);
  });
});
