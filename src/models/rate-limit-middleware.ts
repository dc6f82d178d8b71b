import { APICallError, type LanguageModelMiddleware } from "ai";
import type { RateLimiter } from "./rate-limiter.js";

const CHARS_PER_TOKEN = 4;
const PAUSE_WITHOUT_RETRY_AFTER_MS = 2000;

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware["transformParams"]>>[0]["params"];

/** A rough token count of a call, charged before it is sent and corrected by its usage. */
function estimateTokens(params: CallOptions): number {
  const promptChars = JSON.stringify(params.prompt).length;
  const toolChars = params.tools ? JSON.stringify(params.tools).length : 0;
  return Math.ceil((promptChars + toolChars) / CHARS_PER_TOKEN) + (params.maxOutputTokens ?? 0);
}

function usedTokens(usage: {
  inputTokens: { total: number | undefined };
  outputTokens: { total: number | undefined };
}): number {
  return (usage.inputTokens.total ?? 0) + (usage.outputTokens.total ?? 0);
}

function retryAfterMs(error: APICallError): number {
  const headers = error.responseHeaders ?? {};
  const ms = Number.parseFloat(headers["retry-after-ms"] ?? "");
  if (!Number.isNaN(ms)) return ms;
  const seconds = Number.parseFloat(headers["retry-after"] ?? "");
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(headers["retry-after"] ?? "");
  return Number.isNaN(date) ? PAUSE_WITHOUT_RETRY_AFTER_MS : Math.max(0, date - Date.now());
}

/** A 429 for one agent is a 429 for all: hold the whole fleet until the provider says when. */
function noteFailure(limiter: RateLimiter, error: unknown): void {
  if (APICallError.isInstance(error) && error.statusCode === 429)
    limiter.pause(retryAfterMs(error));
}

/**
 * Every model call (each step of a tool loop, each SDK retry) takes its turn at the provider's
 * shared limiter first.
 */
export function rateLimitMiddleware(
  limiter: RateLimiter,
  onWait?: (waiting: boolean) => void,
): LanguageModelMiddleware {
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params }) {
      const grant = await limiter.acquire(estimateTokens(params), params.abortSignal, onWait);
      try {
        const result = await doGenerate();
        grant.settle(usedTokens(result.usage));
        return result;
      } catch (error) {
        noteFailure(limiter, error);
        throw error;
      }
    },
    async wrapStream({ doStream, params }) {
      const grant = await limiter.acquire(estimateTokens(params), params.abortSignal, onWait);
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await doStream();
      } catch (error) {
        noteFailure(limiter, error);
        throw error;
      }
      const watch = new TransformStream<
        typeof result.stream extends ReadableStream<infer P> ? P : never
      >({
        transform(part, controller) {
          if (part.type === "finish") grant.settle(usedTokens(part.usage));
          else if (part.type === "error") noteFailure(limiter, part.error);
          controller.enqueue(part);
        },
      });
      return { ...result, stream: result.stream.pipeThrough(watch) };
    },
  };
}
