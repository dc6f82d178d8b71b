import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { startModelServer } from "../src/test-support/scripted-model-server.js";
import { modelEnv } from "./support/model-env.js";
import { armada, statusJson, waitFor } from "./support/run-cli.js";
import { describeWhen } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";
import { chromiumMissing, launchBrowser, startWeb } from "./support/web-page.js";

function files(n: number, prefix = "f"): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
  return out;
}

let browser: Browser;

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

const number = async (page: Page, testId: string): Promise<number> =>
  Number((await page.getByTestId(testId).textContent())?.trim());

describeWhen("armada web in a browser", chromiumMissing(), () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("follows a run started with --web: the runs list, counts and burndown move, a task's log streams, a diff shows", async () => {
    const repo = tempRepo(files(12));
    const web = await startWeb(
      [
        "run",
        "Touch every file",
        "--each",
        "*.txt",
        "--agent-cmd",
        "for i in 1 2 3 4; do echo step-$i of {files}; sleep 0.4; done; echo y >> {files}",
        "--concurrency",
        "2",
        "--sandbox",
        "worktree",
        "--web",
        "--yes",
      ],
      repo.root,
    );
    expect(new URL(web.url).hostname).toBe("127.0.0.1");
    const page = await newPage();
    await page.goto(web.url);
    // The token went into a cookie: the address bar no longer holds it.
    expect(page.url()).not.toContain("token=");
    const row = page.getByTestId("run-row");
    await row.first().waitFor();
    await row.first().click();
    await page.getByTestId("run-state").waitFor();
    await expect
      .poll(async () => page.getByTestId("task-row").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);

    const doneAt = async (): Promise<number> => number(page, "count-completed");
    const burndownDone = async (): Promise<number> =>
      Number(await page.getByTestId("burndown").getAttribute("data-done"));
    const before = await doneAt();
    await expect.poll(doneAt, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(burndownDone, { timeout: 5_000 }).toBeGreaterThan(0);
    const middle = await doneAt();
    expect(middle).toBeLessThan(12);

    // A working task's log streams into its page line by line.
    const active = page.locator('[data-testid="task-row"][data-state="active"]').first();
    const activeId = await active.getAttribute("data-task-id");
    await active.click();
    await page.getByTestId("log").waitFor();
    await expect
      .poll(async () => page.getByTestId("log").textContent(), { timeout: 10_000 })
      .toMatch(/step-4 of/);
    await page.getByTestId("log-ended").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("log").textContent()).toMatch(/step-1 of[\s\S]*step-2 of/);

    // Its diff, once its result is in, names its file.
    await expect.poll(async () => page.getByTestId("task-state").textContent()).toBe("completed");
    await page.getByTestId("diff-file").first().waitFor({ timeout: 10_000 });
    const file = `${activeId?.replace(/-txt$/, "")}.txt`;
    expect(await page.getByTestId("diff-file").first().getAttribute("data-path")).toBe(file);

    await expect.poll(async () => web.child.exitCode, { timeout: 40_000 }).toBe(0);
    await page.close();
  });

  it("cancels a working task from its page, after a confirmation", async () => {
    const repo = tempRepo({ "slow.txt": "s\n", "quick.txt": "q\n" });
    const started = await armada(
      [
        "run",
        "Slow and quick",
        "--each",
        "*.txt",
        "--agent-cmd",
        "case {files} in slow.txt) sleep 60 ;; esac; echo y >> {files}",
        "--sandbox",
        "worktree",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(started.code).toBe(0);
    const runId = await waitFor(async () => {
      const status = await statusJson(repo.root).catch(() => undefined);
      return status?.tasks.find((t) => t.id === "slow-txt")?.state === "active"
        ? status.run.id
        : undefined;
    });
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    await page.goto(web.url);
    await page.goto(`${web.origin}/#/runs/${runId}/tasks/slow-txt`);
    await expect.poll(async () => page.getByTestId("task-state").textContent()).toBe("active");
    await page.getByTestId("cancel-task").click();
    // Nothing happens before the confirmation.
    await page.getByTestId("confirm-cancel").click();
    expect((await statusJson(repo.root)).tasks.find((t) => t.id === "slow-txt")?.state).toBe(
      "active",
    );
    await page.getByTestId("cancel-task").click();
    await page.getByTestId("confirm").click();
    await expect
      .poll(async () => page.getByTestId("task-state").textContent(), { timeout: 15_000 })
      .toBe("cancelled");
    expect(await page.getByTestId("notice").textContent()).toMatch(/cancel/i);
    await waitFor(async () =>
      (await statusJson(repo.root)).run.state === "completed" ? true : undefined,
    );
    expect((await statusJson(repo.root)).tasks.map((t) => [t.id, t.state])).toEqual([
      ["quick-txt", "completed"],
      ["slow-txt", "cancelled"],
    ]);
    web.child.kill("SIGTERM");
    await page.close();
  });

  it("retries a failed task from its page, then applies the reopened run's result from the run page", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const door = path.join(repo.root, "..", `${path.basename(repo.root)}.door`);
    onTestFinished(() => rmSync(door, { force: true }));
    const first = await armada(
      [
        "run",
        "Touch",
        "--each",
        "*.txt",
        "--agent-cmd",
        `case {files} in a.txt) test -f ${door} || exit 3 ;; esac; echo x >> {files}`,
        "--sandbox",
        "worktree",
        "--retries",
        "0",
        "--no-apply",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(first.code).toBe(1);
    const runId = (await statusJson(repo.root)).run.id;
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    await page.goto(web.url);
    await page.goto(`${web.origin}/#/runs/${runId}/tasks/a-txt`);
    await expect.poll(async () => page.getByTestId("task-state").textContent()).toBe("failed");
    writeFileSync(door, "");
    await page.getByTestId("retry-task").click();
    await page.getByTestId("confirm").click();
    await expect
      .poll(async () => page.getByTestId("notice").textContent())
      .toContain("is queued again");
    await expect
      .poll(async () => page.getByTestId("task-state").textContent(), { timeout: 30_000 })
      .toBe("completed");

    await page.goto(`${web.origin}/#/runs/${runId}`);
    await expect
      .poll(async () => page.getByTestId("run-state").textContent(), { timeout: 30_000 })
      .toBe("completed");
    expect(repo.read("a.txt")).toBe("a\n");
    await page.getByTestId("apply-run").click();
    await page.getByTestId("confirm").click();
    await expect
      .poll(async () => page.getByTestId("notice").textContent())
      .toContain(`Applied run ${runId} to your working tree`);
    expect(repo.read("a.txt")).toBe("a\nx\n");
    expect(repo.read("b.txt")).toBe("b\nx\n");
    web.child.kill("SIGTERM");
    await page.close();
  });

  it("goes on following a run through its master's death and resume", async () => {
    const repo = tempRepo(files(6));
    const started = await armada(
      [
        "run",
        "One at a time",
        "--each",
        "*.txt",
        "--agent-cmd",
        "sleep 1; echo y >> {files}",
        "--concurrency",
        "1",
        "--sandbox",
        "worktree",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(started.code).toBe(0);
    const runId = (await statusJson(repo.root)).run.id;
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    await page.goto(web.url);
    await page.goto(`${web.origin}/#/runs/${runId}`);
    await expect
      .poll(async () => number(page, "count-completed"), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const { masterPid } = (await statusJson(repo.root)).run;
    process.kill(masterPid ?? 0, "SIGKILL");
    const stalled = await number(page, "count-completed");
    expect(stalled).toBeLessThan(6);
    await waitFor(async () => ((await statusJson(repo.root)).run.masterAlive ? undefined : true));
    const resumed = await armada(["resume", runId, "--detach"], { cwd: repo.root });
    expect(resumed.stderr).toBe("");
    await expect
      .poll(async () => page.getByTestId("run-state").textContent(), { timeout: 40_000 })
      .toBe("completed");
    expect(await number(page, "count-completed")).toBe(6);
    web.child.kill("SIGTERM");
    await page.close();
  });

  it("shows a model agent's conversation readably: its text, tool calls and their results", async () => {
    const model = await startModelServer(
      [
        {
          text: "Let me look at the module.",
          toolCalls: [{ name: "read_file", input: { path: "src/math.js" } }],
        },
        {
          toolCalls: [
            {
              name: "edit_file",
              input: { path: "src/math.js", search: "return a - b;", replace: "return a + b;" },
            },
          ],
        },
        { toolCalls: [{ name: "finish", input: { summary: "add returns the sum" } }] },
      ],
      { apiKey: "sk-test-compatible" },
    );
    onTestFinished(() => model.close());
    const repo = tempRepo({
      "src/math.js": "export function add(a, b) {\n  return a - b;\n}\n",
      "armada.config.json": JSON.stringify({
        model: "openai-compatible:scripted",
        baseUrl: model.baseUrl,
      }),
      "plan.yaml":
        "objective: Fix add\ntasks:\n  - id: fix-add\n    title: Fix add\n    instructions: add must return the sum.\n    files: [src/math.js]\n",
    });
    const result = await armada(["run", "--plan", "plan.yaml", "--yes", "--no-apply"], {
      cwd: repo.root,
      env: modelEnv(repo.root, { OPENAI_COMPATIBLE_API_KEY: "sk-test-compatible" }),
    });
    expect(result.code).toBe(0);
    const runId = (await statusJson(repo.root)).run.id;
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    await page.goto(web.url);
    await page.goto(`${web.origin}/#/runs/${runId}/tasks/fix-add`);
    const conversation = page.getByTestId("conversation");
    // It shows "Loading…" until the transcript came.
    await expect
      .poll(async () => conversation.textContent(), { timeout: 10_000 })
      .toContain("Let me look at the module.");
    const text = (await conversation.textContent()) ?? "";
    expect(text).toMatch(/→\s*read_file/);
    expect(text).toMatch(/←\s*read_file/);
    expect(text).toContain("return a - b;");
    expect(text).toMatch(/→\s*edit_file/);
    expect(text).not.toContain('"type":"tool-call"');
    await page.getByTestId("diff-file").first().waitFor();
    expect(await page.getByTestId("diff").textContent()).toContain("return a + b;");
    web.child.kill("SIGTERM");
    await page.close();
  });

  it("refuses a page and the API without the token", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    const response = await page.goto(`${web.origin}/`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent("body")).toContain("needs the link with its token");
    const api = await page.goto(`${web.origin}/api/runs`);
    expect(api?.status()).toBe(403);
    web.child.kill("SIGTERM");
    await page.close();
  });

  it("loads the page of a 1,000-task run, scrolls its table to the last task, and cancels the run", async () => {
    const repo = tempRepo(files(1000));
    const started = await armada(
      [
        "run",
        "Many files",
        "--each",
        "*.txt",
        "--agent-cmd",
        "sleep 120",
        "--concurrency",
        "1",
        "--sandbox",
        "worktree",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root, timeoutMs: 50_000 },
    );
    expect(started.code).toBe(0);
    const runId = (await statusJson(repo.root)).run.id;
    const web = await startWeb(["web"], repo.root);
    const page = await newPage();
    await page.goto(web.url);
    await page.goto(`${web.origin}/#/runs/${runId}`);
    await page.getByTestId("task-row").first().waitFor();
    expect(await number(page, "count-queued")).toBeGreaterThanOrEqual(999);
    // Only the rows in view are in the page, whatever the run's size.
    expect(await page.getByTestId("task-row").count()).toBeLessThan(100);
    const table = page.getByTestId("task-table");
    await table.hover();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 5000);
    await page.locator('[data-testid="task-row"][data-task-id="f0999-txt"]').waitFor();
    await page.getByTestId("task-search").fill("f0500");
    await expect.poll(async () => page.getByTestId("task-row").count()).toBe(1);
    // The whole run stops from its page too.
    await page.getByTestId("cancel-run").click();
    await page.getByTestId("confirm").click();
    await expect
      .poll(async () => page.getByTestId("run-state").textContent(), { timeout: 30_000 })
      .toBe("cancelled");
    expect((await statusJson(repo.root)).run.state).toBe("cancelled");
    web.child.kill("SIGTERM");
    await page.close();
  });
});
