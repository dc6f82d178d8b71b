import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { GitError, runGit } from "../git/run-git.js";
import { spawnStreaming, startProcessesThroughHelper } from "./spawn-helper.js";

describe("git through the spawn helper", () => {
  it("gives the same answers as git run directly: output, input, exit codes, binary bytes", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const binary = Buffer.from([0, 1, 2, 255, 10, 13]);
    const direct = execFileSync("git", ["hash-object", "--stdin"], { input: binary })
      .toString()
      .trim();
    startProcessesThroughHelper();
    const hashed = await runGit(["hash-object", "-w", "--stdin"], {
      cwd: repo.root,
      input: binary,
    });
    expect(hashed.stdout.trim()).toBe(direct);
    const read = await runGit(["cat-file", "blob", direct], { cwd: repo.root });
    expect(read.bytes.equals(binary)).toBe(true);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runGit(["rev-parse", `HEAD~${i % 2}`], { cwd: repo.root, okCodes: [128] }),
      ),
    );
    expect(answers.filter((a) => a.code === 0)).toHaveLength(20);
    expect(answers.filter((a) => a.code === 128)[0]?.stderr).toContain("unknown revision");
    await expect(runGit(["rev-parse", "nope"], { cwd: repo.root })).rejects.toBeInstanceOf(
      GitError,
    );
    await expect(runGit(["status"], { cwd: `${repo.root}/missing` })).rejects.toThrow(
      /Could not run git/,
    );
  });

  it("fails the commands under way when the helper dies, saying so, and starts a new one", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    startProcessesThroughHelper();
    await runGit(["status"], { cwd: repo.root });
    const slow = runGit(["-c", "alias.slow=!sleep 30", "slow"], { cwd: repo.root });
    const helper = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.mjs"])
      .toString()
      .trim();
    process.kill(Number(helper), "SIGKILL");
    await expect(slow).rejects.toThrow(
      /armada's process helper .* stopped \(SIGKILL\) while the processes it started ran; .* the next one starts a new helper/,
    );
    expect((await runGit(["rev-parse", "HEAD"], { cwd: repo.root })).code).toBe(0);
  });

  it("streams a process's output as it comes, with its pid, its stdin and its exit", async () => {
    startProcessesThroughHelper();
    const chunks: string[] = [];
    const child = spawnStreaming(
      {
        command: "sh",
        args: ["-c", 'echo "pid $$"; read -r line; echo "got $line"; echo oops >&2; exit 3'],
        cwd: process.cwd(),
        env: { PATH: process.env.PATH },
        detached: true,
        openInput: true,
      },
      (fd, chunk) => chunks.push(`${fd}:${chunk.toString()}`),
    );
    const pid = await child.started;
    await vi.waitFor(() => expect(chunks.join("")).toContain(`1:pid ${pid}`));
    // Its own process group, so that a signal to the group reaches what it starts.
    expect(
      execFileSync("ps", ["-o", "pgid=", "-p", String(pid)])
        .toString()
        .trim(),
    ).toBe(String(pid));
    child.endInput();
    expect(await child.ended).toEqual({ code: 3, signal: null });
    expect(chunks.join("")).toContain("1:got \n");
    expect(chunks.join("")).toContain("2:oops\n");

    const killed = spawnStreaming(
      { command: "sleep", args: ["30"], cwd: process.cwd(), env: {}, detached: true, input: "" },
      () => {},
    );
    process.kill(-((await killed.started) as number), "SIGTERM");
    expect(await killed.ended).toEqual({ code: null, signal: "SIGTERM" });

    const missing = spawnStreaming(
      { command: "no-such-program", args: [], cwd: process.cwd(), env: {}, detached: false },
      () => {},
    );
    expect(await missing.started).toBeUndefined();
    expect((await missing.ended).error).toMatch(/ENOENT/);
  });

  it("says so when the helper dies under a streamed process, and the next one starts a new helper", async () => {
    startProcessesThroughHelper();
    const child = spawnStreaming(
      { command: "sleep", args: ["30"], cwd: process.cwd(), env: {}, detached: true },
      () => {},
    );
    const pid = (await child.started) as number;
    const helper = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.mjs"])
      .toString()
      .trim();
    process.kill(Number(helper), "SIGKILL");
    expect((await child.ended).error).toMatch(
      /armada's process helper .* stopped \(SIGKILL\) while the processes it started ran/,
    );
    process.kill(-pid, "SIGKILL");
    const next = spawnStreaming(
      { command: "true", args: [], cwd: process.cwd(), env: {}, detached: false },
      () => {},
    );
    expect(await next.ended).toEqual({ code: 0, signal: null });
  });

  it("ends with its parent: a process waiting on its stdin sees it close", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "armada-helper-"));
    const script = path.join(dir, "parent.mjs");
    const helper = path.resolve(import.meta.dirname, "spawn-helper.mjs");
    // A parent that starts a stdin-waiting process through the real helper, then is killed.
    writeFileSync(
      script,
      `import { spawn } from "node:child_process";
const helper = spawn(process.execPath, [${JSON.stringify(helper)}], { stdio: ["pipe", "pipe", "inherit"] });
helper.stdin.write(JSON.stringify({ id: 1, stream: true, command: "sh", args: ["-c", "read -r _; echo done > ${dir}/ended"], cwd: "/", env: { PATH: process.env.PATH }, detached: false, stdin: "pipe", input: null }) + "\\n");
helper.stdout.on("data", (d) => { if (String(d).includes('"pid"')) console.log("started"); });
`,
    );
    const parent = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => parent.stdout.on("data", () => resolve()));
    parent.kill("SIGKILL");
    await vi.waitFor(() => expect(existsSync(path.join(dir, "ended"))).toBe(true), {
      timeout: 5000,
    });
  });
});
