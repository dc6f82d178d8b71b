import { ArmadaError } from "../../core/errors.js";

/** The js-to-ts recipe found no JavaScript to convert. */
export class NothingToConvertError extends ArmadaError {
  readonly typescriptFiles: number;
  readonly skipped: string[];
  constructor(typescriptFiles: number, skipped: string[]) {
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
    const left = skipped.length
      ? `; ${plural(skipped.length, "JavaScript file")} ${skipped.length === 1 ? "is" : "are"} left as JavaScript on purpose (${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? ", ..." : ""})`
      : "";
    super(
      "nothing-to-convert",
      typescriptFiles > 0
        ? `Nothing to do: this repository is already TypeScript, with ${plural(typescriptFiles, "TypeScript file")} and no JavaScript source to convert${left}. Nothing was started.`
        : `Nothing to do: this repository has no JavaScript source files to convert to TypeScript${left}. Nothing was started.`,
    );
    this.name = "NothingToConvertError";
    this.typescriptFiles = typescriptFiles;
    this.skipped = skipped;
  }
}
