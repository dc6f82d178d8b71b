import { execFileSync } from "node:child_process";
import { describe, it } from "vitest";
import { overlaySupported } from "../../src/sandbox/index.js";

/** The image the docker tests run (built by .ci/docker-setup.sh: no registry is reachable). */
export const TEST_IMAGE = process.env.ARMADA_TEST_IMAGE ?? "armada-test/node:2";

/** Why overlay sandboxes cannot run here, or undefined when they can. */
export function overlayMissing(): string | undefined {
  const support = overlaySupported();
  return support.ok ? undefined : `overlay sandboxes unavailable: ${support.reason}`;
}

/** Why docker sandboxes cannot run here, or undefined when they can. */
export function dockerMissing(): string | undefined {
  try {
    execFileSync("docker", ["image", "inspect", TEST_IMAGE], { stdio: "ignore", timeout: 20_000 });
    return undefined;
  } catch {
    return `no Docker engine with image ${TEST_IMAGE} (run .ci/docker-setup.sh)`;
  }
}

/**
 * `describe`, or a one-line skip with the reason when what the tests need is missing. Under
 * CI (CI=true) nothing may be skipped: the reason becomes a failing test.
 */
export function describeWhen(name: string, missing: string | undefined, body: () => void): void {
  if (!missing) {
    describe(name, body);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      it("has what it needs", () => {
        throw new Error(`${missing}: under CI this must not be skipped`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${missing})`, body);
  }
}
