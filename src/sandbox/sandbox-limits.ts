/**
 * How many processes (threads count) one sandbox may run at once: enough for parallel test
 * runners and builds, few enough that a fork bomb stops there instead of filling the host's
 * process table.
 */
export const PIDS_LIMIT = 2048;
