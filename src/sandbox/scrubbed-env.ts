const ALWAYS = [
  "PATH",
  "HOME",
  "LANG",
  "LANGUAGE",
  "TERM",
  "TZ",
  "USER",
  "LOGNAME",
  "SHELL",
  "TMPDIR",
];

/**
 * The environment a sandbox gets: a short allow-list of the master's variables (locale and
 * PATH so tools behave as on the user's terminal) plus the names the user allowed. Tokens and
 * keys never pass unless named.
 */
export function scrubbedEnv(
  allow: string[] = [],
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (ALWAYS.includes(name) || name.startsWith("LC_") || allow.includes(name)) env[name] = value;
  }
  env.PATH ??= "/usr/local/bin:/usr/bin:/bin";
  return env;
}
