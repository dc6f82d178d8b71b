import type ts from "typescript";

/** Replace `[start, end)` of a text with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits; insertions at one position keep their given order. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
  let text = source;
  let limit = Number.POSITIVE_INFINITY;
  for (const { edit } of ordered) {
    if (edit.end > limit) {
      throw new Error(`overlapping edits at offset ${edit.start} (internal error of the recipe)`);
    }
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    limit = edit.start;
  }
  return text;
}

/** The edits a language-service answer makes to one file. */
export function editsFor(changes: readonly ts.FileTextChanges[], fileName: string): TextEdit[] {
  return changes
    .filter((change) => change.fileName === fileName)
    .flatMap((change) =>
      change.textChanges.map((c) => ({
        start: c.span.start,
        end: c.span.start + c.span.length,
        text: c.newText,
      })),
    );
}
