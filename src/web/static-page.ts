import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * Serves the built page: its hashed assets for a year, index.html for every other path (the
 * page routes itself). Nothing outside the page's folder is reachable.
 */
export function servePage(pageDir: string, pathname: string, response: ServerResponse): void {
  const index = path.join(pageDir, "index.html");
  if (!existsSync(index)) {
    response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    response.end(
      `armada web: the page is not built (${index} is missing). Run \`npm run build\` in armada's folder.\n`,
    );
    return;
  }
  const wanted = path.resolve(pageDir, `.${decodeURIComponent(pathname)}`);
  const inside = wanted.startsWith(`${pageDir}${path.sep}`);
  const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : index;
  const hashed = file !== index && pathname.startsWith("/assets/");
  response.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
    "content-security-policy":
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  });
  createReadStream(file).pipe(response);
}
