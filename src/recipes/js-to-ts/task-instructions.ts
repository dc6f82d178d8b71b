import { readFileSync } from "node:fs";

export type InstructionsName = "convert" | "tsconfig" | "fix-type-errors" | "fix-type-errors-model";

/** What a task of the recipe asks, kept in prompts/<name>.txt, with `{key}` filled in. */
export function taskInstructions(
  name: InstructionsName,
  values: Record<string, string> = {},
): string {
  const template = readFileSync(new URL(`./prompts/${name}.txt`, import.meta.url), "utf8");
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match).trimEnd();
}
