import { execFileSync } from "node:child_process";
import { onTestFinished } from "vitest";

/** Why terminal tests cannot run here, or undefined when they can. */
export function tmuxMissing(): string | undefined {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "tmux is not installed (apt-get install tmux)";
  }
}

export interface Terminal {
  /** The screen as text, one string per row. */
  screen(): string;
  /** Types keys as tmux names them: "q", "Enter", "Escape", "C-c", "Down". */
  keys(...keys: string[]): void;
  waitForScreen(
    test: (screen: string) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<string>;
}

let sessions = 0;

/**
 * Runs a command in a real terminal (a tmux pane of `columns` x `rows`), removed when the
 * test ends. The pane stays after the command exits and shows `exited <code>`.
 */
export function terminal(
  command: string,
  options: { cwd: string; columns?: number; rows?: number },
): Terminal {
  const socket = `armada-test-${process.pid}-${++sessions}`;
  const tmux = (...args: string[]): string =>
    execFileSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  // Ink shows only its last frame when it believes it runs in CI; a person's terminal is not CI.
  const shell = `env -u CI -u CONTINUOUS_INTEGRATION ${command}; echo "exited $?"; sleep 3600`;
  tmux(
    "new-session",
    "-d",
    "-x",
    String(options.columns ?? 100),
    "-y",
    String(options.rows ?? 30),
    "-c",
    options.cwd,
    shell,
  );
  onTestFinished(() => {
    try {
      tmux("kill-server");
    } catch {
      // Gone already.
    }
  });
  const screen = (): string => tmux("capture-pane", "-p");
  return {
    screen,
    keys: (...keys) => {
      for (const key of keys) tmux("send-keys", key);
    },
    async waitForScreen(test, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (test(text)) return text;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
