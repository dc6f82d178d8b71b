import { readFile } from "node:fs/promises";
import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { PlanError } from "../core/errors.js";
import type { Plan } from "../core/plan.js";
import { normalisePlan, planSchema } from "./plan-schema.js";

function lineOf(
  doc: Document,
  counter: LineCounter,
  path: PropertyKey[],
  key?: string,
): number | undefined {
  let node = doc.contents as Node | null;
  let last: Node | null = node;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === step);
      node = (pair?.value as Node | null) ?? null;
      if (!node && pair?.key) last = pair.key as Node;
    } else if (isSeq(node) && typeof step === "number") {
      node = (node.items[step] as Node | undefined) ?? null;
    } else {
      node = null;
    }
    if (!node) break;
    last = node;
  }
  if (key && isMap(last)) {
    const pair = last.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
    if (pair?.key) last = pair.key as Node;
  }
  const offset = last?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function fieldName(path: PropertyKey[], key?: string): string {
  const parts = [...path, ...(key ? [key] : [])];
  return parts
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`))
    .join("");
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step],
    data,
  );
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { detail: string; key?: string } {
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    return {
      detail: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}. Known fields of a plan: objective, checks, conventions, tasks; of a task: id, title, instructions, files, deps, checks, agent, command, allowDeletions, requireChange, attempts.`,
      ...(key ? { key } : {}),
    };
  }
  if (issue.code === "invalid_type" && valueAt(data, issue.path) === undefined)
    return { detail: "is required." };
  return { detail: `${issue.message}.` };
}

/** Parses a plan from YAML text; errors name the file, line and field. */
export function parsePlanText(text: string, file: string): Plan {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    const message = yamlError.message.split("\n")[0] ?? yamlError.message;
    throw new PlanError(`the YAML does not parse: ${message}.`, {
      file,
      ...(line ? { line } : {}),
    });
  }
  const data: unknown = doc.toJS();
  const result = planSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new PlanError("it does not match the plan format.", { file });
    const { detail, key } = describeIssue(issue, data);
    const line = lineOf(doc, counter, issue.path, key);
    const field = fieldName(issue.path, key);
    throw new PlanError(field ? `${field} ${detail}` : detail, {
      file,
      ...(line ? { line } : {}),
      ...(field ? { field } : {}),
    });
  }
  return normalisePlan(result.data);
}

export async function loadPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new PlanError(
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      { file },
    );
  }
  return parsePlanText(text, file);
}
