// The spawn helper: a small process that starts git for a large one. Forking copies the page
// tables of the process that forks, so a master holding a big run pays more for every process
// it starts, on its own event loop; this one stays small. One JSON request per line on stdin:
// {id, command, args, cwd, env, input (base64)}; one reply per line on stdout:
// {id, code, stdout (base64), stderr} or {id, error}. It ends when its stdin does.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
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
    reply({ id: request.id, error: error.message });
  });
  child.on("close", (code) => {
    if (replied) return;
    replied = true;
    reply({
      id: request.id,
      code: code ?? 1,
      stdout: Buffer.concat(out).toString("base64"),
      stderr: Buffer.concat(err).toString("utf8"),
    });
  });
  child.stdin.on("error", () => {});
  child.stdin.end(Buffer.from(request.input, "base64"));
});
