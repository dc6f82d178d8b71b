export {
  type ProcessEnd,
  type Spawned,
  SpawnFailed,
  type StreamedProcess,
  spawnStreaming,
  spawnToEnd,
  startProcessesThroughHelper,
  stopProcessHelper,
} from "./spawn-helper.js";
