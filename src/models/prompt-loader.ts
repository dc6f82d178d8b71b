import { readFileSync } from "node:fs";

export type PromptRenderer = (name: string, values?: Record<string, string | number>) => string;

/**
 * Prompts live as text files (`<folder>/<name>.txt`) beside the code that sends them; this
 * reads one (once) and fills its `{{name}}` slots.
 */
export function promptLoader(folder: URL): PromptRenderer {
  const cache = new Map<string, string>();
  return (name, values = {}) => {
    let template = cache.get(name);
    if (template === undefined) {
      template = readFileSync(new URL(`${name}.txt`, folder), "utf8");
      cache.set(name, template);
    }
    return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`prompt ${name} needs a value for {{${key}}}`);
      return String(value);
    });
  };
}
