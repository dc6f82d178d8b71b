import { describe, expect, it } from "vitest";
import { PlanError } from "../core/errors.js";
import { parsePlanText } from "./load-plan-file.js";

function planError(text: string): PlanError {
  try {
    parsePlanText(text, "plan.yaml");
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error("expected a PlanError");
}

describe("parsePlanText", () => {
  it("fills titles and instructions from the id and the objective", () => {
    const plan = parsePlanText(
      "objective: Do it\ntasks:\n  - id: one\n    files: [a.js]\n",
      "plan.yaml",
    );
    expect(plan).toEqual({
      objective: "Do it",
      checks: [],
      tasks: [
        {
          id: "one",
          title: "one",
          instructions: "Do it",
          files: ["a.js"],
          deps: [],
          checks: [],
          agent: undefined,
          command: undefined,
        },
      ],
    });
  });

  it("names the line and field of a wrong type deep in the plan", () => {
    const error = planError("objective: x\ntasks:\n  - id: a\n  - id: b\n    checks: npm test\n");
    expect(error).toMatchObject({
      name: "PlanError",
      code: "invalid-plan",
      file: "plan.yaml",
      line: 5,
      field: "tasks[1].checks",
    });
    expect(error.userMessage).toContain(
      "tasks[1].checks Invalid input: expected array, received string.",
    );
  });

  it("refuses task ids that cannot name a git ref", () => {
    const error = planError("objective: x\ntasks:\n  - id: ../escape\n");
    expect(error).toMatchObject({ line: 3, field: "tasks[0].id" });
    expect(error.userMessage).toContain("must be letters, digits");
  });

  it("reports duplicate keys as a YAML error with its line", () => {
    const error = planError("objective: x\nobjective: y\ntasks: []\n");
    expect(error.line).toBe(2);
    expect(error.userMessage).toContain("the YAML does not parse: Map keys must be unique");
  });

  it("requires at least one task", () => {
    expect(planError("objective: x\ntasks: []\n")).toMatchObject({ field: "tasks", line: 2 });
  });
});
