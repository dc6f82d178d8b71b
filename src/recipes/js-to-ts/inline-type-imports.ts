import type ts from "typescript";
import { hasModuleSyntax } from "./inspect-source.js";
import type { TextEdit } from "./text-edits.js";

const ADDED_IMPORT = /^\s*import (?:type )?\{([^}]*)\} from (["'][^"']+["']);?\s*$/;

/**
 * The language service adds `import type { T } from "m"` for types it writes into
 * annotations. In a CommonJS file any `import` makes TypeScript emit an `__esModule` marker,
 * so there the types are named inline instead, as `import("m").T`. Undefined when an added
 * import is not of that simple form.
 */
export function inlineTypeImports(edits: TextEdit[]): TextEdit[] | undefined {
  const names = new Map<string, string>();
  const rest: TextEdit[] = [];
  for (const edit of edits) {
    if (!/\bimport\b/.test(edit.text) || edit.text.includes("import(")) {
      rest.push(edit);
      continue;
    }
    const match = ADDED_IMPORT.exec(edit.text);
    if (!match || edit.start !== edit.end) return undefined;
    const [, list = "", from = ""] = match;
    for (const part of list.split(",")) {
      const name = part.replace(/^\s*type\s+/, "").trim();
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
      names.set(name, `import(${from}).${name}`);
    }
  }
  if (names.size === 0) return edits;
  const pattern = new RegExp(`(?<![\\w$.])(${[...names.keys()].join("|")})(?![\\w$])`, "g");
  return rest.map((edit) => ({
    ...edit,
    text: edit.text.replace(pattern, (name) => names.get(name) ?? name),
  }));
}

/** A language-service answer's edits as the file's module kind allows, if it allows them. */
export function editsForModuleKind(
  source: ts.SourceFile,
  edits: TextEdit[],
): TextEdit[] | undefined {
  return hasModuleSyntax(source) ? edits : inlineTypeImports(edits);
}
