import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Sandbox, SandboxDriver, SetupLayer } from "../core/sandbox-port.js";
import { addLinkedWorktree, git, removeLinkedWorktree, runGit } from "../git/index.js";
import { cachedSetupLayer, runSetup } from "../setup/index.js";
import { loopbackRoute } from "./egress-route.js";
import { layerFor, layerPresent } from "./layer-paths.js";
import { runProcess } from "./run-process.js";
import { worktreeHome } from "./worktree-home.js";
import { anchoredPattern, copyLayer, layerFromWorktree, layerPrints } from "./worktree-layer.js";

// The user's post-checkout hooks are theirs, not the sandbox's.
const NO_HOOKS = ["-c", "core.hooksPath=/dev/null"];

/** Which of `paths` the worktree's ignore rules cover. */
async function ignoredIn(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const out = await runGit(["check-ignore", "--stdin", "-z"], {
    cwd: root,
    input: `${paths.join("\0")}\0`,
    okCodes: [1],
  });
  return new Set(out.stdout.split("\0").filter(Boolean));
}

/**
 * Git worktrees in armada's cache folder for the repository (`worktreeHome`), outside the
 * repository and its `.git/`, one folder per run: portable, and git inside works
 * (status and diff show the task's own changes). A finished attempt's worktree is kept for the
 * next attempt of the run, which checks out its start and cleans what the last agent left:
 * creating a worktree costs a full checkout, reusing one costs the change. A setup layer is
 * copied into each worktree (see `copyLayer`): its size, per sandbox. A reused worktree keeps
 * each copy of a layer path that no agent touched (its fingerprint unchanged) and copies the
 * others again.
 */
export function worktreeDriver(
  repoRoot: string,
  gitDir: string,
  setupLayer?: SetupLayer,
): SandboxDriver {
  const layer = layerFor("worktree", setupLayer);
  const sandboxesDir = worktreeHome(gitDir);
  const idle = new Map<string, string[]>();
  /** The fingerprints of the layer's copies in each worktree, as they were made. */
  const prints = new Map<string, Map<string, string>>();
  let made = 0;

  /** The layer paths whose copy in a used worktree is as made, and untracked at its start. */
  const untouched = async (root: string, startCommit: string): Promise<string[]> => {
    const made = prints.get(root);
    if (!layer || !made || made.size === 0) return [];
    const candidates = [...made.keys()];
    const tracked = await runGit(
      ["ls-tree", "-z", "--name-only", startCommit, "--", ...candidates],
      {
        cwd: root,
      },
    );
    const inStart = new Set(tracked.stdout.split("\0"));
    const now = await layerPrints(
      root,
      candidates.filter((file) => !inStart.has(file)),
    );
    return [...now].filter(([file, print]) => made.get(file) === print).map(([file]) => file);
  };

  const fresh = async (runId: string, startCommit: string): Promise<string> => {
    made++;
    const root = path.join(sandboxesDir, runId, `wt-${process.pid}-${made}`);
    await rm(root, { recursive: true, force: true });
    await addLinkedWorktree(gitDir, root, startCommit);
    return root;
  };

  /** Brings a used worktree to the start commit: tracked changes discarded, new files removed. */
  const reuse = async (root: string, startCommit: string): Promise<void> => {
    await git([...NO_HOOKS, "checkout", "--quiet", "--detach", "--force", startCommit], {
      cwd: root,
    });
    const keep = await untouched(root, startCommit);
    prints.delete(root);
    await git(["clean", "-ffdxq", ...keep.flatMap((file) => ["-e", anchoredPattern(file)])], {
      cwd: root,
    });
  };

  const take = async (runId: string, startCommit: string): Promise<string> => {
    const reused = idle.get(runId)?.pop();
    if (!reused) return fresh(runId, startCommit);
    try {
      await reuse(reused, startCommit);
      return reused;
    } catch {
      await removeLinkedWorktree(reused);
      return fresh(runId, startCommit);
    }
  };

  return {
    name: "worktree",
    async create(startCommit, options) {
      if (layer) await layerPresent(layer);
      const root = await take(options.runId, startCommit);
      if (layer) prints.set(root, await layerPrints(root, await copyLayer(layer, root)));
      // Setup's layer is the environment: what agents do to it is not their result. Paths
      // git ignores need no exclusion (naming them would make `git add` refuse).
      const ignored = await ignoredIn(root, layer?.paths ?? []);
      const pathspecs = [
        ".",
        ...(layer?.paths ?? []).filter((p) => !ignored.has(p)).map((p) => `:(exclude,literal)${p}`),
      ];
      const sandbox: Sandbox = {
        root,
        location: root,
        driver: "worktree",
        exec: (command, execOptions = {}) =>
          runProcess(
            command,
            execOptions.cwd ? path.join(root, execOptions.cwd) : root,
            execOptions,
          ),
        async captureTree() {
          await git(["add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"], {
            cwd: root,
            input: pathspecs.join("\0"),
          });
          return git(["write-tree"], { cwd: root });
        },
        // A worktree shares the master's network: the proxy variables are all there is.
        openEgress: (allow, onRefused) => loopbackRoute({ allow, onRefused }),
        async dispose() {
          // Cleaned when reused: a sandbox that is never reused is removed whole by sweep.
          idle.set(options.runId, [...(idle.get(options.runId) ?? []), root]);
        },
      };
      return sandbox;
    },
    buildLayer(startCommit, spec) {
      return cachedSetupLayer({
        gitDir,
        driver: "worktree",
        spec,
        async build(dir) {
          const root = path.join(
            sandboxesDir,
            spec.runId,
            `setup-${spec.key.slice(0, 12)}-${process.pid}`,
          );
          await removeLinkedWorktree(root);
          await addLinkedWorktree(gitDir, root, startCommit);
          try {
            await runSetup((command, execOptions) => runProcess(command, root, execOptions), spec);
            return await layerFromWorktree(root, path.join(dir, "layer"));
          } finally {
            await removeLinkedWorktree(root);
          }
        },
      });
    },
    removeLeftover: removeLinkedWorktree,
    async sweep(runId) {
      idle.delete(runId);
      const dir = path.join(sandboxesDir, runId);
      for (const root of prints.keys()) if (root.startsWith(`${dir}/`)) prints.delete(root);
      const left = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(left.map((name) => removeLinkedWorktree(path.join(dir, name))));
      await rm(dir, { recursive: true, force: true });
      await runGit(["worktree", "prune"], { cwd: repoRoot, okCodes: [128] });
      return left.length;
    },
  };
}
