import { useMemo } from "react";
import type { DiffText } from "../api.js";
import { DiffFileView } from "./diff-file-view.js";
import { plural } from "./format.js";
import { parseDiff } from "./parse-diff.js";

/** Past this many lines in all, only the smaller files start unfolded. */
const LARGE_DIFF = 5000;
const LARGE_FILE = 1000;
const SMALL_FILE = 200;

/** A `git diff`, file by file. */
export function DiffView(props: { diff: DiffText }) {
  const { diff } = props;
  const files = useMemo(() => parseDiff(diff.text), [diff.text]);
  const lines = files.reduce((sum, file) => sum + file.lines.length, 0);
  const openUpTo = lines > LARGE_DIFF ? SMALL_FILE : LARGE_FILE;
  const adds = files.reduce((sum, file) => sum + file.additions, 0);
  const dels = files.reduce((sum, file) => sum + file.deletions, 0);
  return (
    <div className="diff" data-testid="diff">
      <p className="diff-summary">
        {plural(files.length, "file")} changed, <span className="diff-adds">+{adds}</span>{" "}
        <span className="diff-dels">−{dels}</span>
        {diff.truncated && (
          <strong className="warning-text">
            {" "}
            · truncated: the diff is longer than the server sends
          </strong>
        )}
      </p>
      {files.length === 0 && <p className="empty">No changes.</p>}
      {files.map((file) => (
        <DiffFileView
          key={`${file.oldPath}>${file.path}`}
          file={file}
          initiallyOpen={file.lines.length <= openUpTo}
        />
      ))}
    </div>
  );
}
