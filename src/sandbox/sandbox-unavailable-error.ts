import { ArmadaError } from "../core/errors.js";

/** A sandbox driver cannot run here, or cannot honour a setting: says why and what to use. */
export class SandboxUnavailableError extends ArmadaError {
  readonly driver: string;
  readonly reason: string;
  constructor(driver: string, reason: string, instead: string) {
    super("sandbox-unavailable", `The ${driver} sandbox cannot be used: ${reason}. ${instead}`);
    this.name = "SandboxUnavailableError";
    this.driver = driver;
    this.reason = reason;
  }
}
