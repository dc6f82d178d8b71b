export { armadaDir } from "./open-store.js";
export { openStore } from "./sqlite-store.js";
