import type { SetupPlan } from "./records.js";

/** What building the run's setup layer came to. */
export interface SetupOutcome {
  cached: boolean;
  durationMs: number;
  key: string;
  /** Tracked files setup changed: left out of the layer, which holds only new files. */
  droppedTracked: string[];
  /** The top-most paths the layer holds (node_modules, .venv). */
  paths: string[];
}

/** The run's environment as the engine sees it: setup's result under every sandbox. */
export interface Environment {
  /**
   * Runs the setup commands once on the base in a sandbox (or finds their layer cached by
   * what they read), writes their output to `logPath`, and shows the layer under every
   * sandbox the run creates from then on. Throws, saying why, when setup fails.
   */
  prepare(request: {
    runId: string;
    base: string;
    setup: SetupPlan;
    timeoutMs: number;
    logPath: string;
    signal: AbortSignal;
  }): Promise<SetupOutcome>;
}
