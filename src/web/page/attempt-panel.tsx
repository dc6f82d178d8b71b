import { useState } from "react";
import type { AttemptView } from "../api.js";
import { ConversationView } from "./conversation-view.js";
import { Elapsed } from "./elapsed.js";
import { formatDuration, formatTime, formatUsage, shortCommit } from "./format.js";
import { LogView } from "./log-view.js";

/** One attempt: its facts, its log as it is written and, when kept, its conversation. */
export function AttemptPanel(props: {
  runId: string;
  taskId: string;
  attempt: AttemptView;
  panelId: string;
}) {
  const { runId, taskId, attempt } = props;
  const [logEnded, setLogEnded] = useState(false);
  return (
    <div id={props.panelId} role="tabpanel" className="attempt-panel">
      <p className="attempt-facts">
        <span className={`badge attempt-${attempt.state}`}>{attempt.state}</span>
        <span>
          started {formatTime(attempt.startedAt)}
          {attempt.finishedAt !== undefined && `, ended ${formatTime(attempt.finishedAt)}`} (
          <Elapsed from={attempt.startedAt} to={attempt.finishedAt} />
          {attempt.agentMs !== undefined && `, agent ${formatDuration(attempt.agentMs)}`})
        </span>
        {attempt.worker && <span>on {attempt.worker}</span>}
        {attempt.usage && <span>{formatUsage(attempt.usage)}</span>}
        <span>
          <code>{shortCommit(attempt.startCommit)}</code>
          {attempt.commit && (
            <>
              {" "}
              → <code>{shortCommit(attempt.commit)}</code>
            </>
          )}
        </span>
      </p>
      <h3>Log</h3>
      <LogView
        runId={runId}
        taskId={taskId}
        attempt={attempt.n}
        onEnded={() => setLogEnded(true)}
      />
      {attempt.hasTranscript && (
        <>
          <h3>Conversation</h3>
          <ConversationView
            runId={runId}
            taskId={taskId}
            attempt={attempt.n}
            version={`${attempt.state}:${logEnded}`}
          />
        </>
      )}
    </div>
  );
}
