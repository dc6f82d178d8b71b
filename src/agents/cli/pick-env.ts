/**
 * The user's variables among `names` (exact) and `prefixes`, when set and not empty: what one
 * agent CLI reads, and nothing else of the user's environment.
 */
export function pickEnv(
  host: NodeJS.ProcessEnv,
  names: readonly string[],
  prefixes: readonly string[] = [],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(host)) {
    if (!value) continue;
    if (names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix)))
      picked[name] = value;
  }
  return picked;
}
