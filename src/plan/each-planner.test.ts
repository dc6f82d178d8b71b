import { describe, expect, it } from "vitest";
import { planEach } from "./each-planner.js";

describe("planEach", () => {
  const files = ["src/b.js", "src/a.js", "src/[id].js", "lib/c.js", "README.md"];

  it("makes one task per file, sorted, with literal scopes", () => {
    const plan = planEach("Lint", ["src/*.js", "lib/*.js"], 1, files);
    expect(plan.tasks.map((t) => [t.id, t.files])).toEqual([
      ["lib-c-js", ["lib/c.js"]],
      ["src-id-js", ["src/\\[id\\].js"]],
      ["src-a-js", ["src/a.js"]],
      ["src-b-js", ["src/b.js"]],
    ]);
    expect(plan.tasks[0]?.title).toBe("Lint: lib/c.js");
    expect(plan.tasks[0]?.instructions).toBe("Lint");
  });

  it("batches files into tasks of at most n files", () => {
    const plan = planEach("Lint", ["**/*.js"], 3, files);
    expect(plan.tasks.map((t) => t.files.length)).toEqual([3, 1]);
    expect(plan.tasks[0]?.title).toBe("Lint: {3 files: c.js, [id].js, a.js}");
  });

  it("says so when the globs match nothing", () => {
    expect(() => planEach("Lint", ["**/*.ts"], 1, files)).toThrow(
      '--each "**/*.ts" matches no file of the repository',
    );
  });
});
