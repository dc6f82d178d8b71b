import ts from "typescript";
import { describe, expect, it } from "vitest";
import { planExpectErrors } from "./expect-error-lines.js";
import { applyEdits } from "./text-edits.js";

/** Type-checks one file in memory (strict, React JSX typed loosely) and suppresses its errors. */
function suppress(
  file: string,
  text: string,
): { text: string; before: number; after: number; unsuppressible: number } {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    jsx: ts.JsxEmit.Preserve,
    target: ts.ScriptTarget.ES2022,
  };
  const jsx =
    "declare namespace JSX { interface IntrinsicElements { [e: string]: { title?: string } } }";
  const check = (content: string): ts.Diagnostic[] => {
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile;
    host.getSourceFile = (name, version) =>
      name === file
        ? ts.createSourceFile(name, content, version, true)
        : name === "jsx.d.ts"
          ? ts.createSourceFile(name, jsx, version, true)
          : read(name, version);
    const program = ts.createProgram([file, "jsx.d.ts"], options, host);
    const source = program.getSourceFile(file);
    return [...program.getSemanticDiagnostics(source), ...program.getSyntacticDiagnostics(source)];
  };
  const diagnostics = check(text);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const plan = planExpectErrors(source, diagnostics);
  const fixed = applyEdits(
    text,
    plan.inserts.map((i) => ({ start: i.position, end: i.position, text: i.text })),
  );
  return {
    text: fixed,
    before: diagnostics.length,
    after: check(fixed).length,
    unsuppressible: plan.unsuppressible.length,
  };
}

describe("planExpectErrors", () => {
  it("puts one commented expectation above each erroneous line, indented like it", () => {
    const result = suppress(
      "a.ts",
      "export function f(n: number) {\n  const s: string = n;\n  return s.foo + n.bar;\n}\n",
    );
    expect(result.before).toBe(3);
    expect(result.after).toBe(0);
    expect(result.text).toBe(
      [
        "export function f(n: number) {",
        "  // @ts-expect-error armada: TS2322 Type 'number' is not assignable to type 'string'.",
        "  const s: string = n;",
        "  // @ts-expect-error armada: TS2339 Property 'foo' does not exist on type 'string'.",
        "  return s.foo + n.bar;",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("writes JSX comments between JSX children, and plain ones inside tags and expressions", () => {
    const text = [
      "const n = 1;",
      "export const A = () => (",
      "  <div>",
      "    <b title={n} />",
      "    <i",
      "      title={n}",
      "    />",
      "    {[1].map((x) => (",
      "      <p title={x}>x</p>",
      "    ))}",
      "  </div>",
      ");",
      "",
    ].join("\n");
    const result = suppress("a.tsx", text);
    expect(result.before).toBe(3);
    expect(result.after).toBe(0);
    expect(result.text).toContain(
      "\n    {/* @ts-expect-error armada: TS2322 Type 'number' is not assignable to type 'string'. */}\n    <b title={n} />",
    );
    expect(result.text).toContain(
      "\n      // @ts-expect-error armada: TS2322 Type 'number' is not assignable to type 'string'.\n      title={n}",
    );
    expect(result.text).toContain(
      "(\n      // @ts-expect-error armada: TS2322 Type 'number' is not assignable to type 'string'.\n      <p title={x}>",
    );
  });

  it("reports errors on lines inside a multi-line template as unsuppressible", () => {
    const placeholder = ["$", "{n.foo}"].join("");
    const result = suppress(
      "a.ts",
      `const n: number = 1;\nexport const s = \`a\n${placeholder}\`;\n`,
    );
    expect(result.unsuppressible).toBe(1);
    expect(result.after).toBe(1);
  });
});
