import { describe, expect, it } from "vitest";
import { highlightLine, languageForPath } from "./highlight.js";

describe("languageForPath", () => {
  it("reads the language from the extension, whatever its case", () => {
    expect(languageForPath("src/app.ts")).toBe("typescript");
    expect(languageForPath("src/View.TSX")).toBe("typescript");
    expect(languageForPath("a/b/c.py")).toBe("python");
    expect(languageForPath("config.yml")).toBe("yaml");
    expect(languageForPath("index.html")).toBe("xml");
  });

  it("falls back to plain text", () => {
    expect(languageForPath("Makefile")).toBe("plaintext");
    expect(languageForPath(".gitignore")).toBe("plaintext");
    expect(languageForPath("data.xyz")).toBe("plaintext");
  });
});

describe("highlightLine", () => {
  it("wraps keywords in spans", () => {
    expect(highlightLine("const a = 1;", "typescript")).toContain(
      '<span class="hljs-keyword">const</span>',
    );
  });

  it("escapes markup in the text", () => {
    expect(highlightLine("<script>alert(1)</script>", "plaintext")).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt;",
    );
  });
});
