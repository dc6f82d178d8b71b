import { describe, expect, it } from "vitest";
import type { Plan } from "../core/index.js";
import { formatPlan } from "./print-plan.js";

function planOf(files: string[]): Plan {
  return {
    objective: "Edit",
    checks: [],
    tasks: files.map((file, i) => ({
      id: `t${i}`,
      title: `Edit ${file}`,
      instructions: "Edit",
      files: [file],
      deps: [],
      checks: [],
    })),
  };
}

describe("the printed plan", () => {
  it("shows every task of a small plan", () => {
    const text = formatPlan(planOf(["a.js", "b.js"]), []);
    expect(text).toContain("Edit a.js");
    expect(text).toContain("Edit b.js");
    expect(text).not.toContain("more tasks");
  });

  it("shows the first rows of a large plan and counts the rest by folder", () => {
    const files = [
      ...Array.from({ length: 7000 }, (_, i) => `src/f${i}.js`),
      ...Array.from({ length: 3000 }, (_, i) => `lib/g${i}.js`),
    ];
    const lines = formatPlan(planOf(files), []).trimEnd().split("\n");
    expect(lines.length).toBeLessThan(40);
    expect(lines.join("\n")).toContain("Sub-tasks: 10000");
    expect(lines.join("\n")).toContain("Edit src/f19.js");
    expect(lines.join("\n")).not.toContain("Edit src/f20.js");
    expect(lines.join("\n")).toContain("… 9980 more tasks, by folder: src/ 6980, lib/ 3000");
    expect(lines.join("\n")).toContain("--out plan.yaml` writes every task");
  });
});
