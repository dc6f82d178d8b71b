import type { Transcript } from "../api.js";
import { transcriptPath } from "./api-paths.js";
import { ErrorLine } from "./error-line.js";
import { formatUsage } from "./format.js";
import { TranscriptPartView } from "./transcript-part.js";
import { useFetch } from "./use-fetch.js";

/** What the agent and its model said to each other during one attempt. */
export function ConversationView(props: {
  runId: string;
  taskId: string;
  attempt: number;
  /** Changes when the attempt moved on (ended): the transcript is fetched again. */
  version: string;
}) {
  const { data, error, loading, reload } = useFetch<Transcript>(
    transcriptPath(props.runId, props.taskId, props.attempt),
    props.version,
  );
  return (
    <div className="conversation" data-testid="conversation">
      {error !== undefined && <ErrorLine error={error} onRetry={reload} />}
      {!data && loading && <p className="empty">Loading the conversation…</p>}
      {data && (
        <>
          <p className="conversation-meta">
            <span>{data.model}</span> · <span>{formatUsage(data.usage)}</span>
            {data.outcome !== null && (
              <>
                {" "}
                · <strong>{data.outcome}</strong>
              </>
            )}
          </p>
          <details className="message message-system">
            <summary>system prompt</summary>
            <div className="part-text">{data.system}</div>
          </details>
          {data.messages.map((message, i) => (
            // Messages have no id; the transcript only grows, so a place is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <article key={i} className={`message message-${message.role}`}>
              <header className="message-role">{message.role}</header>
              {typeof message.content === "string" ? (
                <div className="part-text">{message.content}</div>
              ) : (
                message.content.map((part, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id either
                  <TranscriptPartView key={j} part={part} />
                ))
              )}
            </article>
          ))}
        </>
      )}
    </div>
  );
}
