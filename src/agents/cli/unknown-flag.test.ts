import { describe, expect, it } from "vitest";
import { unknownFlag } from "./unknown-flag.js";

describe("unknownFlag", () => {
  it("reads the flag from each argument parser's words", () => {
    expect(unknownFlag("error: unexpected argument '--full-auto' found")).toBe("--full-auto");
    expect(unknownFlag("error: unknown option '--output-format'")).toBe("--output-format");
    expect(unknownFlag("Unknown arguments: skip-trust, skipTrust")).toBe("--skip-trust");
    expect(unknownFlag("Unknown argument: yolo")).toBe("--yolo");
  });

  it("says nothing of other lines", () => {
    expect(unknownFlag("Reading additional input from stdin...")).toBeUndefined();
    expect(unknownFlag("the model returned an unknown tool call")).toBeUndefined();
  });
});
