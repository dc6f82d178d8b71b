import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { Dashboard } from "./dashboard.js";
import { dashboardActions } from "./dashboard-actions.js";
import { watchRun } from "./run-watcher.js";
import { runFixture } from "./test-support/run-fixture.js";
import { ColorContext, colorAllowed } from "./theme.js";

// Colors must be possible for their absence to mean anything: chalk decides at import time.
vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

afterEach(cleanup);

function frameWith(color: boolean): string {
  const fx = runFixture(["a", "b", "c"]);
  fx.start("a");
  fx.finish("a", "completed");
  fx.start("b");
  fx.finish("b", "failed", { error: "boom" });
  fx.start("c");
  const watcher = watchRun(fx.store, fx.runId, { pollMs: 3_600_000, gapMs: 0 });
  onTestFinished(() => watcher.stop());
  const ui = render(
    <ColorContext.Provider value={color}>
      <Dashboard
        watcher={watcher}
        mode="watch"
        actions={dashboardActions({ store: fx.store, runId: fx.runId, diffText: async () => "" })}
        onExit={() => {}}
        size={{ columns: 100, rows: 20 }}
      />
    </ColorContext.Provider>,
  );
  return ui.lastFrame() ?? "";
}

describe("NO_COLOR", () => {
  it("is read from the environment as no-color.org says: set and not empty", () => {
    expect(colorAllowed({})).toBe(true);
    expect(colorAllowed({ NO_COLOR: "" })).toBe(true);
    expect(colorAllowed({ NO_COLOR: "1" })).toBe(false);
  });

  it("leaves the dashboard without a single escape code; colors otherwise", () => {
    const colored = frameWith(true);
    expect(colored).toContain("\u001b[32m"); // done in green
    expect(colored).toContain("\u001b[31m"); // failed in red
    expect(colored).toContain("\u001b[7m"); // the selected row
    const plain = frameWith(false);
    expect(plain).not.toContain("\u001b");
    expect(plain).toContain("› ✅ a");
    expect(plain).toMatch(/❌ b\s+Convert b\s+FAILED/);
  });
});
