/** The base commit as the planner's read-only tools see it. */
export interface SnapshotView {
  root: string;
  commit: string;
  files: string[];
}
