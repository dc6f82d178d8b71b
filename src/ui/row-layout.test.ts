import { describe, expect, it } from "vitest";
import { cell, rowLayout } from "./row-layout.js";

const total = (l: ReturnType<typeof rowLayout>): number =>
  2 +
  3 +
  l.id +
  (l.title ? l.title + 2 : 0) +
  2 +
  l.label +
  l.attempt +
  l.clock +
  l.worker +
  (l.detail ? l.detail + 2 : 0);

describe("rowLayout", () => {
  it("gives wide rows a title and a detail, and never more than the width", () => {
    for (const width of [20, 32, 40, 60, 80, 100, 160, 300]) {
      expect(total(rowLayout(width, 10))).toBeLessThanOrEqual(Math.max(width, 27));
    }
    expect(rowLayout(120, 10)).toMatchObject({ id: 10, label: 10, attempt: 4, clock: 8 });
    expect(rowLayout(120, 10).detail).toBeGreaterThan(30);
  });

  it("drops the detail, then the title, then the clock and the attempt", () => {
    expect(rowLayout(70, 10)).toMatchObject({ detail: 0 });
    expect(rowLayout(70, 10).title).toBeGreaterThan(20);
    expect(rowLayout(40, 10)).toMatchObject({ title: 0, detail: 0, clock: 8, attempt: 4 });
    expect(rowLayout(28, 10)).toMatchObject({ title: 0, clock: 0, attempt: 0 });
  });

  it("gives a fleet worker its column only where a useful title still fits", () => {
    for (const width of [20, 40, 52, 60, 80, 160]) {
      expect(total(rowLayout(width, 10, 30))).toBeLessThanOrEqual(Math.max(width, 27));
    }
    expect(rowLayout(120, 10, 2)).toMatchObject({ worker: 4, clock: 8, attempt: 4 });
    expect(rowLayout(120, 10, 2).detail).toBeGreaterThan(30);
    expect(rowLayout(120, 10, 40).worker).toBe(16);
    expect(rowLayout(60, 10, 2)).toMatchObject({ worker: 4, title: 15, detail: 0 });
    expect(rowLayout(54, 10, 2)).toMatchObject({ worker: 0, title: 13 });
    expect(rowLayout(120, 10)).toMatchObject({ worker: 0 });
  });

  it("cuts long ids so the state stays on screen", () => {
    expect(rowLayout(40, 60).id).toBe(25);
  });
});

describe("cell", () => {
  it("pads, cuts with an ellipsis, and flattens whitespace", () => {
    expect(cell("abc", 5)).toBe("abc  ");
    expect(cell("abcdef", 5)).toBe("abcd…");
    expect(cell("a\tb\nc", 5)).toBe("a b c");
    expect(cell("x", 0)).toBe("");
  });
});
