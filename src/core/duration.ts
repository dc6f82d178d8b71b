import { UsageError } from "./errors.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses durations such as `90s`, `10m`, `1h30m`, `7d`, `500ms`; a bare number means seconds. */
export function parseDuration(text: string, flag = "duration"): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || consumed !== trimmed) {
    throw new UsageError(
      `${flag} "${text}" is not a duration. Use a number with a unit, such as 90s, 10m or 1h30m.`,
    );
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * (UNITS[p[2] ?? "s"] ?? 1000), 0));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Parses sizes such as `10MiB`, `512k`, `1G` into bytes. */
export function parseSize(text: string, flag = "size"): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)(i?b)?$/i.exec(text.trim());
  if (!match) {
    throw new UsageError(
      `${flag} "${text}" is not a size. Use a number with a unit, such as 512k, 10MiB or 1G.`,
    );
  }
  const power = { "": 0, k: 1, m: 2, g: 3 }[(match[2] ?? "").toLowerCase()] ?? 0;
  return Math.round(Number(match[1]) * 1024 ** power);
}
