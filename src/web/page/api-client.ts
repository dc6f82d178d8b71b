import type { ActionResult, ApiError } from "../api.js";

/** A request the server refused or could not answer; `status` is 0 when it did not answer. */
export class ApiFailure extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
  }
}

export const TOKEN_NEEDED = "This page needs the link with its token that `armada web` printed.";

function isApiError(body: unknown): body is ApiError {
  return typeof body === "object" && body !== null && typeof (body as ApiError).error === "string";
}

async function request(path: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiFailure(0, "The armada web server did not answer; is it still running?");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = isApiError(body) ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiFailure(response.status, message);
  }
  return body;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, { signal: signal ?? null })) as T;
}

export async function postAction(path: string, body: unknown = {}): Promise<ActionResult> {
  return (await request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  })) as ActionResult;
}

/** One line for the user: the server's reason, or what to do when the token is missing. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return error.status === 403 ? TOKEN_NEEDED : error.message;
  return error instanceof Error ? error.message : String(error);
}
