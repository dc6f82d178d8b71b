/**
 * The dashboard's cost (issue 5): CPU used by `armada status --watch` over 30 s of a
 * 1,000-task run, read from /proc/<pid>/stat (utime + stime) of the dashboard's process while
 * it runs in a real terminal (a tmux pane). Target: under 5% of one core.
 *
 *   npm run bench:dashboard -- [--tasks 1000] [--concurrency 8] [--sleep 2] [--seconds 30]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openStore } from "../src/store/index.js";

const CLI = path.resolve(import.meta.dirname, "../dist/cli/main.js");
const TARGET = 0.05;

function flags() {
  const { values } = parseArgs({
    options: {
      tasks: { type: "string", default: "1000" },
      concurrency: { type: "string", default: "8" },
      sleep: { type: "string", default: "2" },
      seconds: { type: "string", default: "30" },
      columns: { type: "string", default: "120" },
      rows: { type: "string", default: "40" },
    },
  });
  const n = (name: keyof typeof values): number => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number`);
    return value;
  };
  return {
    tasks: n("tasks"),
    concurrency: n("concurrency"),
    sleep: n("sleep"),
    seconds: n("seconds"),
    columns: n("columns"),
    rows: n("rows"),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function armada(args: string[], cwd: string): string {
  return execFileSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

function repoWith(files: number): string {
  const root = mkdtempSync(path.join(tmpdir(), "armada-bench-dashboard-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "b",
        GIT_AUTHOR_EMAIL: "b@b",
        GIT_COMMITTER_NAME: "b",
        GIT_COMMITTER_EMAIL: "b@b",
      },
    });
  git("init", "-q", "-b", "main");
  for (let i = 0; i < files; i++)
    writeFileSync(path.join(root, `f${String(i).padStart(4, "0")}.txt`), `${i}\n`);
  git("add", "-A");
  git("commit", "-q", "-m", "files");
  return root;
}

/** CPU time (user + system) a process used so far, in seconds. */
function cpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which may hold spaces, start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function completedOnScreen(screen: string): number | undefined {
  const match = /Sub-agents: \d+ active · (\d+) completed/.exec(screen);
  return match ? Number(match[1]) : undefined;
}

async function main(): Promise<void> {
  if (process.platform !== "linux") throw new Error("this benchmark reads /proc: run it on Linux");
  if (spawnSync("tmux", ["-V"]).status !== 0) throw new Error("needs tmux (apt-get install tmux)");
  const f = flags();
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  const root = repoWith(f.tasks);
  const socket = `armada-bench-${process.pid}`;
  const tmux = (...args: string[]): string =>
    execFileSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  let runId: string | undefined;
  try {
    const started = armada(
      [
        "run",
        "Append a line to every file",
        "--each",
        "*.txt",
        "--agent-cmd",
        `sleep ${f.sleep}; echo ok >> {files}`,
        "--concurrency",
        String(f.concurrency),
        "--detach",
        "--yes",
      ],
      root,
    );
    runId = /Run (\w+) started in the background/.exec(started)?.[1];
    if (!runId) throw new Error(`the run did not start:\n${started}`);
    const store = openStore(path.join(root, ".git"));
    // `exec` makes the pane's process the dashboard itself, so its pid is the one to read.
    tmux(
      "new-session",
      "-d",
      "-x",
      String(f.columns),
      "-y",
      String(f.rows),
      "-c",
      root,
      `exec env -u CI -u CONTINUOUS_INTEGRATION ${process.execPath} ${CLI} status --watch ${runId}`,
    );
    const pid = Number(tmux("display-message", "-p", "#{pane_pid}").trim());
    const openedAt = performance.now();
    // Past start-up (loading the run, first frame) and into a steady stream of events.
    for (let i = 0; completedOnScreen(tmux("capture-pane", "-p")) === undefined; i++) {
      if (i > 600) throw new Error(`no dashboard on the screen:\n${tmux("capture-pane", "-p")}`);
      await sleep(100);
    }
    const firstFrame = (performance.now() - openedAt) / 1000;
    await sleep(3000);
    const startScreen = completedOnScreen(tmux("capture-pane", "-p")) ?? 0;
    const startSeq = store.lastEventSeq(runId);
    const startCpu = cpuSeconds(pid, ticks);
    const startAt = performance.now();
    await sleep(f.seconds * 1000);
    const cpu = cpuSeconds(pid, ticks) - startCpu;
    const wall = (performance.now() - startAt) / 1000;
    const endScreen = completedOnScreen(tmux("capture-pane", "-p")) ?? 0;
    const events = store.lastEventSeq(runId) - startSeq;
    const share = cpu / wall;
    store.close();
    tmux("send-keys", "q");
    process.stdout.write(
      [
        `armada status --watch on a ${f.tasks}-task run (concurrency ${f.concurrency}, agents sleep ${f.sleep}s), terminal ${f.columns}x${f.rows}:`,
        `  first frame ${firstFrame.toFixed(1)} s after the command (polled every 0.1 s)`,
        `  CPU over ${wall.toFixed(1)} s: ${cpu.toFixed(2)} s = ${(share * 100).toFixed(1)}% of one core (target < ${TARGET * 100}%: ${share < TARGET ? "met" : "NOT met"})`,
        `  the run meanwhile: ${events} events (${(events / wall).toFixed(1)}/s); the screen's completed count went ${startScreen} -> ${endScreen}`,
        `  measured: utime+stime of /proc/${pid}/stat, CLK_TCK ${ticks}`,
        "",
      ].join("\n"),
    );
  } finally {
    try {
      tmux("kill-server");
    } catch {
      // No session left.
    }
    if (runId) spawnSync(process.execPath, [CLI, "cancel", runId], { cwd: root, stdio: "ignore" });
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
