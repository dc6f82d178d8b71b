import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A token as Jupyter's: enough randomness that holding the URL is the permission. */
export function newToken(): string {
  return randomBytes(24).toString("hex");
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

export interface AccessGuard {
  /**
   * Lets the request through, or answers it: a redirect that trades the URL's token for a
   * cookie, or a refusal. Returns whether the caller should go on.
   */
  admit(request: IncomingMessage, response: ServerResponse, url: URL): boolean;
}

/**
 * Every request needs the token: in the URL once (the printed link), then in a cookie the
 * page's requests carry, or as `Authorization: Bearer` for scripts. The cookie is HttpOnly
 * and SameSite=Strict, so another site's page cannot use it; requests that change something
 * must also come from this origin. Cookies are shared by every port of a host, so the cookie's
 * name holds the port: two dashboards on one machine keep their own.
 */
export function accessGuard(token: string, port: () => number): AccessGuard {
  const refuse = (response: ServerResponse, why: string): false => {
    response.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
    response.end(`armada web: ${why}\n`);
    return false;
  };
  return {
    admit(request, response, url) {
      const cookie = `armada-token-${port()}`;
      const given = url.searchParams.get("token");
      if (given !== null) {
        if (!same(given, token))
          return refuse(response, "this token is not the one `armada web` printed.");
        url.searchParams.delete("token");
        response.writeHead(302, {
          location: `${url.pathname}${url.search}`,
          "set-cookie": `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
        response.end();
        return false;
      }
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      const held = bearer ?? cookieValue(request.headers.cookie, cookie);
      if (held === undefined || !same(held, token))
        return refuse(
          response,
          "this address needs the link with its token that `armada web` printed.",
        );
      if (request.method !== "GET" && request.method !== "HEAD" && bearer === undefined) {
        const origin = request.headers.origin;
        if (origin !== undefined && origin !== `http://${request.headers.host}`)
          return refuse(response, `a request from ${origin} may not act on this dashboard.`);
      }
      return true;
    },
  };
}
