import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { generateRepo } from "../../test-support/generate-repo.js";
import { summariseRepo } from "./summarise-repo.js";

function generated(files: number) {
  const root = mkdtempSync(path.join(tmpdir(), "armada-summary-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return { root, ...generateRepo(root, files) };
}

describe("summariseRepo", () => {
  it("fits a large repository into its budget, biggest folders first, with the import graph", async () => {
    const repo = generated(4000);
    for (const budget of [4000, 12_000, 24_000]) {
      const summary = await summariseRepo(repo.root, "main", budget);
      expect(summary.text.length).toBeLessThanOrEqual(budget);
      expect(summary.files).toBe(repo.files);
      expect(summary.stats.parsedFiles).toBe(repo.jsFiles);
      expect(summary.text).toContain("packages/ ");
      expect(summary.text).toContain("build = tsc -b");
      expect(summary.text).toMatch(
        /Packages imported most \(files importing them\): .*react \([\d,]+\)/,
      );
    }
    const small = await summariseRepo(repo.root, "main", 4000);
    const large = await summariseRepo(repo.root, "main", 24_000);
    expect(large.stats.foldersShown).toBeGreaterThan(small.stats.foldersShown);
    // Three relative imports per module, all resolved to files of the repository.
    expect(large.stats.importEdges).toBeGreaterThan(repo.jsFiles * 2);
    expect(large.text).toMatch(
      /packages\/pkg-0\/src\/area-\d+\/ [\d,]+ files · .*→ imports packages\//,
    );
  });
});
