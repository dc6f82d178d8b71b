import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { writeBundle } from "./bundle.js";
import { dirCodeStore } from "./code-store.js";
import { openWorkerCache } from "./worker-cache.js";

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-cache-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("a worker's cache", () => {
  it("gives each worker process on a machine its own slot, free again once released", async () => {
    const base = tempDir();
    const first = await openWorkerCache(base);
    const second = await openWorkerCache(base);
    expect([first.slot, second.slot]).toEqual([1, 2]);
    first.release();
    const third = await openWorkerCache(base);
    expect(third.slot).toBe(1);
    second.release();
    third.release();
  });

  it("fetches a commit once, and says which one the store lacks", async () => {
    const master = tempRepo({ "a.txt": "one\n" });
    const commit = master.git("rev-parse", "HEAD");
    const store = dirCodeStore(tempDir());
    const cache = await openWorkerCache(tempDir());
    onTestFinished(() => cache.release());
    await expect(cache.ensure([{ commit, prerequisites: [] }], store)).rejects.toThrow(
      `the code store (${store.where}) has no bundle for commit ${commit.slice(0, 12)}`,
    );
    await store.put(commit, await writeBundle(master.root, commit));
    await cache.ensure([{ commit, prerequisites: [] }], store);
    await cache.ensure([{ commit, prerequisites: [] }], store);
    expect(cache.fetched()).toMatchObject({ commits: 1 });
  });
});
