import { describe, expect, it } from "vitest";
import type { Plan, TaskSpec } from "../core/plan.js";
import { lintPlan } from "./lint-plan.js";

const task = (id: string, files: string[], deps: string[] = []): TaskSpec => ({
  id,
  title: id,
  instructions: "",
  files,
  deps,
  checks: [],
});
const plan = (...tasks: TaskSpec[]): Plan => ({ objective: "x", checks: [], tasks });

describe("lintPlan", () => {
  const files = ["src/a.js", "src/b.js", "README.md"];

  it("accepts a clean plan without warnings", () => {
    expect(
      lintPlan(plan(task("a", ["src/a.js"]), task("b", ["src/b.js"], ["a"])), files).warnings,
    ).toEqual([]);
  });

  it("warns about scopes that match nothing and tasks without files", () => {
    expect(lintPlan(plan(task("a", ["lib/*.js"]), task("b", [])), files).warnings).toEqual([
      'task "a": its files (lib/*.js) match no file of the base; it can only create new ones.',
      'task "b" names no files: any change it makes is outside its scope.',
    ]);
  });

  it("warns about overlapping scopes unless a dependency orders them", () => {
    expect(
      lintPlan(plan(task("a", ["src/*.js"]), task("b", ["src/b.js"])), files).warnings,
    ).toEqual([
      'tasks "a" and "b" both own src/b.js (and maybe more) without a dependency between them: their changes may conflict.',
    ]);
    expect(
      lintPlan(
        plan(task("a", ["src/*.js"]), task("c", [], ["a"]), task("b", ["src/b.js"], ["c"])),
        files,
      ).warnings,
    ).toEqual(['task "c" names no files: any change it makes is outside its scope.']);
  });

  it("refuses duplicate ids, self-dependencies and cycles", () => {
    expect(() => lintPlan(plan(task("a", []), task("a", [])), files)).toThrow(
      'two tasks have the id "a"',
    );
    expect(() => lintPlan(plan(task("a", [], ["a"])), files)).toThrow('task "a" depends on itself');
    expect(() => lintPlan(plan(task("a", [], ["b"]), task("b", [], ["a"])), files)).toThrow(
      "cycle: a -> b -> a",
    );
  });
});
