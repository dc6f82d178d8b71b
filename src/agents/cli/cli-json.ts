/** Narrow readers for the JSON the agent CLIs print, which armada does not control. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** A tool call's one-line summary: its name and the file, command or pattern it acts on. */
export function toolSummary(name: string, input: unknown): string {
  const args = obj(input);
  const target =
    str(args.file_path) ??
    str(args.path) ??
    str(args.filePath) ??
    str(args.absolute_path) ??
    (Array.isArray(args.command) ? args.command.map(String).join(" ") : str(args.command)) ??
    str(args.cmd) ??
    str(args.pattern) ??
    str(args.query) ??
    str(args.url);
  const line = target ? `${name} ${target}` : name;
  return line.replace(/\s+/g, " ").slice(0, 200);
}

/** The text of a tool result, whichever shape the CLI gives it. */
export function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  return arr(content)
    .map((part) => str(obj(part).text) ?? "")
    .filter(Boolean)
    .join("\n");
}

/** `major.minor.patch` compared numerically: negative when a is older. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The first `x.y.z` in a CLI's `--version` output. */
export function firstVersion(output: string): string | undefined {
  return /(\d+\.\d+\.\d+)/.exec(output)?.[1];
}
