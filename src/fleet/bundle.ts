import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runGit } from "../git/index.js";

const BUNDLE_REF = "refs/armada/bundle";

/**
 * A git bundle (format v2) holding `commit` and what it needs beyond `prerequisites`, which
 * the receiver must already have. Written from one `pack-objects`, so no ref is created in the
 * repository to name the commit.
 */
export async function writeBundle(
  repoRoot: string,
  commit: string,
  prerequisites: string[] = [],
): Promise<Buffer> {
  const revs = [commit, ...prerequisites.map((p) => `^${p}`)].join("\n");
  const pack = await runGit(
    ["pack-objects", "--revs", "--stdout", "--thin", "--delta-base-offset", "-q"],
    { cwd: repoRoot, input: `${revs}\n` },
  );
  const header = [
    "# v2 git bundle",
    ...prerequisites.map((p) => `-${p} prerequisite`),
    `${commit} ${BUNDLE_REF}`,
    "",
    "",
  ].join("\n");
  return Buffer.concat([Buffer.from(header, "utf8"), pack.bytes]);
}

/** The commit a bundle written by `writeBundle` carries, read from its header. */
export function bundleCommit(bundle: Buffer): string | undefined {
  const end = bundle.indexOf("\n\n");
  if (end < 0) return undefined;
  const lines = bundle.subarray(0, end).toString("utf8").split("\n");
  if (lines[0] !== "# v2 git bundle") return undefined;
  const head = lines.slice(1).find((l) => !l.startsWith("-"));
  return head?.match(/^([0-9a-f]{40,64}) /)?.[1];
}

/**
 * Adds a bundle's objects to the repository. git checks the prerequisites are present and the
 * pack is whole; the commit is returned, reachable from no ref until the caller keeps it.
 */
export async function readBundle(repoRoot: string, bundle: Buffer): Promise<string> {
  const commit = bundleCommit(bundle);
  if (!commit) throw new Error("not a git bundle written by armada");
  const file = path.join(tmpdir(), `armada-${randomUUID()}.bundle`);
  await writeFile(file, bundle);
  try {
    await runGit(["bundle", "unbundle", file], { cwd: repoRoot });
  } finally {
    await rm(file, { force: true });
  }
  return commit;
}
