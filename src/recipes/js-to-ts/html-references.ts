import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { possibleTypescriptNames } from "./convertible-files.js";

const SCRIPT_REFERENCE = /\b(src|href)=(["'])([^"']+\.(?:js|jsx|mjs|cjs))\2/g;

/**
 * HTML pages that load a converted file by its old name (`<script src="/src/main.jsx">`, as
 * Vite's index.html does) now name the TypeScript file, which the bundler compiles.
 */
export function fixHtmlReferences(
  root: string,
  htmlFiles: string[],
  log: (line: string) => void,
): void {
  for (const file of htmlFiles) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const text = readFileSync(full, "utf8");
    const updated = text.replace(
      SCRIPT_REFERENCE,
      (whole, attribute: string, quote: string, url: string) => {
        if (/^[a-z]+:|^\/\//i.test(url)) return whole;
        const target = url.startsWith("/")
          ? url.slice(1)
          : path.posix.join(path.posix.dirname(file), url);
        if (existsSync(path.join(root, target))) return whole;
        const renamed = possibleTypescriptNames(target).find((t) => existsSync(path.join(root, t)));
        if (!renamed) return whole;
        const next =
          url.slice(0, url.length - path.posix.extname(url).length) + path.posix.extname(renamed);
        log(`armada: ${file}: ${url} → ${next}`);
        return `${attribute}=${quote}${next}${quote}`;
      },
    );
    if (updated !== text) writeFileSync(full, updated);
  }
}
