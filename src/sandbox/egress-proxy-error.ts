import { ArmadaError } from "../core/errors.js";

/** The egress proxy that gives sandboxed agents their model API could not start. */
export class EgressProxyError extends ArmadaError {
  /** Where it tried to listen: `127.0.0.1:<port>` or a unix socket path. */
  readonly address: string;
  constructor(address: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "egress-proxy",
      `The egress proxy that lets sandboxed agents reach their model API could not listen on ${address}: ${reason}. Free that address, or run with --network to give sandboxes the whole network instead.`,
      { cause },
    );
    this.name = "EgressProxyError";
    this.address = address;
  }
}
