import type { AttemptView, TaskView } from "../api.js";

/** Why the task failed or was blocked: its own error, then each failed attempt's. */
export function TaskFailure(props: { task: TaskView; attempts: readonly AttemptView[] }) {
  const { task } = props;
  const failed = props.attempts.filter((attempt) => attempt.error);
  if (!task.error && failed.length === 0) return null;
  const heading =
    task.state === "blocked"
      ? "Why it is blocked"
      : task.state === "failed"
        ? "Why it failed"
        : "What went wrong";
  return (
    <section className="failure-box" aria-labelledby="failure-title">
      <h2 id="failure-title">{heading}</h2>
      {task.error && <pre className="failure-text">{task.error}</pre>}
      {failed.map((attempt) => (
        <div key={attempt.n}>
          <h3>
            attempt {attempt.n} ({attempt.state})
          </h3>
          <pre className="failure-text">{attempt.error}</pre>
        </div>
      ))}
    </section>
  );
}
