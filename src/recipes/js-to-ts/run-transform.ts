#!/usr/bin/env node
/**
 * The js-to-ts recipe's hands: the builtin agent runs this script inside a task's sandbox, with
 * the sandbox root as cwd and a TransformRequest as JSON on stdin. It writes what it does as
 * `armada: …` lines; the last line of a failure is `armada: failed: <why>`, and it exits 1.
 */
import { readFileSync } from "node:fs";
import { convertFiles } from "./convert-files.js";
import { fixTypeErrors } from "./fix-type-errors.js";
import { RecipeError } from "./recipe-error.js";
import { type TransformRequest, transformRequestSchema } from "./transform-request.js";
import { writeTsconfig } from "./write-tsconfig.js";

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function fail(why: string): number {
  log(`armada: failed: ${why}`);
  return 1;
}

function convert(root: string, files: string[]): number {
  const report = convertFiles(root, files, log);
  for (const { file, reason } of report.unsupported) {
    log(
      `armada: unsupported: ${file} is ${reason}; left as JavaScript (armada converts plain JavaScript only)`,
    );
  }
  for (const { file, message } of report.failed) log(`armada: cannot convert ${file}: ${message}`);
  const [first] = report.failed;
  if (first) {
    const more =
      report.failed.length > 1
        ? ` (and ${report.failed.length - 1} more file(s), listed above)`
        : "";
    return fail(`${first.message}${more} (this task changed no file)`);
  }
  let annotations = 0;
  for (const { from, to, annotations: n } of report.converted) {
    log(`armada: converted ${from} → ${to} (${n} annotation${n === 1 ? "" : "s"})`);
    annotations += n;
  }
  log(`armada: files-converted ${report.converted.length}`);
  log(`armada: annotations-added ${annotations}`);
  return 0;
}

function fix(root: string, files: string[]): number {
  const report = fixTypeErrors(root, files, log);
  if (report.untypedModules.length > 0) {
    log(
      `armada: untyped-modules ${report.untypedModules.length}: ${report.untypedModules.join(", ")}`,
    );
  }
  if (report.untypedGlobals.length > 0) {
    log(
      `armada: untyped-globals ${report.untypedGlobals.length}: ${report.untypedGlobals.join(", ")}`,
    );
  }
  for (const d of report.debt)
    log(`armada: expect-error ${d.file}:${d.line} TS${d.code} ${d.message}`);
  log(`armada: type-debt ${report.debt.length}`);
  if (report.remaining.length > 0) {
    for (const line of report.remaining) log(`armada: type error left: ${line}`);
    return fail(
      `${report.remaining.length} type error(s) are outside the converted files or cannot take a comment, first: ${report.remaining[0]}`,
    );
  }
  return 0;
}

function run(request: TransformRequest): number {
  const root = process.cwd();
  switch (request.mode) {
    case "convert":
      return convert(root, request.files);
    case "tsconfig":
      writeTsconfig(root, log);
      return 0;
    case "fix-type-errors":
      return fix(root, request.files);
  }
}

function main(): number {
  try {
    const parsed = transformRequestSchema.safeParse(JSON.parse(readFileSync(0, "utf8")));
    if (!parsed.success)
      return fail(`the request on stdin is not a transform request: ${parsed.error.message}`);
    return run(parsed.data);
  } catch (error) {
    if (error instanceof RecipeError) return fail(error.message);
    log(
      `armada: internal error of the js-to-ts recipe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail(
      `internal error of the js-to-ts recipe: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

process.exitCode = main();
