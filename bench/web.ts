/**
 * The web dashboard's figures (issue 16), on a real run of the real CLI watched by Debian's
 * chromium through playwright-core:
 * - first load of a run's page (navigation to the first rows of its task table on screen);
 * - CPU of the `armada web` process over 30 s of that run while the page follows it, from
 *   /proc/<pid>/stat (utime + stime), beside the run's event rate;
 * - events-to-screen latency: each completed task's `task.state` event (its time in the store)
 *   against the moment the page's completed count reached it (a MutationObserver's clock);
 *   both clocks are this machine's.
 * With --screenshots <dir>, also saves the run page and a task page there (the README's).
 *
 *   npm run bench:web -- [--tasks 1000] [--concurrency 16] [--sleep 0.3] [--seconds 30]
 *                        [--screenshots docs]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { openStore } from "../src/store/index.js";
import { GIT_ENV } from "./support/git-env.js";
import { numberFlag } from "./support/number-flag.js";
import { percentile } from "./support/percentile.js";

const CLI = path.resolve(import.meta.dirname, "../dist/cli/main.js");
const CHROMIUM = process.env.ARMADA_CHROMIUM ?? "/usr/bin/chromium";

function flags() {
  const { values } = parseArgs({
    options: {
      tasks: { type: "string", default: "1000" },
      concurrency: { type: "string", default: "16" },
      sleep: { type: "string", default: "0.3" },
      seconds: { type: "string", default: "30" },
      screenshots: { type: "string" },
    },
  });
  return {
    tasks: numberFlag(values.tasks, "--tasks", 1),
    concurrency: numberFlag(values.concurrency, "--concurrency", 1),
    sleep: numberFlag(values.sleep, "--sleep", 0),
    seconds: numberFlag(values.seconds, "--seconds", 1),
    screenshots: values.screenshots,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function repoWith(files: number): string {
  const root = mkdtempSync(path.join(tmpdir(), "armada-bench-web-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, env: GIT_ENV });
  git("init", "-q", "-b", "main");
  mkdirSync(path.join(root, "src"));
  for (let i = 0; i < files; i++)
    writeFileSync(
      path.join(root, "src", `module${String(i).padStart(4, "0")}.js`),
      `export function value${i}() {\n  return ${i};\n}\n`,
    );
  git("add", "-A");
  git("commit", "-q", "-m", "modules");
  return root;
}

function cpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function main(): Promise<void> {
  const f = flags();
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  const root = repoWith(f.tasks);
  const armada = (...args: string[]): string =>
    execFileSync(process.execPath, [CLI, ...args], { cwd: root, encoding: "utf8" });
  const web = spawn(process.execPath, [CLI, "web"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  let runId: string | undefined;
  try {
    let printed = "";
    web.stdout.on("data", (d: Buffer) => {
      printed += d.toString();
    });
    while (!/Web dashboard: (\S+)/.test(printed)) await sleep(50);
    const url = /Web dashboard: (\S+)/.exec(printed)?.[1] ?? "";
    const started = armada(
      "run",
      "Add a doc comment to every module",
      "--each",
      "src/*.js",
      "--agent-cmd",
      `echo "working on {files}"; sleep ${f.sleep}; sed -i '1i // Returns its number.' {files}; echo done`,
      "--concurrency",
      String(f.concurrency),
      "--detach",
      "--yes",
    );
    runId = /Run (\w+) started in the background/.exec(started)?.[1];
    if (!runId) throw new Error(`the run did not start:\n${started}`);
    const store = openStore(path.join(root, ".git"));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // The printed URL's first visit leaves the cookie; the run's page then loads in a new tab.
    await (await context.newPage()).goto(url);
    const page = await context.newPage();
    const loadStart = performance.now();
    await page.goto(`${new URL(url).origin}/#/runs/${runId}`);
    await page.getByTestId("task-row").first().waitFor();
    await page.getByTestId("count-completed").waitFor();
    await page.getByTestId("graph-node").first().waitFor();
    const firstLoad = performance.now() - loadStart;

    // The page records when its completed count moved, and to what.
    await page.evaluate(`(() => {
      const seen = [];
      window.seen = seen;
      const target = document.querySelector('[data-testid="count-completed"]');
      if (!target) throw new Error("no completed count on the page");
      new MutationObserver(() =>
        seen.push([performance.timeOrigin + performance.now(), Number(target.textContent)]),
      ).observe(target, { childList: true, characterData: true, subtree: true });
    })()`);
    const startSeq = store.lastEventSeq(runId);
    const startCpu = cpuSeconds(web.pid ?? 0, ticks);
    const startAt = performance.now();
    await sleep(f.seconds * 1000);
    const cpu = cpuSeconds(web.pid ?? 0, ticks) - startCpu;
    const wall = (performance.now() - startAt) / 1000;
    const events = store.lastEventSeq(runId) - startSeq;
    const seen = (await page.evaluate("window.seen")) as [number, number][];
    // The k-th completion event of the run is on screen once the count reads k or more.
    const completions = store
      .eventsAfter(runId, 0, 10_000_000)
      .filter((e) => e.type === "task.state" && e.data.state === "completed")
      .map((e) => e.at);
    const latencies: number[] = [];
    let shown = 0;
    for (const [at, count] of seen) {
      for (; shown < count && shown < completions.length; shown++) {
        const eventAt = completions[shown];
        if (eventAt !== undefined && eventAt >= Date.now() - (wall + 60) * 1000)
          latencies.push(at - eventAt);
      }
    }
    const inWindow = latencies.filter((l) => l >= 0);

    if (f.screenshots) {
      mkdirSync(f.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(f.screenshots, "web-run.png") });
      const task = store.listTasks(runId).find((t) => t.state === "completed");
      if (task) {
        await page.goto(`${new URL(url).origin}/#/runs/${runId}/tasks/${task.id}`);
        await page.getByTestId("diff-file").first().waitFor();
        await page.screenshot({ path: path.join(f.screenshots, "web-task.png"), fullPage: true });
      }
    }
    store.close();
    process.stdout.write(
      [
        `armada web watching a ${f.tasks}-task run (concurrency ${f.concurrency}, agents sleep ${f.sleep}s), chromium headless:`,
        `  first load of the run's page in a new tab: ${firstLoad.toFixed(0)} ms (navigation to its counts, table rows and plan graph on screen)`,
        `  server CPU over ${wall.toFixed(1)} s: ${cpu.toFixed(2)} s = ${((cpu / wall) * 100).toFixed(1)}% of one core, the run writing ${events} events (${(events / wall).toFixed(1)}/s)`,
        `  events to screen (${inWindow.length} completions): p50 ${percentile(inWindow, 50).toFixed(0)} ms, p95 ${percentile(inWindow, 95).toFixed(0)} ms, max ${Math.max(...inWindow).toFixed(0)} ms`,
        "",
      ].join("\n"),
    );
  } finally {
    await browser.close();
    if (runId)
      execFileSync(process.execPath, [CLI, "cancel", runId], { cwd: root, stdio: "ignore" });
    web.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
