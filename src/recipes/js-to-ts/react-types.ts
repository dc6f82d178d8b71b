import ts from "typescript";

/** Whether `react` resolves to type declarations from a file, i.e. React's types are installed. */
export function hasReactTypes(fromFile: string, options: ts.CompilerOptions): boolean {
  const { resolvedModule } = ts.resolveModuleName("react", fromFile, options, ts.sys);
  return (
    resolvedModule !== undefined && /\.d\.[cm]?ts$|\.tsx?$/.test(resolvedModule.resolvedFileName)
  );
}
