import type { Environment } from "../core/environment-port.js";
import type { SandboxDriver, SetupLayer } from "../core/sandbox-port.js";
import { openCappedLog } from "../dispatch/index.js";
import { buildSetupLayer } from "./build-setup-layer.js";

const SETUP_LOG_LIMIT = 10 * 1024 * 1024;

/**
 * The environment of a run's master: the run's driver builds the layer (cached by the key of
 * what setup reads), and `showLayer` puts it under every sandbox made after (the run's checks,
 * and the attempts of local runs).
 */
export function localEnvironment(options: {
  repoRoot: string;
  driver: () => SandboxDriver;
  image?: string | undefined;
  showLayer: (layer: SetupLayer) => void;
}): Environment {
  return {
    async prepare({ runId, base, setup, timeoutMs, logPath, signal }) {
      const log = openCappedLog(logPath, SETUP_LOG_LIMIT);
      try {
        const built = await buildSetupLayer({
          repoRoot: options.repoRoot,
          driver: options.driver(),
          image: options.image,
          start: base,
          runId,
          setup,
          timeoutMs,
          signal,
          onOutput: (chunk) => log.write(chunk),
        });
        if (built.cached) {
          log.write(`armada: setup's layer was built before (key ${built.key}): reused\n`);
        }
        if (built.droppedTracked.length > 0) {
          log.write(
            `armada: setup changed tracked files, left out of the layer: ${built.droppedTracked.join(", ")}\n`,
          );
        }
        options.showLayer(built.layer);
        return {
          cached: built.cached,
          durationMs: built.durationMs,
          key: built.key,
          droppedTracked: built.droppedTracked,
          paths: built.layer.paths,
        };
      } finally {
        await log.close();
      }
    },
  };
}
