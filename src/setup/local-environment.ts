import type { Environment } from "../core/environment-port.js";
import type { SandboxDriver, SetupLayer } from "../core/sandbox-port.js";
import { openCappedLog } from "../dispatch/index.js";
import { listFiles } from "../git/index.js";
import { scrubbedEnv } from "../sandbox/index.js";
import { setupInputs } from "./propose-setup.js";
import { setupKey } from "./setup-key.js";

const SETUP_LOG_LIMIT = 10 * 1024 * 1024;

/**
 * The environment of runs whose sandboxes this machine makes: the run's driver builds the
 * layer (cached by the key of what setup reads), and `showLayer` puts it under every sandbox
 * made after. Setup gets the scrubbed environment plus the variables its plan names.
 */
export function localEnvironment(options: {
  repoRoot: string;
  driver: () => SandboxDriver;
  image?: string | undefined;
  showLayer: (layer: SetupLayer) => void;
}): Environment {
  return {
    async prepare({ runId, base, setup, timeoutMs, logPath, signal }) {
      const driver = options.driver();
      const files = await listFiles(options.repoRoot, base);
      const key = await setupKey(options.repoRoot, base, {
        inputs: setupInputs(files, setup.commands),
        commands: setup.commands,
        driver: driver.name,
        image: driver.name === "docker" ? options.image : undefined,
      });
      const env: Record<string, string> = { ...scrubbedEnv() };
      for (const name of setup.env) {
        const value = process.env[name];
        if (value !== undefined) env[name] = value;
      }
      const log = openCappedLog(logPath, SETUP_LOG_LIMIT);
      try {
        const built = await driver.buildLayer(base, {
          key,
          runId,
          commands: setup.commands,
          env,
          timeoutMs,
          network: setup.network,
          signal,
          onOutput: (chunk) => log.write(chunk),
        });
        if (built.cached)
          log.write(`armada: setup's layer was built before (key ${key}): reused\n`);
        if (built.droppedTracked.length > 0) {
          log.write(
            `armada: setup changed tracked files, left out of the layer: ${built.droppedTracked.join(", ")}\n`,
          );
        }
        options.showLayer(built.layer);
        return {
          cached: built.cached,
          durationMs: built.durationMs,
          key,
          droppedTracked: built.droppedTracked,
          paths: built.layer.paths,
        };
      } finally {
        await log.close();
      }
    },
  };
}
