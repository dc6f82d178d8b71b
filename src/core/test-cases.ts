/** The test cases a check's output reports, in the machine-readable format found there. */
export interface TestCaseReport {
  format: "tap" | "junit" | "jest-json";
  /** Every test case found, skipped and to-do ones included. */
  total: number;
  /** Stable ids of the failed cases, e.g. "file > suite > name", each once, in output order. */
  failed: string[];
  /** Cases that passed; `total - failed.length - passed` were skipped or left to do. */
  passed: number;
}

interface Case {
  path: string[];
  outcome: "passed" | "failed" | "skipped";
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are ESC sequences
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// Some reporters write how long a case took after its name: "parses (12 ms)", "parses [3s]".
const DURATION = /\s*[([]\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds)[)\]]$/;

/**
 * The test cases a check's whole output (stdout and stderr interleaved, other lines around)
 * reports, from TAP, JUnit XML or Jest/Vitest JSON, so that a test failing before the agents
 * ran and after can be told from a new failure. Ids hold no durations, numbering or colours:
 * two runs of the same suite give the same ids. When the output holds several formats, the
 * one with the most cases wins; undefined when it holds no test case in any of them.
 *
 * Reporters name files as the runner saw them, absolute paths included; given `root`, the
 * directory the check ran in, ids name files under it relative to it, so that runs in two
 * different sandboxes give the same ids.
 */
export function testCases(output: string, root?: string): TestCaseReport | undefined {
  const text = output.replace(ANSI, "").replace(/\r\n?/g, "\n");
  const found: [TestCaseReport["format"], Case[]][] = [
    ["jest-json", jestJsonCases(text)],
    ["junit", junitCases(text)],
    ["tap", tapCases(text)],
  ];
  let best: [TestCaseReport["format"], Case[]] | undefined;
  for (const entry of found) {
    if (entry[1].length > (best?.[1].length ?? 0)) best = entry;
  }
  if (!best) return undefined;
  const [format, cases] = best;
  const prefix = root ? `${root.replace(/\/+$/, "")}/` : undefined;
  const id = (c: Case) => {
    const joined = c.path.map((part) => part.replace(ANSI, "").replace(DURATION, "").trim());
    const text = joined.filter((part) => part !== "").join(" > ");
    return prefix ? text.split(`file://${prefix}`).join("").split(prefix).join("") : text;
  };
  return {
    format,
    total: cases.length,
    failed: [...new Set(cases.filter((c) => c.outcome === "failed").map(id))],
    passed: cases.filter((c) => c.outcome === "passed").length,
  };
}

// --- TAP 13/14, node:test's included ------------------------------------------------------

const TAP_HEADER = /^\s*(?:TAP version \d+|1\.\.\d+)/m;
const TEST_POINT = /^(\s*)(not ok|ok)\b(?:\s+\d+)?(?:\s*-(?=\s|$))?(.*)$/;
const SUBTEST = /^(\s*)# Subtest: (.*)$/;

interface TapCase extends Case {
  indent: number;
}

/**
 * Leaf test points, named after the parents they are nested in. A parent's point comes after
 * its children's, indented less; it counts only when it failed with no failed child (a hook
 * of its own failed), since its children already say what failed.
 */
function tapCases(text: string): Case[] {
  if (!TAP_HEADER.test(text)) return [];
  // Lines before the stream's first version line are someone else's, however they read.
  const version = text.search(/^\s*TAP version \d+/m);
  const cases: TapCase[] = [];
  // The subtests announced by `# Subtest:` and not closed yet, by indent: names the parents
  // of children whose parent's own point never came (a run cut short).
  const open = new Map<number, string>();
  let yamlIndent: number | undefined;
  let afterPoint: number | undefined;
  for (const line of text.slice(Math.max(0, version)).split("\n")) {
    const indent = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (yamlIndent !== undefined) {
      const end = trimmed === "..." && indent === yamlIndent;
      if (trimmed === "" || indent >= yamlIndent) {
        if (end) yamlIndent = undefined;
        continue;
      }
      yamlIndent = undefined;
    }
    if (afterPoint !== undefined && trimmed === "---" && indent >= afterPoint) {
      yamlIndent = indent;
      afterPoint = undefined;
      continue;
    }
    if (trimmed !== "") afterPoint = undefined;
    const subtest = SUBTEST.exec(line);
    if (subtest) {
      open.set(indent, unescapeTap(subtest[2] ?? "").trim());
      continue;
    }
    const point = TEST_POINT.exec(line);
    if (!point) continue;
    afterPoint = indent;
    for (const level of open.keys()) if (level >= indent) open.delete(level);
    const { description, directive } = splitDirective(point[3] ?? "");
    const outcome: Case["outcome"] = directive
      ? "skipped"
      : point[2] === "ok"
        ? "passed"
        : "failed";
    let first = cases.length;
    while (first > 0 && (cases[first - 1]?.indent ?? 0) > indent) first--;
    const children = cases.splice(first);
    for (const child of children) {
      child.path.unshift(description);
      child.indent = indent;
    }
    for (const child of children) cases.push(child);
    const childFailed = children.some((c) => c.outcome === "failed");
    if (children.length === 0 || (outcome === "failed" && !childFailed)) {
      cases.push({ path: [description], outcome, indent });
    }
  }
  const base = cases.reduce((least, c) => Math.min(least, c.indent), Number.POSITIVE_INFINITY);
  const levels = [...open.keys()].sort((a, b) => a - b);
  return cases.map((c) => {
    const parents = levels.filter((l) => l >= base && l < c.indent).map((l) => open.get(l) ?? "");
    return { path: [...parents, ...c.path], outcome: c.outcome };
  });
}

/** A description and whether a `# SKIP` or `# TODO` directive follows it; `\#` is a hash. */
function splitDirective(rest: string): { description: string; directive: boolean } {
  let i = 0;
  while (i < rest.length && rest[i] !== "#") i += rest[i] === "\\" ? 2 : 1;
  const comment = rest.slice(i + 1);
  return {
    description: unescapeTap(rest.slice(0, i)).trim(),
    directive: i < rest.length && /^\s*(?:skip|todo)/i.test(comment),
  };
}

function unescapeTap(value: string): string {
  return value.replace(/\\([\\#])/g, "$1");
}

// --- JUnit XML -----------------------------------------------------------------------------

const ATTRIBUTES = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const JUNIT_TAG =
  /<(\/?)(testsuites|testsuite|testcase|failure|error|skipped)\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/**
 * `<testcase>`s, failed when they hold a `<failure>` or `<error>` and no `<skipped>` (node:test
 * writes both for a failing to-do). Ids: the classname, the enclosing `<testsuite>`s that
 * are not the classname itself (node:test nests one per `describe`), then the name.
 */
function junitCases(text: string): Case[] {
  const xml = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, "");
  const cases: Case[] = [];
  const suites: string[] = [];
  let current: { path: string[]; failed: boolean; skipped: boolean } | undefined;
  const close = () => {
    if (!current) return;
    const outcome = current.skipped ? "skipped" : current.failed ? "failed" : "passed";
    cases.push({ path: current.path, outcome });
    current = undefined;
  };
  for (const [, closing, tag, attributeText = "", selfClosing] of xml.matchAll(JUNIT_TAG)) {
    if (tag === "testsuite" && !selfClosing) {
      if (closing) suites.pop();
      else suites.push(attributes(attributeText).get("name") ?? "");
    } else if (tag === "testcase") {
      close();
      if (closing) continue;
      const found = attributes(attributeText);
      const name = found.get("name") ?? "";
      const classname = found.get("classname") ?? "";
      const nested = suites.filter((s) => s !== "" && !classname.startsWith(s));
      const path = [classname, ...nested, name].filter((part) => part !== "");
      current = { path: name === classname ? [name] : path, failed: false, skipped: false };
      if (selfClosing) close();
    } else if (current && !closing) {
      if (tag === "skipped") current.skipped = true;
      else if (tag === "failure" || tag === "error") current.failed = true;
    }
  }
  close();
  return cases;
}

function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name = "", double, single] of text.matchAll(ATTRIBUTES)) {
    found.set(name, decodeEntities(double ?? single ?? ""));
  }
  return found;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, code: string) => {
    if (code.startsWith("#")) {
      const point =
        code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : +code.slice(1);
      return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return ENTITIES[code.toLowerCase()] ?? entity;
  });
}

// --- Jest / Vitest JSON --------------------------------------------------------------------

const KEY = '"testResults"';

/**
 * The assertions of every JSON report in the output: the innermost object open around a
 * `"testResults"` that parses and holds a `testResults` array. A file that failed with no
 * failed assertion (it did not load) is one failed case named after the file.
 */
function jestJsonCases(text: string): Case[] {
  const cases: Case[] = [];
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"' || char === "\n") inString = false;
    } else if (char === "{") open.push(i);
    else if (char === "}") open.pop();
    else if (char === '"') {
      inString = true;
      if (!text.startsWith(KEY, i)) continue;
      for (let depth = open.length - 1; depth >= Math.max(0, open.length - 50); depth--) {
        const start = open[depth] ?? 0;
        const end = matchingBrace(text, start);
        const results = end === -1 ? undefined : parseResults(text.slice(start, end));
        if (!results) continue;
        for (const found of reportCases(results)) cases.push(found);
        open.length = depth;
        inString = false;
        i = end - 1;
        break;
      }
    }
  }
  return cases;
}

/** The index just past the `}` closing the object opened at `start`, or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      else if (char === "\n") return -1;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

function parseResults(json: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (isRecord(value) && Array.isArray(value.testResults)) return value.testResults;
  } catch {
    // Not the report's object: an object inside it, or braces in the lines around it.
  }
  return undefined;
}

function reportCases(results: unknown[]): Case[] {
  const cases: Case[] = [];
  for (const file of results) {
    if (!isRecord(file)) continue;
    const name = typeof file.name === "string" ? file.name : "";
    const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    let failed = false;
    for (const assertion of assertions) {
      if (!isRecord(assertion)) continue;
      const ancestors = Array.isArray(assertion.ancestorTitles) ? assertion.ancestorTitles : [];
      const titles =
        typeof assertion.title === "string"
          ? [...ancestors.filter((t) => typeof t === "string"), assertion.title]
          : [typeof assertion.fullName === "string" ? assertion.fullName : ""];
      const outcome =
        assertion.status === "failed"
          ? "failed"
          : assertion.status === "passed"
            ? "passed"
            : "skipped";
      failed ||= outcome === "failed";
      cases.push({ path: [name, ...titles], outcome });
    }
    if (file.status === "failed" && !failed) cases.push({ path: [name], outcome: "failed" });
  }
  return cases;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
