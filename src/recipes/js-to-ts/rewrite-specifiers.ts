import path from "node:path";
import type ts from "typescript";
import { moduleSpecifiers } from "./module-specifiers.js";
import type { TextEdit } from "./text-edits.js";

/**
 * Relative imports that name a renamed file by its old extension. TypeScript itself resolves
 * `./a.js` to `./a.ts` (and `.jsx` to `.tsx`), and Node runs the emitted `.js`, so for code that
 * Node loads they stay as they are; a bundler looks for the file as named, so for bundled code
 * the extension is dropped and the bundler finds the `.ts`/`.tsx` file.
 *
 * `renamed(file)` tells whether a repository path is a JavaScript file being converted.
 */
export function rewriteSpecifiers(
  source: ts.SourceFile,
  file: string,
  bundled: boolean,
  renamed: (file: string) => boolean,
): TextEdit[] {
  if (!bundled) return [];
  const edits: TextEdit[] = [];
  for (const literal of moduleSpecifiers(source)) {
    const specifier = literal.text;
    if (!/^\.\.?\//.test(specifier)) continue;
    const match = /\.(js|jsx)$/.exec(specifier);
    if (!match) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (!renamed(target)) continue;
    const quote = source.text[literal.getStart(source)] ?? '"';
    edits.push({
      start: literal.getStart(source),
      end: literal.getEnd(),
      text: `${quote}${specifier.slice(0, -match[0].length)}${quote}`,
    });
  }
  return edits;
}
