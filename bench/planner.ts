/**
 * The master planner benchmark (issue 6): plans an objective for a generated repository of
 * many JavaScript/TypeScript files against a local model server that answers at once, so what
 * is measured is armada's own work (the repository summary with its import graph, the
 * exploration tools, validating and linting the plan) and the size of what it sends.
 *
 *   npm run bench:planner -- [--files 50000] [--chars 24000] [--runs 3] [--keep]
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createModelHub } from "../src/models/index.js";
import { planWithModel } from "../src/plan/index.js";
import { generateRepo } from "../src/test-support/generate-repo.js";
import { type ScriptedReply, startModelServer } from "../src/test-support/scripted-model-server.js";
import { formatTable } from "./support/format-table.js";
import { percentile } from "./support/percentile.js";

const USAGE = `usage: tsx bench/planner.ts [--files n] [--chars n] [--runs n] [--keep]
  --files  files in the generated repository (default 50000)
  --chars  the repository summary's budget in characters (default 24000)
  --runs   plannings to time; the first also loads the TypeScript parser (default 3)
  --keep   keep the generated repository and print its path
`;

const { values: flags } = parseArgs({
  options: {
    files: { type: "string", default: "50000" },
    chars: { type: "string", default: "24000" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const ms = (value: number): string => `${Math.round(value).toLocaleString("en-US")} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** A model that explores three times, then submits a plan over the generated packages. */
function script(): ScriptedReply[] {
  return [
    {
      toolCalls: [
        { name: "list_files", input: { path: "packages/pkg-0/src/area-1" } },
        { name: "read_file", input: { path: "package.json" } },
        { name: "search", input: { pattern: 'from "react"', path: "packages/pkg-3" } },
      ],
    },
    {
      toolCalls: [
        {
          name: "submit_plan",
          input: {
            conventions: "A TypeScript monorepo of packages under packages/; tests with vitest.",
            checks: ["npm run build", "npm test"],
            tasks: Array.from({ length: 20 }, (_, i) => ({
              id: `pkg-${i}`,
              title: `Migrate packages/pkg-${i}`,
              instructions: "Do the objective for this package.",
              files: [`packages/pkg-${i}/**`],
              deps: [],
              checks: [],
            })),
          },
        },
      ],
    },
  ];
}

async function main(): Promise<number> {
  const files = Number(flags.files);
  const chars = Number(flags.chars);
  const runs = Math.max(1, Number(flags.runs));
  const root = mkdtempSync(path.join(tmpdir(), "armada-bench-planner-"));
  try {
    let t = performance.now();
    const generated = generateRepo(root, files);
    const generateMs = performance.now() - t;
    const commit = execFileSync("git", ["rev-parse", "main"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
    const list = execFileSync("git", ["ls-tree", "-r", "-z", "--name-only", commit], {
      cwd: root,
      maxBuffer: 1 << 30,
    })
      .toString("utf8")
      .split("\0")
      .filter(Boolean);
    const wall: number[] = [];
    let last: Awaited<ReturnType<typeof planWithModel>> | undefined;
    let requests: { bytes: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const server = await startModelServer(script());
      try {
        const hub = createModelHub({
          config: { prices: { "openai-compatible:bench": { input: 0, output: 0 } } },
          env: {},
          baseUrl: server.baseUrl,
        });
        t = performance.now();
        last = await planWithModel(
          "Convert every package to strict TypeScript",
          { root, commit, files: list },
          { model: hub.resolve("openai-compatible:bench"), summaryChars: chars },
        );
        wall.push(performance.now() - t);
        requests = server.requests;
      } finally {
        await server.close();
      }
    }
    if (!last) return 1;
    const { stats } = last.summary;
    const [first, ...rest] = requests;
    const rows: string[][] = [
      [
        "repository",
        `${generated.files.toLocaleString("en-US")} files`,
        `${generated.jsFiles.toLocaleString("en-US")} JS/TS, ${(generated.bytes / 1024 / 1024).toFixed(1)} MiB; generated in ${ms(generateMs)} (not counted)`,
      ],
      [
        "planning, first run",
        ms(wall[0] ?? 0),
        "summary + 2 model calls + 3 tool calls + plan lint; includes loading the TypeScript parser",
      ],
      [
        "planning, later runs p50",
        runs > 1 ? ms(percentile(wall.slice(1), 50)) : "-",
        `of ${runs - 1}`,
      ],
      ["  tree (git ls-tree)", ms(stats.ms.tree), ""],
      ["  manifests", ms(stats.ms.facts), ""],
      [
        "  import graph",
        ms(stats.ms.imports),
        `${stats.parsedFiles.toLocaleString("en-US")} files parsed (${(stats.parsedBytes / 1024 / 1024).toFixed(1)} MiB), ${stats.importEdges.toLocaleString("en-US")} internal imports`,
      ],
      [
        "  render",
        ms(stats.ms.render),
        `${stats.foldersShown} of ${stats.folders.toLocaleString("en-US")} folders shown`,
      ],
      [
        "summary sent",
        `${last.summary.text.length.toLocaleString("en-US")} chars`,
        `budget ${chars.toLocaleString("en-US")}; ~${Math.round(last.summary.text.length / 4).toLocaleString("en-US")} tokens at 4 chars a token`,
      ],
      [
        "first request",
        kb(first?.bytes ?? 0),
        "system prompt + tool schemas + objective + summary",
      ],
      [
        "later requests",
        rest.map((r) => kb(r.bytes)).join(", "),
        "the conversation grows by the tool results",
      ],
      ["plan", `${last.plan.tasks.length} tasks`, `${last.warnings.length} lint warnings`],
    ];
    process.stdout.write(`${formatTable(rows, ["left", "right", "left"])}\n`);
    if (flags.keep) process.stdout.write(`\nrepository kept at ${root}\n`);
    return 0;
  } finally {
    if (!flags.keep) rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
