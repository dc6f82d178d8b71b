import type { CheckFailure, MergeStep } from "./assembler-port.js";
import type { Culprit, RunRecord } from "./records.js";
import { regressionsOf } from "./regressions.js";
import type { RunSession } from "./run-session.js";

/** A culprit with what its redo needs to know. */
export interface Placed extends Culprit {
  /** The checks' failures on the state that first broke. */
  failures: CheckFailure[];
  /** The result commit that broke them, and the partner's, for the redo's context. */
  result: string;
  partnerResult?: string | undefined;
}

/** How many culprits one validation looks for before the redos go to work. */
const MAX_CULPRITS = 4;

function checkNames(failures: CheckFailure[]): string[] {
  return [...new Set(failures.map((f) => f.check))];
}

/**
 * Finds the results that broke the run's checks by bisecting the merge order, and takes each
 * out of the integration state (the later results merged again without it). `goodMerges`
 * results from the start are known to pass (the base, or the last verified point). Stops at
 * what it cannot place: a culprit that is not a plan task, or a rebuild that conflicts.
 */
export async function placeCulprits(
  session: RunSession,
  run: RunRecord,
  failing: CheckFailure[],
  goodMerges: number,
): Promise<{ culprits: Placed[]; integration: string; clean: boolean } | undefined> {
  const { assembler } = session.deps;
  const culprits: Placed[] = [];
  let integration = run.integrationCommit;
  let known = failing;
  let good = goodMerges;
  let probes = 0;
  const probe = async (commit: string): Promise<CheckFailure[]> => {
    probes++;
    const report = await assembler.runChecks(
      session.runId,
      commit,
      checkNames(known),
      session.options.timeoutMs,
      session.cancel.signal,
      `bisect-${run.culprits.length + culprits.length + 1}-${probes}`,
    );
    return regressionsOf(report.failures, run.baseline);
  };
  while (known.length > 0 && culprits.length < MAX_CULPRITS && !session.cancel.signal.aborted) {
    probes = 0;
    const steps = await assembler.mergeSequence(run.baseCommit, integration);
    if (steps.length <= good) break;
    const found = await bisect(session, run, steps, good, known, probe);
    if (!found || session.cancel.signal.aborted) break;
    const rebuilt = await mergeAgain(session, run.baseCommit, steps, found.position);
    if (!rebuilt) break;
    culprits.push({ ...found, probes });
    integration = rebuilt;
    good = found.position - 1;
    known = integration === run.baseCommit ? [] : await probe(integration);
  }
  if (culprits.length === 0) return undefined;
  return { culprits, integration, clean: known.length === 0 };
}

async function bisect(
  session: RunSession,
  run: RunRecord,
  steps: MergeStep[],
  good: number,
  failing: CheckFailure[],
  probe: (commit: string) => Promise<CheckFailure[]>,
): Promise<Omit<Placed, "probes"> | undefined> {
  const { store } = session.deps;
  const stateAt = (i: number): string => (i === 0 ? run.baseCommit : (steps[i - 1]?.state ?? ""));
  // Invariant: the state after `lo` merges passes, the one after `hi` merges breaks.
  let lo = good;
  let hi = steps.length;
  let failures = failing;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const found = await probe(stateAt(mid));
    if (session.cancel.signal.aborted) return undefined;
    if (found.length > 0) {
      hi = mid;
      failures = found;
    } else lo = mid;
  }
  const step = steps[hi - 1];
  const task = step && store.getTask(session.runId, step.taskId);
  if (!step || task?.kind !== "task") return undefined;
  const culprit = {
    taskId: step.taskId,
    position: hi,
    of: steps.length,
    checks: checkNames(failures),
    result: step.result,
  };
  if (hi === 1) return { ...culprit, failures };
  // Alone on the base: does it break the checks by itself, or only with an earlier result?
  const onto = (i: number) => mergeStep(session, step, stateAt(i));
  const alone = await onto(0);
  if (!alone) return { ...culprit, failures };
  const aloneFailures = await probe(alone);
  if (aloneFailures.length > 0) return { ...culprit, failures: aloneFailures };
  // A semantic conflict: the first earlier state that breaks once this result joins it.
  let pairLo = 0;
  let pairHi = hi - 1;
  while (pairHi - pairLo > 1) {
    const mid = Math.floor((pairLo + pairHi) / 2);
    const state = await onto(mid);
    if (!state) return { ...culprit, failures };
    const found = await probe(state);
    if (session.cancel.signal.aborted) return undefined;
    if (found.length > 0) {
      pairHi = mid;
      failures = found;
    } else pairLo = mid;
  }
  const partner = steps[pairHi - 1];
  return { ...culprit, failures, partner: partner?.taskId, partnerResult: partner?.result };
}

/** One result merged onto a state, as the run merged it; undefined when that conflicts. */
async function mergeStep(
  session: RunSession,
  step: MergeStep,
  integration: string,
): Promise<string | undefined> {
  const { store, assembler } = session.deps;
  const task = store.getTask(session.runId, step.taskId);
  const result = store.getResult(session.runId, step.taskId);
  const merged = await assembler.merge({
    runId: session.runId,
    integration,
    taskId: step.taskId,
    title: task?.title ?? step.taskId,
    result: step.result,
    // A resolver's change is taken against the history, as when it merged.
    start:
      task?.kind !== "resolver" && result?.commit === step.result ? result.startCommit : undefined,
  });
  return "commit" in merged ? merged.commit : undefined;
}

/** The integration state without the culprit: the results after it merged again in order. */
async function mergeAgain(
  session: RunSession,
  base: string,
  steps: MergeStep[],
  position: number,
): Promise<string | undefined> {
  let integration: string | undefined = position === 1 ? base : steps[position - 2]?.state;
  for (const step of steps.slice(position)) {
    if (!integration) return undefined;
    integration = await mergeStep(session, step, integration);
  }
  return integration;
}
