import { memo, useMemo, useState } from "react";
import { highlightLine, languageForPath } from "./highlight.js";
import type { DiffFile, DiffLine } from "./parse-diff.js";

const MARKER: Record<DiffLine["kind"], string> = {
  add: "+",
  del: "-",
  context: " ",
  hunk: "",
  note: "",
};

function statusText(file: DiffFile): string {
  const status = file.status === "modified" ? "" : file.status;
  return [status, file.binary ? "binary" : ""].filter(Boolean).join(", ");
}

/** The file's lines, each coloured by kind and its code highlighted by the file's language. */
function DiffLines(props: { file: DiffFile }) {
  const { file } = props;
  const html = useMemo(() => {
    const language = languageForPath(file.path);
    return file.lines.map((line) =>
      line.kind === "hunk" || line.kind === "note" ? undefined : highlightLine(line.text, language),
    );
  }, [file]);
  return (
    <div className="diff-lines hljs">
      {file.lines.map((line, i) => (
        // Lines have no identity besides their place; the list never reorders.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={i} className={`diff-line line-${line.kind}`}>
          <span className="line-number">{line.oldLine ?? ""}</span>
          <span className="line-number">{line.newLine ?? ""}</span>
          <span className="line-marker">{MARKER[line.kind]}</span>
          {html[i] === undefined ? (
            <span className="line-text">{line.text}</span>
          ) : (
            <span
              className="line-text"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: highlight.js escapes the text it wraps in spans
              dangerouslySetInnerHTML={{ __html: html[i] }}
            />
          )}
        </div>
      ))}
    </div>
  );
}

/** One file of a diff: a header that folds it, then its lines. */
export const DiffFileView = memo(function DiffFileView(props: {
  file: DiffFile;
  initiallyOpen: boolean;
}) {
  const { file } = props;
  const [open, setOpen] = useState(props.initiallyOpen);
  const status = statusText(file);
  return (
    <section className="diff-file" data-testid="diff-file" data-path={file.path}>
      <h3 className="diff-file-header">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className="fold" aria-hidden="true">
            {open ? "▾" : "▸"}
          </span>
          <span className="diff-path">
            {file.status === "renamed" ? `${file.oldPath} → ${file.path}` : file.path}
          </span>
          {status && <span className="diff-status">{status}</span>}
          <span className="diff-adds">+{file.additions}</span>
          <span className="diff-dels">−{file.deletions}</span>
        </button>
      </h3>
      {open &&
        (file.lines.length > 0 ? (
          <DiffLines file={file} />
        ) : (
          <p className="dim diff-empty">{file.binary ? "Binary file." : "No line changed."}</p>
        ))}
    </section>
  );
});
