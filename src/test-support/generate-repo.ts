import { execFileSync, spawnSync } from "node:child_process";

export interface GeneratedRepo {
  files: number;
  jsFiles: number;
  bytes: number;
}

/**
 * Writes a large, realistic-looking JavaScript/TypeScript monorepo straight into a git
 * repository with `git fast-import` (one commit, no working tree): packages of nested feature
 * folders whose modules import their neighbours, shared utilities and npm packages, plus
 * tests, JSON fixtures and docs. The same seed gives the same repository.
 */
export function generateRepo(root: string, fileCount: number, seed = 1): GeneratedRepo {
  // mulberry32: small, and evenly spread, unlike a bare linear congruential generator.
  let state = seed >>> 0;
  const random = (n: number): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
  execFileSync("git", ["init", "-q", "-b", "main", root]);
  const paths: string[] = [];
  const packages = Math.max(1, Math.round(fileCount / 2500));
  for (let i = 0; paths.length < fileCount; i++) {
    const pkg = `packages/pkg-${i % packages}`;
    const area = `area-${random(12)}`;
    const feature = `feature-${random(30)}`;
    const kind = random(10);
    const name = `module-${i}`;
    if (kind < 6) paths.push(`${pkg}/src/${area}/${feature}/${name}.${kind < 3 ? "ts" : "js"}`);
    else if (kind < 8) paths.push(`${pkg}/test/${area}/${name}.test.ts`);
    else if (kind < 9) paths.push(`${pkg}/fixtures/${area}/${name}.json`);
    else paths.push(`docs/${area}/${name}.md`);
  }
  const modules = paths.filter((p) => /\.(ts|js)$/.test(p));
  const npm = ["react", "lodash", "zod", "express", "date-fns", "@scope/ui"];
  const contentOf = (file: string): string => {
    if (file.endsWith(".json")) return `${JSON.stringify({ id: file, values: [1, 2, 3] })}\n`;
    if (file.endsWith(".md")) return `# ${file}\n\nNotes about this area.\n`;
    const lines: string[] = [];
    for (let k = 0; k < 3; k++) {
      const target = modules[random(modules.length)] ?? file;
      const from = file.split("/").slice(0, -1);
      const to = target.split("/");
      let common = 0;
      while (common < from.length && from[common] === to[common]) common++;
      const relative = [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
      lines.push(
        `import { value as v${k} } from "${relative.startsWith(".") ? relative : `./${relative}`}";`,
      );
    }
    lines.push(`import ${"lib"} from "${npm[random(npm.length)]}";`);
    lines.push(`export const value = v0 + v1 + v2 + ${random(1000)};`);
    lines.push("export function compute(input) {\n  return lib(input) ?? value;\n}");
    return `${lines.join("\n")}\n`;
  };
  const chunks: string[] = [
    "commit refs/heads/main\n",
    "committer Bench <bench@localhost> 1700000000 +0000\n",
    "data 9\ngenerated\n",
  ];
  let bytes = 0;
  const manifest = `${JSON.stringify({ name: "generated", private: true, workspaces: ["packages/*"], scripts: { build: "tsc -b", test: "vitest run", lint: "eslint ." } }, null, 2)}\n`;
  for (const [file, content] of [
    ["package.json", manifest],
    ...paths.map((p) => [p, contentOf(p)]),
  ] as [string, string][]) {
    const length = Buffer.byteLength(content);
    bytes += length;
    chunks.push(`M 100644 inline ${file}\ndata ${length}\n${content}\n`);
  }
  const result = spawnSync("git", ["fast-import", "--quiet"], {
    cwd: root,
    input: chunks.join(""),
  });
  if (result.status !== 0) throw new Error(`git fast-import failed: ${result.stderr.toString()}`);
  return { files: paths.length + 1, jsFiles: modules.length, bytes };
}
