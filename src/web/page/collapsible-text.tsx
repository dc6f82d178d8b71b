import type { ReactNode } from "react";

/** Long output folded away behind its summary, monospace when opened. */
export function CollapsibleText(props: { summary: ReactNode; text: string; open?: boolean }) {
  return (
    <details className="collapsible" open={props.open}>
      <summary>{props.summary}</summary>
      <pre className="output">{props.text}</pre>
    </details>
  );
}
