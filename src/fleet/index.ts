export { DEFAULT_ALLOWED_AGENTS, parseAllowedAgents } from "./allowed-agents.js";
export { cancelOnFleet } from "./cancel-on-fleet.js";
export { cloudDispatcher } from "./cloud-dispatcher.js";
export { connectRedis } from "./connect-redis.js";
export { fleetCodeStore } from "./fleet-code.js";
export { fleetWorkers } from "./fleet-workers.js";
export { jobIdOf, parseLabels, QUEUE_PREFIX, queueFor } from "./queue-names.js";
export { parseRedisTarget, type RedisTarget } from "./redis-target.js";
export { type RunningWorker, startWorker } from "./run-worker.js";
