import ts from "typescript";

/** Formatting for inserted code that matches the file: its newline and its indentation. */
export function formatSettingsFor(text: string): ts.FormatCodeSettings {
  const newLine = text.includes("\r\n") ? "\r\n" : "\n";
  const indents = text.match(/^[ \t]+(?=\S)/gm) ?? [];
  const tabs = indents.filter((i) => i.startsWith("\t")).length;
  const widths = indents.filter((i) => !i.startsWith("\t")).map((i) => i.length);
  const smallest = widths.length ? Math.min(...widths) : 2;
  const size = smallest === 4 || smallest === 2 || smallest === 8 ? smallest : 2;
  return {
    ...ts.getDefaultFormatCodeSettings(newLine),
    indentSize: size,
    tabSize: size,
    convertTabsToSpaces: tabs <= indents.length / 2,
    semicolons: /;\s*$/m.test(text) ? ts.SemicolonPreference.Insert : ts.SemicolonPreference.Ignore,
  };
}

/** The indentation unit of a file, for code the recipe writes itself. */
export function indentUnit(text: string): string {
  const settings = formatSettingsFor(text);
  return settings.convertTabsToSpaces ? " ".repeat(settings.indentSize ?? 2) : "\t";
}
