import { homedir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { parseDuration, UsageError } from "../core/index.js";
import { parseAllowedAgents } from "../fleet/allowed-agents.js";
import { parseLabels } from "../fleet/queue-names.js";
import { parseRedisTarget } from "../fleet/redis-target.js";
import { startProcessesThroughHelper } from "../process/index.js";
import { parseCount } from "./parse-options.js";

interface WorkerFlags {
  redis?: string;
  concurrency: string;
  sandbox?: string;
  image?: string;
  labels?: string;
  allowAgents?: string;
  name?: string;
  cache?: string;
  bundleDir?: string;
  stallAfter: string;
  grace: string;
  healthEvery: string;
}

function stamp(line: string): string {
  return `${new Date().toISOString()} ${line}\n`;
}

function defaultCache(): string {
  return path.join(
    process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"),
    "armada",
    "worker",
  );
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "take attempts of runs started with --cloud from Redis, run them in local sandboxes, send the results back",
    )
    .option(
      "--redis <url>",
      "the fleet's Redis: redis://[user][:password]@host[:port][/db], rediss:// for TLS (or ARMADA_CLOUD)",
    )
    .option("--concurrency <n>", "attempts at once", "4")
    .option(
      "--sandbox <driver>",
      "where attempts run: overlay (the default where Linux allows it), worktree, docker",
    )
    .option("--image <name>", "the docker sandbox's image when a run names none")
    .option("--labels <a,b>", "take attempts needing these labels too (runs started with --labels)")
    .option(
      "--allow-agents <a,b>",
      "agents this worker runs: builtin (the default: the built-in recipes), command, llm, claude, codex, aider, gemini",
    )
    .option(
      "--name <name>",
      "how the dashboard shows this worker (default: host name and cache slot)",
    )
    .option(
      "--cache <dir>",
      "where the worker keeps code and sandboxes (default ~/.cache/armada/worker)",
    )
    .option("--bundle-dir <dir>", "the folder shared with the master for large bundles")
    .option("--stall-after <duration>", "a silent worker's attempts go to others after this", "30s")
    .option("--grace <duration>", "on SIGTERM, how long running attempts may finish", "30s")
    .option("--health-every <duration>", "how often the health line is printed", "1m")
    .action(async (flags: WorkerFlags) => {
      const url = flags.redis ?? process.env.ARMADA_CLOUD;
      if (!url) {
        throw new UsageError(
          "armada worker needs the fleet's Redis: pass --redis redis://host:6379 (the URL the master's --cloud names), or set ARMADA_CLOUD.",
        );
      }
      const target = parseRedisTarget(url);
      const cacheBase = path.resolve(flags.cache ?? defaultCache());
      const bundleDir = flags.bundleDir ? path.resolve(flags.bundleDir) : undefined;
      const log = (line: string): void => {
        process.stdout.write(stamp(line));
      };
      const { fleetCodeStore, startWorker } = await import("../fleet/index.js");
      // A worker runs for days and grows with its caches: its git processes start elsewhere.
      startProcessesThroughHelper();
      const worker = await startWorker({
        target,
        name: flags.name,
        concurrency: parseCount(flags.concurrency, "--concurrency"),
        sandbox: flags.sandbox,
        image: flags.image,
        labels: parseLabels(flags.labels, "--labels"),
        allowAgents: parseAllowedAgents(flags.allowAgents),
        cacheBase,
        code: (redis) => fleetCodeStore(redis, bundleDir),
        stallMs: parseDuration(flags.stallAfter, "--stall-after"),
        graceMs: parseDuration(flags.grace, "--grace"),
        healthEveryMs: parseDuration(flags.healthEvery, "--health-every"),
        log,
      });
      log(
        `worker ${worker.name} on ${target.display}: concurrency ${flags.concurrency}, sandbox ${worker.sandbox}, agents ${parseAllowedAgents(flags.allowAgents).join(",")}, queues ${worker.queues.join(" ")}, cache ${worker.cacheDir}`,
      );
      await new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = (signal: NodeJS.Signals): void => {
          signals++;
          if (signals === 1) {
            log(`${signal}: finishing (again to stop at once)`);
            void worker.stop().then(resolve);
          } else {
            // At once: running attempts are stopped; their jobs go to another worker when
            // their lock expires, and this slot's leftovers are swept at the next start.
            log(`${signal} again: stopping at once`);
            void worker.stopNow();
            process.exit(1);
          }
        };
        process.on("SIGTERM", onSignal);
        process.on("SIGINT", onSignal);
      });
      log(`worker ${worker.name} stopped`);
      // A connection still closing must not hold the process past its stop.
      process.exit(0);
    });
}
