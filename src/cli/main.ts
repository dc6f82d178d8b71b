#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { toArmadaError, UsageError } from "../core/index.js";
import { registerApply } from "./apply-command.js";
import { registerCancel } from "./cancel-command.js";
import { registerDiff } from "./diff-command.js";
import { registerDoctor } from "./doctor-command.js";
import { registerGc } from "./gc-command.js";
import { registerList } from "./list-command.js";
import { registerLogs } from "./logs-command.js";
import { registerMaster } from "./master-command.js";
import { registerPlan } from "./plan-command.js";
import { registerResume } from "./resume-command.js";
import { registerRetry } from "./retry-command.js";
import { registerRun } from "./run-command.js";
import { registerStatus } from "./status-command.js";
import { VERSION } from "./version.js";
import { registerWeb } from "./web-command.js";
import { registerWorker } from "./worker-command.js";

const program = new Command("armada")
  .description(
    "Hand a large coding objective to a fleet of coding agents, each in its own sandbox, and get one merged result back.",
  )
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

registerRun(program);
registerPlan(program);
registerStatus(program);
registerLogs(program);
registerList(program);
registerCancel(program);
registerResume(program);
registerRetry(program);
registerDiff(program);
registerApply(program);
registerDoctor(program);
registerGc(program);
registerWeb(program);
registerWorker(program);
registerMaster(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const failure = toArmadaError(error);
    process.stderr.write(`armada: ${failure.userMessage}\n`);
    if (failure.code === "internal" && failure.cause instanceof Error && failure.cause.stack) {
      process.stderr.write(`${failure.cause.stack}\n`);
    }
    process.exitCode = failure instanceof UsageError ? 2 : 1;
  }
}
