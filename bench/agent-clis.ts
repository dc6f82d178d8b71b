/**
 * The agent CLI matrix (issue 13): each real CLI (test/agent-clis, pinned) in each sandbox, a
 * 6-file `--each` run against the scripted servers: files edited, requests the server saw,
 * tokens armada recorded, and the time from an attempt's start to the CLI's first API request
 * (median and max over the run's tasks), beside the whole run's wall time.
 *
 *   npm run bench:agent-clis -- [--clis claude,codex,gemini,opencode]
 *                               [--sandboxes overlay,worktree,docker] [--files 6]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ModelServer } from "../src/test-support/scripted-model-server.js";
import {
  claudeEnv,
  claudeServer,
  codexEnv,
  codexServer,
  geminiEnv,
  geminiServer,
  opencodeEnv,
  opencodeServer,
  scopeFile,
} from "../test/support/agent-clis.js";
import { formatTable } from "./support/format-table.js";
import { GIT_ENV } from "./support/git-env.js";
import { percentile } from "./support/percentile.js";
import { runArmada } from "./support/run-armada.js";

const USAGE = `usage: tsx bench/agent-clis.ts [--clis a,b] [--sandboxes a,b] [--files n]
  --clis       which agent CLIs (default claude,codex,gemini,opencode)
  --sandboxes  which sandboxes (default overlay,worktree,docker)
  --files      files (one task each) per run (default 6)
  --image      the docker sandbox's image (default armada-test/node:2, see .ci/docker-setup.sh)
`;

interface Cli {
  start(): Promise<ModelServer>;
  env(server: ModelServer, home: string): Record<string, string>;
  flags: string[];
}

const CLIS: Record<string, Cli> = {
  claude: { start: () => claudeServer(), env: claudeEnv, flags: [] },
  codex: { start: () => codexServer(), env: codexEnv, flags: ["--model", "openai:gpt-5.5"] },
  gemini: {
    start: () => geminiServer(),
    env: geminiEnv,
    flags: ["--model", "gemini:scripted-model"],
  },
  opencode: { start: () => opencodeServer(), env: opencodeEnv, flags: [] },
};

interface StatusTask {
  id: string;
  files: string[];
  lastAttempt: { startedAt: string } | null;
}

function repoOf(files: number): string {
  const root = mkdtempSync(path.join(tmpdir(), "armada-bench-clis-"));
  mkdirSync(path.join(root, "src"));
  for (let n = 1; n <= files; n++)
    writeFileSync(path.join(root, `src/f${n}.js`), `export const f${n} = ${n};\n`);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, env: GIT_ENV });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "files");
  return root;
}

async function measure(cli: string, sandbox: string, files: number, image: string) {
  const spec = CLIS[cli];
  if (!spec) throw new Error(`unknown CLI ${cli}`);
  const server = await spec.start();
  const home = mkdtempSync(path.join(tmpdir(), "armada-bench-home-"));
  const repo = repoOf(files);
  try {
    const env = spec.env(server, home);
    const args = [
      ...["run", "Add a comment", "--each", "src/*.js", "--agent", cli, ...spec.flags],
      ...["--sandbox", sandbox, "--concurrency", "3", "--yes"],
      ...(sandbox === "docker" ? ["--image", image] : []),
    ];
    const run = await runArmada(args, repo, env);
    const edited = Array.from({ length: files }, (_, i) =>
      readFileSync(path.join(repo, `src/f${i + 1}.js`), "utf8"),
    ).filter((text) => text.includes(`edited by ${cli}`)).length;
    const status = JSON.parse((await runArmada(["status", "--json"], repo, env)).stdout) as {
      run: { usage: { total: { inputTokens: number; outputTokens: number } | null } };
      tasks: StatusTask[];
    };
    const firstRequest = new Map<string, number>();
    for (const request of server.requests) {
      const file = scopeFile(request);
      if (file && !firstRequest.has(file)) firstRequest.set(file, request.at);
    }
    const waits = status.tasks.flatMap((task) => {
      const at = task.files[0] ? firstRequest.get(task.files[0]) : undefined;
      const started = task.lastAttempt ? Date.parse(task.lastAttempt.startedAt) : undefined;
      return at !== undefined && started !== undefined ? [at - started] : [];
    });
    const tokens = status.run.usage.total;
    return {
      cli,
      sandbox,
      code: run.code,
      edited,
      requests: server.requests.length,
      tokens: tokens ? `${tokens.inputTokens} in / ${tokens.outputTokens} out` : "none",
      p50: percentile(waits, 50),
      max: Math.max(...waits),
      wallMs: run.exitedAt - run.startedAt,
    };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clis: { type: "string", default: "claude,codex,gemini,opencode" },
      sandboxes: { type: "string", default: "overlay,worktree,docker" },
      files: { type: "string", default: "6" },
      image: { type: "string", default: "armada-test/node:2" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const files = Number(values.files);
  const rows = [
    [
      "cli",
      "sandbox",
      "exit",
      "files edited",
      "requests",
      "tokens recorded",
      "start→1st request p50",
      "max",
      "run wall",
    ],
  ];
  process.stdout.write(`disk: ${tmpdir()} (TMPDIR=/dev/shm for tmpfs)\n`);
  for (const cli of values.clis.split(",")) {
    for (const sandbox of values.sandboxes.split(",")) {
      const r = await measure(cli, sandbox, files, values.image);
      rows.push([
        r.cli,
        r.sandbox,
        String(r.code),
        `${r.edited}/${files}`,
        String(r.requests),
        r.tokens,
        `${Math.round(r.p50)} ms`,
        `${Math.round(r.max)} ms`,
        `${(r.wallMs / 1000).toFixed(1)} s`,
      ]);
      process.stdout.write(`${rows.at(-1)?.join("  ")}\n`);
    }
  }
  process.stdout.write(
    `\n${formatTable(rows, ["left", "left", "right", "right", "right", "right", "right", "right", "right"])}\n`,
  );
}

await main();
