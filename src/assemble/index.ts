export { gitAssembler, resultRef } from "./git-assembler.js";
export { integrationBranch } from "./merge-result.js";
export { syncWorkingTree } from "./sync-working-tree.js";
