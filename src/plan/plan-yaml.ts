import { stringify } from "yaml";
import type { Plan } from "../core/plan.js";

/** The plan as a YAML plan file, ready to edit and run with `armada run --plan`. */
export function planToYaml(plan: Plan): string {
  const doc = {
    objective: plan.objective,
    checks: plan.checks,
    ...(plan.conventions ? { conventions: plan.conventions } : {}),
    ...(plan.setup?.length ? { setup: plan.setup } : {}),
    ...(plan.setupEnv?.length ? { setupEnv: plan.setupEnv } : {}),
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      instructions: t.instructions,
      files: t.files,
      deps: t.deps,
      checks: t.checks,
      ...(t.agent ? { agent: t.agent } : {}),
      ...(t.command ? { command: t.command } : {}),
      ...(t.allowDeletions ? { allowDeletions: true } : {}),
      ...(t.requireChange ? { requireChange: true } : {}),
      ...(t.bestOf && t.bestOf > 1 ? { attempts: t.bestOf } : {}),
    })),
  };
  return stringify(doc, { lineWidth: 0 });
}
