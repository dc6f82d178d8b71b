import { RunDiffPage } from "./run-diff-page.js";
import { RunPage } from "./run-page.js";
import { RunsPage } from "./runs-page.js";
import { TaskPage } from "./task-page.js";
import { TopBar } from "./top-bar.js";
import { useRoute } from "./use-route.js";
import { useRunFeed } from "./use-run-feed.js";

export function App() {
  const route = useRoute();
  // Held above the pages so going from a run to its task and back keeps the run loaded.
  const feed = useRunFeed(route.view === "run" || route.view === "task" ? route.runId : null);
  return (
    <>
      <TopBar route={route} objective={feed.model?.run.objective} />
      <main className="main">
        {route.view === "runs" && <RunsPage />}
        {route.view === "run" && <RunPage runId={route.runId} feed={feed} />}
        {route.view === "task" && (
          <TaskPage
            key={`${route.runId}/${route.taskId}`}
            runId={route.runId}
            taskId={route.taskId}
            feed={feed}
          />
        )}
        {route.view === "run-diff" && <RunDiffPage runId={route.runId} />}
        {route.view === "not-found" && (
          <p className="empty">
            Nothing here: <code>{route.hash}</code>. <a href="#/">See the runs</a>.
          </p>
        )}
      </main>
    </>
  );
}
