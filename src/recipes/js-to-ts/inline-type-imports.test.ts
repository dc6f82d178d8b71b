import { describe, expect, it } from "vitest";
import { inlineTypeImports } from "./inline-type-imports.js";

describe("inlineTypeImports", () => {
  it("names added imports' types inline in the annotations", () => {
    const edits = [
      { start: 0, end: 0, text: 'import type { Range, Options } from "./range";\n' },
      { start: 40, end: 40, text: ": Range | Options[] | RangeSet" },
    ];
    expect(inlineTypeImports(edits)).toEqual([
      {
        start: 40,
        end: 40,
        text: ': import("./range").Range | import("./range").Options[] | RangeSet',
      },
    ]);
  });

  it("gives up on an import it cannot read, and leaves edits without imports as they are", () => {
    expect(
      inlineTypeImports([{ start: 0, end: 0, text: 'import Range from "./range";\n' }]),
    ).toBeUndefined();
    const plain = [{ start: 3, end: 3, text: ": string" }];
    expect(inlineTypeImports(plain)).toEqual(plain);
  });
});
