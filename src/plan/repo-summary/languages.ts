const BY_EXTENSION: Record<string, string> = {
  ts: "TypeScript",
  tsx: "TypeScript (JSX)",
  mts: "TypeScript",
  cts: "TypeScript",
  js: "JavaScript",
  jsx: "JavaScript (JSX)",
  mjs: "JavaScript",
  cjs: "JavaScript",
  vue: "Vue",
  svelte: "Svelte",
  py: "Python",
  rb: "Ruby",
  go: "Go",
  rs: "Rust",
  java: "Java",
  kt: "Kotlin",
  swift: "Swift",
  c: "C",
  h: "C/C++ header",
  cc: "C++",
  cpp: "C++",
  hpp: "C++",
  cs: "C#",
  php: "PHP",
  scala: "Scala",
  sh: "Shell",
  css: "CSS",
  scss: "SCSS",
  less: "Less",
  html: "HTML",
  md: "Markdown",
  mdx: "MDX",
  json: "JSON",
  yaml: "YAML",
  yml: "YAML",
  toml: "TOML",
  sql: "SQL",
  graphql: "GraphQL",
  proto: "Protocol Buffers",
};

export const JS_LIKE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export function languageOf(file: string): string {
  const dot = file.lastIndexOf(".");
  const slash = file.lastIndexOf("/");
  if (dot <= slash + 1) return "other";
  return BY_EXTENSION[file.slice(dot + 1).toLowerCase()] ?? "other";
}
