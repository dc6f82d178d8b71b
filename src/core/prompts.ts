import { readFileSync } from "node:fs";

const cache = new Map<string, string>();

/** Fills a prompt template kept beside the code (`prompts/<name>.txt`) with `{key}` values. */
export function prompt(name: string, values: Record<string, string>): string {
  let template = cache.get(name);
  if (template === undefined) {
    template = readFileSync(new URL(`./prompts/${name}.txt`, import.meta.url), "utf8");
    cache.set(name, template);
  }
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match).trimEnd();
}
