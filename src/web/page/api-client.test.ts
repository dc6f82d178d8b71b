import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiFailure, errorText, getJson, postAction, TOKEN_NEEDED } from "./api-client.js";

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status }));
}

describe("api client", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("returns the JSON of a successful GET, with the cookie sent", async () => {
    const fetch = answer(200, { runs: [] });
    vi.stubGlobal("fetch", fetch);
    expect(await getJson("/api/runs")).toEqual({ runs: [] });
    expect(fetch.mock.calls[0]).toMatchObject(["/api/runs", { credentials: "same-origin" }]);
  });

  it("posts JSON and returns the action's message", async () => {
    const fetch = answer(200, { message: "cancelling" });
    vi.stubGlobal("fetch", fetch);
    expect(await postAction("/api/runs/r/apply", { merge: true })).toEqual({
      message: "cancelling",
    });
    expect(fetch.mock.calls[0]).toMatchObject([
      "/api/runs/r/apply",
      {
        method: "POST",
        body: '{"merge":true}',
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
      },
    ]);
  });

  it("throws the server's error text with the status", async () => {
    vi.stubGlobal("fetch", answer(409, { error: "the run is still running" }));
    const failure = await getJson("/x").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ status: 409, message: "the run is still running" });
    expect(errorText(failure)).toBe("the run is still running");
  });

  it("asks for the token link on a 403", async () => {
    vi.stubGlobal("fetch", answer(403, { error: "forbidden" }));
    expect(errorText(await getJson("/x").catch((error: unknown) => error))).toBe(TOKEN_NEEDED);
  });

  it("says so when the server does not answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    expect(await getJson("/x").catch((error: unknown) => error)).toMatchObject({ status: 0 });
  });
});
