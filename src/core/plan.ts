/** One unit of work for one sub-agent. */
export interface TaskSpec {
  id: string;
  title: string;
  instructions: string;
  /** Globs naming the files this task owns. */
  files: string[];
  /** Ids of tasks that must finish first; this task starts from their merged results. */
  deps: string[];
  /** Commands run in the task's sandbox after its agent; any failure fails the attempt. */
  checks: string[];
  /** Overrides the run's agent for this task. */
  agent?: string | undefined;
  /** A shell template for the command agent, overriding --agent-cmd for this task. */
  command?: string | undefined;
  /** Attempts run side by side, keeping the best (the plan's `attempts`, over --attempts). */
  bestOf?: number | undefined;
  /** Lets the task delete more than the run's --max-delete share of the files it starts with. */
  allowDeletions?: boolean | undefined;
  /** An attempt that changes nothing fails (and is retried with that feedback). */
  requireChange?: boolean | undefined;
}

/** The task graph a planner produced. */
export interface Plan {
  objective: string;
  /** Run-level checks, run on the assembled result. */
  checks: string[];
  tasks: TaskSpec[];
  /** What sub-agents should know about the repository: layout, tools, conventions. */
  conventions?: string | undefined;
  /** Commands that make the environment every sandbox needs (`npm ci`), run once per run. */
  setup?: string[] | undefined;
  /** Variables of the user's environment setup gets (a registry token); agents never do. */
  setupEnv?: string[] | undefined;
}
