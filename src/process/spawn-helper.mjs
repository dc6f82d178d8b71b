// The spawn helper: a small process that starts processes for a large one. Forking copies the
// page tables of the process that forks, so a master holding a big run pays more for every
// process it starts, on its own event loop; this one stays small.
// One JSON request per line on stdin, one message per line on stdout:
//   {id, command, args, cwd, env, input (base64)}  runs to its end:
//       -> {id, code, stdout (base64), stderr} or {id, error}
//   {id, stream: true, command, args, cwd, env, detached, input (base64, or null: stdin stays
//   open), stdin ("pipe" | "ignore")}  streams:
//       -> {id, event: "pid", pid}, {id, event: "out", fd, data (base64)}...,
//          then {id, event: "exit", code, signal} or {id, event: "error", error}
//   {id, write: base64}  writes to a streamed process's stdin; {id, end: true} closes it.
// It exits when its stdin ends (its parent is gone): the pipes it held close with it, so a
// sandbox's holder, waiting on its stdin, ends as it did when the master held it directly.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const streams = new Map();

function runToEnd(request) {
  const child = spawn(request.command, request.args, {
    cwd: request.cwd,
    env: request.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out = [];
  const err = [];
  let replied = false;
  child.stdout.on("data", (chunk) => out.push(chunk));
  child.stderr.on("data", (chunk) => err.push(chunk));
  child.on("error", (error) => {
    if (replied) return;
    replied = true;
    send({ id: request.id, error: error.message });
  });
  child.on("close", (code) => {
    if (replied) return;
    replied = true;
    send({
      id: request.id,
      code: code ?? 1,
      stdout: Buffer.concat(out).toString("base64"),
      stderr: Buffer.concat(err).toString("utf8"),
    });
  });
  child.stdin.on("error", () => {});
  child.stdin.end(Buffer.from(request.input, "base64"));
}

function stream(request) {
  const { id } = request;
  const child = spawn(request.command, request.args, {
    cwd: request.cwd,
    env: request.env,
    detached: request.detached,
    stdio: [request.stdin, "pipe", "pipe"],
  });
  let ended = false;
  const end = (message) => {
    if (ended) return;
    ended = true;
    streams.delete(id);
    send({ id, ...message });
  };
  streams.set(id, child);
  child.on("spawn", () => send({ id, event: "pid", pid: child.pid }));
  for (const fd of [1, 2])
    child.stdio[fd].on("data", (chunk) =>
      send({ id, event: "out", fd, data: chunk.toString("base64") }),
    );
  child.on("error", (error) => end({ event: "error", error: error.message }));
  child.on("close", (code, signal) => end({ event: "exit", code, signal }));
  if (child.stdin) {
    child.stdin.on("error", () => {});
    if (request.input !== null) child.stdin.end(Buffer.from(request.input, "base64"));
  }
}

createInterface({ input: process.stdin })
  .on("line", (line) => {
    const request = JSON.parse(line);
    if (request.end) streams.get(request.id)?.stdin?.end();
    else if (request.write !== undefined)
      streams.get(request.id)?.stdin?.write(Buffer.from(request.write, "base64"));
    else if (request.stream) stream(request);
    else runToEnd(request);
  })
  .on("close", () => process.exit(0));
