import type { SetupPlan } from "../core/records.js";
import type { SandboxDriver, SetupBuild } from "../core/sandbox-port.js";
import { listFiles } from "../git/index.js";
import { DEFAULT_IMAGE, scrubbedEnv } from "../sandbox/index.js";
import { setupInputs } from "./propose-setup.js";
import { setupKey } from "./setup-key.js";

/**
 * The setup layer of `setup` on `start`, built by `driver` (or found cached by the key of what
 * setup reads). Setup gets the scrubbed environment plus the variables its plan names, from
 * this process's environment.
 */
export async function buildSetupLayer(request: {
  repoRoot: string;
  driver: SandboxDriver;
  image?: string | undefined;
  start: string;
  runId: string;
  setup: SetupPlan;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  onOutput?: ((chunk: Buffer) => void) | undefined;
}): Promise<SetupBuild & { key: string }> {
  const { driver, setup } = request;
  const files = await listFiles(request.repoRoot, request.start);
  const key = await setupKey(request.repoRoot, request.start, {
    inputs: setupInputs(files, setup.commands),
    commands: setup.commands,
    driver: driver.name,
    // The docker driver's own default when none is named: the key must name the image.
    image: driver.name === "docker" ? (request.image ?? DEFAULT_IMAGE) : undefined,
  });
  const env: Record<string, string> = { ...scrubbedEnv() };
  for (const name of setup.env) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const built = await driver.buildLayer(request.start, {
    key,
    runId: request.runId,
    commands: setup.commands,
    env,
    timeoutMs: request.timeoutMs,
    network: setup.network,
    signal: request.signal,
    onOutput: request.onOutput,
  });
  return { ...built, key };
}
