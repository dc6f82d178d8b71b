import { chmodSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

const lines = (n: number, change: Record<number, string> = {}): string =>
  `${Array.from({ length: n }, (_, i) => change[i] ?? `line ${i}`).join("\n")}\n`;

function plan(repo: ReturnType<typeof tempRepo>, yaml: string): string {
  const file = path.join(repo.root, "..", `${path.basename(repo.root)}.plan.yaml`);
  repo.write(`../${path.basename(file)}`, yaml);
  return file;
}

const CLASH = `objective: Clash
tasks:
  - { id: left, files: [shared.txt], command: "sed -i '2s/.*/LEFT/' shared.txt" }
  - { id: right, files: [shared.txt], command: "sleep 0.3; sed -i '2s/.*/&+RIGHT/' shared.txt" }
`;

describe("assembly", () => {
  it("merges two tasks that edit different hunks of one file", async () => {
    const repo = tempRepo({ "shared.txt": lines(30) });
    const file = plan(
      repo,
      `objective: Hunks
tasks:
  - { id: top, files: [shared.txt], command: "sed -i '2s/.*/TOP/' shared.txt" }
  - { id: bottom, files: [shared.txt], command: "sed -i '29s/.*/BOTTOM/' shared.txt" }
`,
    );
    const result = await armada(["run", "--plan", file, "--yes"], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(repo.read("shared.txt")).toBe(lines(30, { 1: "TOP", 28: "BOTTOM" }));
    const status = await statusJson(repo.root);
    // One commit per task on the integration branch, each with its trailers: the first result
    // lands as is, the second as its own commit plus the merge commit that records it.
    const log = repo.git(
      "log",
      "--format=%(trailers:key=Armada-Task,valueonly)",
      `${status.run.base}..armada/${status.run.id}`,
    );
    const trailers = log.split("\n").filter(Boolean);
    expect(trailers).toHaveLength(3);
    expect([...new Set(trailers)].sort()).toEqual(["bottom", "top"]);
  });

  it("redoes a conflicting task on the merged state, with the other side's change as context", async () => {
    const repo = tempRepo({ "shared.txt": lines(5) });
    const result = await armada(["run", "--plan", plan(repo, CLASH), "--yes"], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("right CONFLICT in shared.txt");
    expect(repo.read("shared.txt")).toBe(lines(5, { 1: "LEFT+RIGHT" }));
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.state, t.merge, t.attempts])).toEqual([
      ["left", "completed", "merged", 1],
      ["right", "completed", "merged", 2],
    ]);
    const logs = await armada(["logs", status.run.id, "right"], { cwd: repo.root });
    expect(logs.stdout).toContain("── attempt 2 (succeeded)");
  });

  it("hands the conflict to the redo through ARMADA_CONTEXT", async () => {
    const repo = tempRepo({ "shared.txt": lines(5) });
    const file = plan(
      repo,
      CLASH.replace(
        `command: "sleep 0.3; sed -i '2s/.*/&+RIGHT/' shared.txt"`,
        `command: "sleep 0.3; printf '%s' \\"$ARMADA_CONTEXT\\" > context.txt; sed -i '2s/.*/&+RIGHT/' shared.txt", files: [shared.txt, context.txt]`,
      ).replace('files: [shared.txt], command: "sleep', 'command: "sleep'),
    );
    const result = await armada(["run", "--plan", file, "--yes"], { cwd: repo.root });
    expect(result.code).toBe(0);
    const context = repo.read("context.txt");
    expect(context).toContain(
      "Other tasks changed the same parts of shared.txt after this task started.",
    );
    expect(context).toContain("-line 1\n+LEFT");
  });

  it("--on-conflict stop ends the run at the conflict and says how to finish by hand", async () => {
    const repo = tempRepo({ "shared.txt": lines(5) });
    const result = await armada(
      ["run", "--plan", plan(repo, CLASH), "--on-conflict", "stop", "--yes"],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.merge])).toEqual([
      ["left", "merged"],
      ["right", "conflict"],
    ]);
    expect(status.run.error).toContain(
      "stopped at a conflict (--on-conflict stop): task right conflicts with the merged results in shared.txt",
    );
    expect(status.run.applyState).toBe("skipped");
    expect(repo.read("shared.txt")).toBe(lines(5));
    expect(result.stdout).toContain(`armada diff ${status.run.id} right`);
    const diff = await armada(["diff", status.run.id, "right"], { cwd: repo.root });
    expect(diff.stdout).toContain("+line 1+RIGHT");
  });

  it("--on-conflict agent adds a resolver task that edits the conflicted file and is checked", async () => {
    const repo = tempRepo({ "shared.txt": lines(5) });
    repo.write(
      "../resolve.sh",
      `#!/bin/sh
# Keeps both sides: drops the marker lines.
for f in "$@"; do grep -v -E '^(<<<<<<<|=======|>>>>>>>)' "$f" > "$f.tmp" && mv "$f.tmp" "$f"; done
`,
    );
    const resolver = path.join(repo.root, "..", "resolve.sh");
    chmodSync(resolver, 0o755);
    const result = await armada(
      [
        "run",
        "--plan",
        plan(repo, CLASH),
        "--on-conflict",
        "agent",
        "--resolve-cmd",
        `${resolver} {files}`,
        "--agent-cmd",
        "false",
        // The resolver script lives outside the repository: only a worktree sandbox sees it.
        "--sandbox",
        "worktree",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.state, t.merge])).toEqual([
      ["left", "completed", "merged"],
      ["right", "completed", "resolved"],
      ["resolve-right", "completed", "merged"],
    ]);
    expect(repo.read("shared.txt")).toBe("line 0\nLEFT\nline 1+RIGHT\nline 2\nline 3\nline 4\n");
  });

  it("a resolver that leaves markers fails its check", async () => {
    const repo = tempRepo({ "shared.txt": lines(5) });
    const result = await armada(
      [
        "run",
        "--plan",
        plan(repo, CLASH),
        "--on-conflict",
        "agent",
        "--resolve-cmd",
        "true",
        "--agent-cmd",
        "false",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    const resolverTask = status.tasks.find((t) => t.id === "resolve-right");
    expect(resolverTask?.state).toBe("failed");
    expect(resolverTask?.error).toContain(
      "check `! grep -n -E '^(<<<<<<<|>>>>>>>)( |$)' -- 'shared.txt' 2>/dev/null` exited with code 1",
    );
    expect(status.tasks.find((t) => t.id === "right")?.merge).toBe("conflict");
  });

  it("merges a rename against an edit of the same file", async () => {
    const repo = tempRepo({ "old.js": lines(12) });
    const file = plan(
      repo,
      `objective: Rename and edit
tasks:
  - { id: rename, files: [old.js, new.js], command: "git mv old.js new.js" }
  - { id: edit, files: [old.js], command: "sed -i '10s/.*/EDITED/' old.js" }
`,
    );
    const result = await armada(["run", "--plan", file, "--yes"], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(repo.read("new.js")).toBe(lines(12, { 9: "EDITED" }));
    expect(repo.git("status", "--porcelain", "--untracked-files=all").split("\n").sort()).toEqual([
      "?? new.js",
      "D old.js",
    ]);
  });

  it("carries binary files, deletions and mode changes", async () => {
    const repo = tempRepo({ "img.bin": "", "gone.txt": "bye\n", "run.sh": "echo hi\n" });
    const file = plan(
      repo,
      `objective: Mixed
tasks:
  - { id: bin, files: [img.bin], command: "printf '\\\\000\\\\001\\\\002\\\\377' > img.bin" }
  - { id: del, files: [gone.txt], command: "rm gone.txt" }
  - { id: mode, files: [run.sh], command: "chmod +x run.sh" }
`,
    );
    const result = await armada(["run", "--plan", file, "--max-delete", "100%", "--yes"], {
      cwd: repo.root,
    });
    expect(result.code).toBe(0);
    expect([...Buffer.from(repo.read("img.bin"), "latin1")].length).toBeGreaterThan(0);
    expect(repo.git("diff", "--numstat", "img.bin")).toBe("-\t-\timg.bin");
    expect(repo.git("status", "--porcelain")).toContain("D gone.txt");
    expect(repo.git("diff", "--summary", "run.sh")).toContain(
      "mode change 100644 => 100755 run.sh",
    );
  });

  it("--squash leaves one commit on the result branch", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const result = await armada(
      [
        "run",
        "Upper",
        "--each",
        "*.txt",
        "--agent-cmd",
        "tr a-z A-Z < {files} > t && mv t {files}",
        "--squash",
        "--yes",
      ],
      {
        cwd: repo.root,
      },
    );
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(repo.git("rev-list", "--count", `${status.run.base}..armada/${status.run.id}`)).toBe(
      "1",
    );
    expect(repo.git("log", "-1", "--format=%B", `armada/${status.run.id}`)).toContain(
      "Armada-Run: ",
    );
    expect(repo.read("b.txt")).toBe("B\n");
  });

  it("plans a fix-up round from a failing check and passes the second time", async () => {
    const repo = tempRepo({ "src/a.txt": "a\n", "src/b.txt": "b\n" });
    // The plan's tasks forget a file the check needs once they have worked (the base passes it);
    // the fix-up task (told which check failed) adds it.
    const agent =
      'case "$ARMADA_TASK" in fixup-*) echo ok > src/ready.txt;; *) echo done >> {files};; esac';
    const result = await armada(
      [
        "run",
        "Make it ready",
        "--each",
        "src/*.txt",
        "--agent-cmd",
        agent,
        "--check",
        "! grep -q done src/a.txt || test -f src/ready.txt || { echo 'missing src/ready.txt' >&2; exit 1; }",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("run checks FAILED");
    expect(result.stdout).toContain("run checks PASSED");
    const status = await statusJson(repo.root);
    expect(status.run.checksState).toBe("passed");
    expect(status.tasks.at(-1)).toMatchObject({
      id: "fixup-1",
      state: "completed",
      merge: "merged",
    });
    expect(repo.read("src/ready.txt")).toBe("ok\n");
  });

  it("stops after --fix-rounds and reports the checks failing", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      [
        "run",
        "Never",
        "--each",
        "a.txt",
        "--agent-cmd",
        "echo x >> a.txt",
        "--check",
        "! grep -q x a.txt",
        "--fix-rounds",
        "1",
        "--retries",
        "0",
        "--yes",
      ],
      {
        cwd: repo.root,
      },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.id)).toEqual(["a-txt", "fixup-1"]);
    expect(status.run.checksState).toBe("failed");
    expect(status.run.error).toContain("the run's checks failed");
  });

  it("times out a run check that hangs", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      [
        "run",
        "Hang",
        "--each",
        "a.txt",
        "--agent-cmd",
        "echo x >> a.txt",
        "--check",
        "if grep -q x a.txt; then sleep 60; fi",
        "--timeout",
        "1s",
        "--fix-rounds",
        "0",
        "--yes",
      ],
      {
        cwd: repo.root,
      },
    );
    expect(result.code).toBe(1);
    const events = await armada(["logs"], { cwd: repo.root });
    expect(events.stdout).toContain("run checks FAILED");
    const status = await statusJson(repo.root);
    expect(status.run.checksState).toBe("failed");
  });
});

describe("suspicious results are rejected", () => {
  it("a task that deletes most of the repository fails unless the plan allows it", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`f${i}.txt`] = `${i}\n`;
    const repo = tempRepo(files);
    const result = await armada(
      ["run", "Oops", "--each", "f0.txt", "--agent-cmd", "rm -f *.txt", "--retries", "0", "--yes"],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.error).toContain(
      "it deletes 10 of the 10 files it started with (more than 50%), which looks like a mistake",
    );
    expect(repo.read("f5.txt")).toBe("5\n");
    // The rejected change is kept for inspection.
    expect(repo.git("for-each-ref", "--format=%(refname)", "refs/armada-attempts")).toBe(
      `refs/armada-attempts/${status.run.id}/f0-txt/1`,
    );
    const allowed = plan(
      repo,
      "objective: Clean\ntasks:\n  - { id: clean, files: ['*.txt'], allowDeletions: true, command: 'rm -f *.txt' }\n",
    );
    expect((await armada(["run", "--plan", allowed, "--yes"], { cwd: repo.root })).code).toBe(0);
  });

  it("a symlink leading out of the repository or a nested repository is rejected", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const link = await armada(
      [
        "run",
        "Link",
        "--each",
        "a.txt",
        "--agent-cmd",
        "ln -s /etc/passwd a-link",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(link.code).toBe(1);
    expect((await statusJson(repo.root)).tasks[0]?.error).toContain(
      "the symlink a-link points outside the repository (to /etc/passwd)",
    );
    const nested = await armada(
      [
        "run",
        "Nest",
        "--each",
        "a.txt",
        "--agent-cmd",
        "mkdir sub && cd sub && git init -q && git -c user.name=x -c user.email=x@x commit -q --allow-empty -m x",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(nested.code).toBe(1);
    expect((await statusJson(repo.root)).tasks[0]?.error).toContain(
      "it adds a nested git repository at sub",
    );
    const inside = await armada(
      ["run", "Inner", "--each", "a.txt", "--agent-cmd", "ln -s ./a.txt b-link", "--yes"],
      { cwd: repo.root },
    );
    expect(inside.code).toBe(0);
  });
});

describe("sync", () => {
  it("refuses when the user committed during the run, and keeps the result", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const result = await armada(
      [
        "run",
        "x",
        "--each",
        "a.txt",
        "--agent-cmd",
        "sleep 1; echo agent > a.txt",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root },
    );
    const runId = /Run (\w+) started/.exec(result.stdout)?.[1] ?? "";
    repo.write("b.txt", "committed meanwhile\n");
    repo.commitAll("user commit");
    for (let i = 0; i < 100 && (await statusJson(repo.root, runId)).run.state !== "failed"; i++)
      await new Promise((r) => setTimeout(r, 200));
    const status = await statusJson(repo.root, runId);
    expect(status.run.applyState).toBe("refused");
    const events = await armada(["logs", runId], { cwd: repo.root });
    expect(events.stdout).toContain("NOT APPLIED: HEAD moved since the run started");
    expect(repo.read("a.txt")).toBe("a\n");
    // The three-way mode brings it in on top of the new commit.
    const merged = await armada(["apply", runId, "--merge"], { cwd: repo.root });
    expect(merged.code).toBe(0);
    expect(repo.read("a.txt")).toBe("agent\n");
    expect(repo.read("b.txt")).toBe("committed meanwhile\n");
  });

  it("--merge merges the user's later edits three-way and writes markers only where allowed", async () => {
    const repo = tempRepo({ "doc.txt": lines(20), "other.txt": lines(3) });
    const ran = await armada(
      [
        "run",
        "x",
        "--each",
        "doc.txt",
        "--agent-cmd",
        "sed -i '2s/.*/AGENT/; 15s/.*/AGENT/' doc.txt",
        "--no-apply",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(ran.code).toBe(0);
    repo.write("doc.txt", lines(20, { 1: "MINE", 5: "MINE TOO" }));
    repo.git("add", "other.txt");
    const refused = await armada(["apply", "--merge"], { cwd: repo.root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("your edits and the result change the same lines");
    expect(repo.read("doc.txt")).toBe(lines(20, { 1: "MINE", 5: "MINE TOO" }));
    const applied = await armada(["apply", "--merge", "--allow-markers", "*.txt"], {
      cwd: repo.root,
    });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("Conflict markers were written into: doc.txt");
    const doc = repo.read("doc.txt");
    expect(doc).toContain("<<<<<<<");
    expect(doc).toContain("MINE TOO");
    expect(doc.split("\n")[14 + 4]).toBeDefined();
    expect(doc).toMatch(/\nAGENT\n/);
    // The index is untouched.
    expect(repo.git("diff", "--cached", "--name-only")).toBe("");
  });

  it("apply --branch checks out the result branch", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    await armada(
      ["run", "x", "--each", "a.txt", "--agent-cmd", "echo b > a.txt", "--no-apply", "--yes"],
      { cwd: repo.root },
    );
    const status = await statusJson(repo.root);
    const result = await armada(["apply", "--branch"], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(repo.git("branch", "--show-current")).toBe(`armada/${status.run.id}`);
    expect(repo.read("a.txt")).toBe("b\n");
  });
});
