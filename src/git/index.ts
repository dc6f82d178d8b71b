export { changeSize } from "./change-size.js";
export {
  type ChangedPath,
  changedPaths,
  commitTree,
  deleteRef,
  isAncestor,
  listFiles,
  type MergeOutcome,
  mergeCommits,
  touchedPaths,
  treeOf,
  updateRef,
} from "./commits.js";
export { type RawChange, rawChanges, readBlob } from "./raw-changes.js";
export { deleteRefsUnder } from "./refs.js";
export { headBranch, headCommit, openRepo, type Repo } from "./repo.js";
export { GitError, git, runGit } from "./run-git.js";
export { type Snapshot, snapshot, workingTreeTree } from "./snapshot.js";
