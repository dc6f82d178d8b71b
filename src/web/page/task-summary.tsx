import type { ReactNode } from "react";
import type { TaskDetail, TaskView } from "../api.js";
import { taskHref } from "./route.js";
import { StateBadge } from "./state-badge.js";

function Row(props: { label: string; children: ReactNode }) {
  return (
    <div className="fact fact-wide">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Codes(props: { items: readonly string[] }) {
  return (
    <span className="paths">
      {props.items.map((item) => (
        <code key={item}>{item}</code>
      ))}
    </span>
  );
}

/** The task's identity and what it was asked to do. */
export function TaskSummary(props: {
  runId: string;
  task: TaskView;
  detail: TaskDetail | undefined;
}) {
  const { runId, task, detail } = props;
  return (
    <section className="run-header" aria-label="Task summary">
      <h1 className="objective">{task.title}</h1>
      <div className="run-status">
        <StateBadge state={task.state} testId="task-state" />
        {task.cancelRequested && task.state === "active" && (
          <span className="badge state-cancelled">cancelling</span>
        )}
        <code>{task.id}</code>
        <span className="dim">
          {task.kind} · attempt {task.attempt} · merge {task.mergeState}
          {task.redos > 0 && ` · redone ${task.redos}×`}
          {task.phase && task.state === "active" && ` · ${task.phase}`}
          {task.worker && ` · on ${task.worker}`}
        </span>
      </div>
      <dl className="facts">
        {task.deps.length > 0 && (
          <Row label="depends on">
            {task.deps.map((dep) => (
              <a key={dep} className="dep" href={taskHref(runId, dep)}>
                {dep}
              </a>
            ))}
          </Row>
        )}
        {task.resolves && (
          <Row label="resolves">
            <a href={taskHref(runId, task.resolves)}>{task.resolves}</a>
          </Row>
        )}
        {detail && detail.files.length > 0 && (
          <Row label="files">
            <Codes items={detail.files} />
          </Row>
        )}
        {detail?.agent && <Row label="agent">{detail.agent}</Row>}
        {detail && detail.checks.length > 0 && (
          <Row label="checks">
            <Codes items={detail.checks} />
          </Row>
        )}
        {task.conflictPaths.length > 0 && (
          <Row label="conflicts in">
            <Codes items={task.conflictPaths} />
          </Row>
        )}
        {task.noChange !== undefined && <Row label="no change">{task.noChange}</Row>}
      </dl>
    </section>
  );
}
