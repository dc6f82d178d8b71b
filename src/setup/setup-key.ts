import { createHash } from "node:crypto";
import { runGit } from "../git/index.js";

export interface SetupKeyParts {
  /** The tracked files setup reads (`setupInputs`). */
  inputs: string[];
  commands: string[];
  /** The sandbox driver that builds and shows the layer. */
  driver: string;
  /** The docker image setup runs in (docker sandboxes only). */
  image?: string | undefined;
}

/**
 * The cache key of a setup layer: a sha256 of the git ids of its input files in the start
 * tree (sorted by path; an input the tree lacks counts as absent), its commands, the driver and
 * (docker) the image. The next run whose lockfiles and commands are the same finds the layer.
 */
export async function setupKey(
  repoRoot: string,
  startCommit: string,
  parts: SetupKeyParts,
): Promise<string> {
  const wanted = new Set(parts.inputs);
  const out = await runGit(["ls-tree", "-r", "-z", "--full-tree", startCommit], { cwd: repoRoot });
  const entries: string[] = [];
  for (const record of out.stdout.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const file = record.slice(tab + 1);
    if (!wanted.has(file)) continue;
    // `<mode> <type> <oid>`: the mode matters too (an executable install script).
    entries.push(`${file}\0${record.slice(0, tab)}`);
  }
  entries.sort();
  const hash = createHash("sha256");
  hash.update("armada setup 1\n");
  hash.update(`driver ${parts.driver}\n`);
  if (parts.image !== undefined) hash.update(`image ${parts.image}\n`);
  for (const command of parts.commands) hash.update(`command ${JSON.stringify(command)}\n`);
  for (const entry of entries) hash.update(`input ${entry}\n`);
  return hash.digest("hex");
}
