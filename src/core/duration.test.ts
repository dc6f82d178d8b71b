import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, parseSize } from "./duration.js";

describe("durations and sizes", () => {
  it("parses the units users type", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("10m")).toBe(600_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("2")).toBe(2000);
    expect(() => parseDuration("10 minutes", "--timeout")).toThrow(
      '--timeout "10 minutes" is not a duration',
    );
    expect(() => parseDuration("5x")).toThrow("is not a duration");
  });

  it("formats for people", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_300)).toBe("12.3s");
    expect(formatDuration(125_000)).toBe("2m05s");
    expect(formatDuration(3_900_000)).toBe("1h05m");
  });

  it("parses sizes", () => {
    expect(parseSize("10MiB")).toBe(10 * 1024 * 1024);
    expect(parseSize("64k")).toBe(65_536);
    expect(parseSize("1G")).toBe(1024 ** 3);
    expect(parseSize("512")).toBe(512);
    expect(() => parseSize("lots", "--log-limit")).toThrow('--log-limit "lots" is not a size');
  });
});
