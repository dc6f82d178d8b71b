import { ArmadaError } from "../../core/errors.js";

/** The js-to-ts recipe found no JavaScript to convert. */
export class NothingToConvertError extends ArmadaError {
  readonly typescriptFiles: number;
  readonly skipped: string[];
  constructor(typescriptFiles: number, skipped: string[]) {
    const left = skipped.length
      ? ` (${skipped.length} JavaScript file${skipped.length === 1 ? " is" : "s are"} deliberately left as JavaScript: ${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? ", ..." : ""})`
      : "";
    super(
      "nothing-to-convert",
      typescriptFiles > 0
        ? `Nothing to do: this repository is already TypeScript (${typescriptFiles} TypeScript file${typescriptFiles === 1 ? "" : "s"}, no JavaScript source to convert${left}). Nothing was started.`
        : `Nothing to do: this repository has no JavaScript source files to convert to TypeScript${left}. Nothing was started.`,
    );
    this.name = "NothingToConvertError";
    this.typescriptFiles = typescriptFiles;
    this.skipped = skipped;
  }
}
