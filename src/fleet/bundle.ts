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

/** Below this many objects a bundle is unpacked into loose objects, as `git fetch` does. */
const UNPACK_LIMIT = 100;

/**
 * Adds a bundle's objects to the repository and returns its commit, reachable from no ref
 * until the caller keeps it. git checks every object and that what they point at exists
 * (`--strict`). Small bundles become loose objects: a master accepting a thousand results
 * must not leave a thousand packs for every later git command to search.
 */
export async function readBundle(repoRoot: string, bundle: Buffer): Promise<string> {
  const commit = bundleCommit(bundle);
  const start = bundle.indexOf("\n\n") + 2;
  const pack = bundle.subarray(start);
  if (!commit || pack.subarray(0, 4).toString("latin1") !== "PACK") {
    throw new Error("not a git bundle written by armada");
  }
  const objects = pack.readUInt32BE(8);
  const args =
    objects < UNPACK_LIMIT
      ? ["unpack-objects", "-q", "--strict"]
      : ["index-pack", "--stdin", "--fix-thin", "--strict"];
  await runGit(args, { cwd: repoRoot, input: pack });
  return commit;
}
