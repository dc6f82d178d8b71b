export { checkoutTree } from "./checkout-tree.js";
export {
  type ChangedPath,
  changedPaths,
  changeWithSize,
  commitChanges,
  commitTree,
  deleteRef,
  isAncestor,
  listFiles,
  type MergeOutcome,
  mergeCommits,
  readBlob,
  touchedPaths,
  treeOf,
  updateRef,
} from "./commits.js";
export { editTree, type TreeEdit } from "./edit-tree.js";
export { hashFiles } from "./hash-files.js";
export { ignoredPaths } from "./ignored-paths.js";
export { addLinkedWorktree, removeLinkedWorktree } from "./linked-worktree.js";
export { deleteRefsUnder } from "./refs.js";
export { headBranch, headCommit, openRepo, type Repo } from "./repo.js";
export { GitError, git, runGit } from "./run-git.js";
export { type Snapshot, snapshot, workingTreeTree } from "./snapshot.js";
export { treeChanges } from "./tree-changes.js";
export { mergeByTreeEdit } from "./tree-merge.js";
