import { describe, expect, it } from "vitest";
import { BOX_HEIGHT, BOX_WIDTH, boxesPerRow, layoutPlan, planLayers } from "./plan-layout.js";

const task = (id: string, seq: number, deps: string[] = []) => ({ id, seq, deps });

describe("planLayers", () => {
  it("puts a task one below its deepest dependency", () => {
    const layers = planLayers([
      task("a", 1),
      task("b", 2, ["a"]),
      task("c", 3, ["b"]),
      task("d", 4, ["a", "c"]),
      task("e", 5),
    ]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2, d: 3, e: 0 });
  });

  it("ignores unknown dependencies and puts a cycle below the rest", () => {
    const layers = planLayers([
      task("a", 1, ["gone"]),
      task("b", 2, ["c"]),
      task("c", 3, ["b"]),
      task("d", 4, ["a"]),
    ]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, d: 1, b: 2, c: 2 });
  });
});

describe("layoutPlan", () => {
  it("wraps a wide layer into rows of at most the given count", () => {
    const tasks = Array.from({ length: 200 }, (_, i) => task(`t${i}`, i));
    const layout = layoutPlan(tasks, 20);
    const rows = new Set(layout.nodes.map((node) => node.y));
    const columns = new Set(layout.nodes.map((node) => node.x));
    expect(rows.size).toBe(10);
    expect(columns.size).toBe(20);
    expect(layout.edges).toEqual([]);
    expect(layout.height).toBeGreaterThan(10 * BOX_HEIGHT);
  });

  it("orders a layer by seq and draws an arrow per dependency, downwards", () => {
    const layout = layoutPlan([task("b", 2), task("a", 1), task("c", 3, ["a", "b", "a"])]);
    const [first, second, third] = layout.nodes;
    expect([first?.id, second?.id, third?.id]).toEqual(["a", "b", "c"]);
    expect((first?.x ?? 0) < (second?.x ?? 0)).toBe(true);
    expect((third?.y ?? 0) > (first?.y ?? 0)).toBe(true);
    expect(layout.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(["a->c", "b->c"]);
    expect(layout.edges[0]?.path.startsWith("M")).toBe(true);
  });

  it("is empty for no tasks", () => {
    expect(layoutPlan([])).toMatchObject({ nodes: [], edges: [], height: 0 });
  });
});

describe("boxesPerRow", () => {
  it("fits the boxes to the width, between 4 and 20", () => {
    expect(boxesPerRow(0)).toBe(20);
    expect(boxesPerRow(100)).toBe(4);
    expect(boxesPerRow(10_000)).toBe(20);
    const eight = boxesPerRow(8 * (BOX_WIDTH + 10) + 16);
    expect(eight).toBe(8);
    const layout = layoutPlan(
      Array.from({ length: 16 }, (_, i) => ({ id: `t${i}`, seq: i, deps: [] })),
      eight,
    );
    expect(layout.width).toBeLessThanOrEqual(8 * (BOX_WIDTH + 10) + 16);
  });
});
