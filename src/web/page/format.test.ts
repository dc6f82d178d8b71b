import { describe, expect, it } from "vitest";
import {
  formatAxisDuration,
  formatCost,
  formatDuration,
  formatTokens,
  formatUsage,
  plural,
  truncate,
  truncateStart,
} from "./format.js";

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(45_900)).toBe("45s");
    expect(formatDuration(185_000)).toBe("3m 05s");
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000 + 59_000)).toBe("2h 03m");
  });

  it("never shows a negative duration", () => {
    expect(formatDuration(-5000)).toBe("0s");
  });
});

describe("formatAxisDuration", () => {
  it("keeps tick labels short", () => {
    expect(formatAxisDuration(0)).toBe("0");
    expect(formatAxisDuration(30_000)).toBe("30s");
    expect(formatAxisDuration(300_000)).toBe("5m");
    expect(formatAxisDuration(330_000)).toBe("5m30");
    expect(formatAxisDuration(5_400_000)).toBe("1h30");
    expect(formatAxisDuration(7_200_000)).toBe("2h");
  });
});

describe("formatCost", () => {
  it("shows cents, or more digits below a cent", () => {
    expect(formatCost(0)).toBe("$0.00");
    expect(formatCost(1.234)).toBe("$1.23");
    expect(formatCost(0.0042)).toBe("$0.0042");
  });
});

describe("formatTokens", () => {
  it("abbreviates thousands and millions", () => {
    expect(formatTokens(999)).toBe("999");
    expect(formatTokens(1000)).toBe("1k");
    expect(formatTokens(12_345)).toBe("12.3k");
    expect(formatTokens(2_500_000)).toBe("2.5M");
  });
});

describe("formatUsage", () => {
  it("shows tokens, cost and budget", () => {
    expect(formatUsage({ inputTokens: 1500, outputTokens: 20, costUsd: 0.5 }, 10)).toBe(
      "1.5k in · 20 out · $0.50 of $10.00",
    );
    expect(formatUsage({ inputTokens: 1, outputTokens: 2 })).toBe("1 in · 2 out · cost unknown");
  });
});

describe("truncateStart", () => {
  it("keeps the end of a long id, where ids of one plan differ", () => {
    expect(truncateStart("src-module0042-js", 11)).toBe("…ule0042-js");
    expect(truncateStart("lower", 11)).toBe("lower");
  });
});

describe("truncate and plural", () => {
  it("cuts long text with an ellipsis", () => {
    expect(truncate("abcdef", 10)).toBe("abcdef");
    expect(truncate("abcdef", 4)).toBe("abc…");
  });

  it("picks the singular for one", () => {
    expect(plural(1, "task")).toBe("1 task");
    expect(plural(3, "task")).toBe("3 tasks");
  });
});
