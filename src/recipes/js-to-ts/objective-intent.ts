const VERB =
  /\b(convert|converting|conversion|migrate|migrating|migration|port|porting|move|moving|rewrite|rewriting|transform|translate|switch|turn|upgrade|change|adopt|typescriptify)\b/;
const TARGET =
  /(\bto|\binto|\bin|->|→|=>|\bas)\s+(strict\s+|strictly\s+typed\s+)?(typescript|ts|tsx)\b/;
const TS_WORD = /\b(typescript|ts)\b/;
const JS_WORD = /\b(javascript|js|jsx|es6|ecmascript)\b/;
const REVERSED = /\b(typescript|ts)\b[^.]*?(\bto|\binto|->|→|=>)\s+(javascript|js|jsx)\b/;

/**
 * Whether an objective asks to turn JavaScript into TypeScript, however it is worded:
 * "Convert all JavaScript files to TypeScript with strict mode", "migrate to typescript",
 * "js -> ts", "port the codebase to TS", "TypeScript migration".
 */
export function asksForJsToTs(objective: string): boolean {
  const text = objective.toLowerCase().replace(/\.(jsx?|tsx?)\b/g, " $1");
  if (REVERSED.test(text)) return false;
  if (TARGET.test(text) && (VERB.test(text) || JS_WORD.test(text.replace(TARGET, " "))))
    return true;
  return /\btypescript\s+(migration|conversion|port)\b/.test(text) && TS_WORD.test(text);
}
