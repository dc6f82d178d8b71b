import { render } from "ink";
import type { RunStore } from "../core/index.js";
import { Dashboard, type DashboardExit, type DashboardMode } from "./dashboard.js";
import { dashboardActions } from "./dashboard-actions.js";
import { watchRun } from "./run-watcher.js";
import { ColorContext, colorAllowed } from "./theme.js";

export interface DashboardOptions {
  store: RunStore;
  runId: string;
  mode: DashboardMode;
  /** `git diff` between two commits of the repository, as text. */
  diffText(from: string, to: string): Promise<string>;
  /** Stops the run this process drives; foreground only. */
  cancelRun?: () => void;
  /** A line the footer shows until something else is said (where the web dashboard is). */
  notice?: string | undefined;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  env?: NodeJS.ProcessEnv;
}

export interface DashboardHandle {
  /** Settles when the dashboard is gone and the terminal is back as it was. */
  exited: Promise<DashboardExit>;
  /** Ends the dashboard (the foreground run ended). */
  close(): Promise<DashboardExit>;
  /** The newest event the dashboard showed: plain lines continue after it. */
  lastSeq(): number;
}

// The dashboard draws on the terminal's alternate screen, as full-screen programs do, so the
// user's scrollback is left as it was and the summary prints below their command.
const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H";
const LEAVE_ALT_SCREEN = "\u001b[?1049l";

/** Shows the live dashboard of a run on the terminal until the user leaves or the run ends. */
export function showDashboard(options: DashboardOptions): DashboardHandle {
  const stdout = options.stdout ?? process.stdout;
  const watcher = watchRun(options.store, options.runId);
  let settle: (how: DashboardExit) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const exited = new Promise<DashboardExit>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const leave = (): void => {
    stdout.write(LEAVE_ALT_SCREEN);
  };
  process.once("exit", leave);
  let ending: DashboardExit | undefined;
  stdout.write(ENTER_ALT_SCREEN);
  const end = (how: DashboardExit): void => {
    if (ending) return;
    ending = how;
    watcher.stop();
    instance.unmount();
  };
  const instance = render(
    <ColorContext.Provider value={colorAllowed(options.env ?? process.env)}>
      <Dashboard
        watcher={watcher}
        mode={options.mode}
        actions={dashboardActions(options)}
        onExit={end}
        notice={options.notice}
      />
    </ColorContext.Provider>,
    {
      stdout,
      stdin: options.stdin ?? process.stdin,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 10,
      onRender: ({ renderTime }) => watcher.drew(renderTime),
    },
  );
  const restore = (): void => {
    watcher.stop();
    leave();
    process.off("exit", leave);
  };
  instance.waitUntilExit().then(
    () => {
      restore();
      settle(ending ?? "ended");
    },
    (error: unknown) => {
      restore();
      fail(error);
    },
  );
  return {
    exited,
    close() {
      end("ended");
      return exited;
    },
    lastSeq: () => watcher.model.lastSeq,
  };
}
