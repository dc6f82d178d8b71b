import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { armada, statusJson, waitFor } from "./support/run-cli.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { type TempRepo, tempRepo } from "./support/temp-repo.js";

/** Processes of a run's agents still alive anywhere on the machine. */
function agentsOf(runId: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8")
          .split("\0")
          .includes(`ARMADA_RUN=${runId}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function containersOf(runId: string, all = true): string[] {
  const out = execFileSync(
    "docker",
    ["ps", ...(all ? ["-a"] : []), "-q", "--filter", `label=armada.run=${runId}`],
    { encoding: "utf8" },
  );
  return out.split("\n").filter(Boolean);
}

async function crash(repo: TempRepo, args: string[]): Promise<string> {
  const started = await armada(
    ["run", "Wait", "--each", "*.txt", "--agent-cmd", "sleep 120", "--detach", "--yes", ...args],
    { cwd: repo.root },
  );
  const runId = /Run (\w+) started/.exec(started.stdout)?.[1] ?? "";
  const running = await waitFor(
    async () => {
      const s = await statusJson(repo.root, runId);
      return s.run.counts.active === 2 && s.tasks.every((t) => t.lastAttempt) && s.run.masterPid
        ? s
        : undefined;
    },
    60_000,
    "both agents working",
  );
  await waitFor(() => agentsOf(runId).length >= 2 || undefined, 30_000, "the agents to start");
  const master = running.run.masterPid ?? 0;
  process.kill(master, "SIGKILL");
  await waitFor(
    () => {
      try {
        process.kill(master, 0);
        return undefined;
      } catch {
        return true;
      }
    },
    10_000,
    "the master to die",
  );
  return runId;
}

describeWhen("after kill -9 of the master, overlay sandboxes", overlayMissing(), () => {
  it("end with it, and the next armada command removes what they left on disk", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const runId = await crash(repo, ["--sandbox", "overlay"]);
    // The namespaces die with the master: nothing of the agents keeps running.
    await waitFor(() => agentsOf(runId).length === 0 || undefined, 10_000, "the agents to end");
    const runDir = path.join(repo.root, ".git", "armada", "runs", runId);
    expect(readdirSync(path.join(runDir, "sandboxes"))).toHaveLength(2);
    const cancelled = await armada(["cancel", runId], { cwd: repo.root });
    expect(cancelled.code).toBe(0);
    for (const left of ["sandboxes", "trees", "root"])
      expect(existsSync(path.join(runDir, left))).toBe(false);
  }, 120_000);
});

describeWhen("after kill -9 of the master, docker sandboxes", dockerMissing(), () => {
  it("are found by their labels and removed by the next armada command", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const runId = await crash(repo, ["--sandbox", "docker", "--image", TEST_IMAGE]);
    expect(containersOf(runId, false)).toHaveLength(2);
    const cancelled = await armada(["cancel", runId], { cwd: repo.root });
    expect(cancelled.code).toBe(0);
    expect(containersOf(runId)).toEqual([]);
    expect(
      execFileSync("docker", ["images", "-q", "--filter", `label=armada.run=${runId}`], {
        encoding: "utf8",
      }),
    ).toBe("");
    expect(agentsOf(runId)).toEqual([]);
  }, 120_000);
});
