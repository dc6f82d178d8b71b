import { describe, expect, it } from "vitest";
import { parseSource } from "./inspect-source.js";
import { propTypesToInterfaces } from "./prop-types-interfaces.js";
import { emittedCode } from "./test-support/temp-project.js";
import { applyEdits } from "./text-edits.js";

function convert(text: string, reactTypes: boolean): string {
  return applyEdits(text, propTypesToInterfaces(parseSource("a.tsx", text), reactTypes));
}

const FUNCTION_COMPONENT = `import React from "react";
import PropTypes from "prop-types";

/** A badge. */
export function Badge({ label, count, tone, onClick, children }) {
  return <span className={tone} onClick={onClick}>{label} {count}{children}</span>;
}

Badge.propTypes = {
  label: PropTypes.string.isRequired,
  count: PropTypes.number,
  tone: PropTypes.oneOf(["info", "warn"]),
  onClick: PropTypes.func,
  children: PropTypes.node,
  items: PropTypes.arrayOf(PropTypes.shape({ id: PropTypes.number.isRequired, tags: PropTypes.arrayOf(PropTypes.string) })),
  when: PropTypes.instanceOf(Date).isRequired,
  either: PropTypes.oneOfType([PropTypes.string, PropTypes.number]),
  lookup: PropTypes.objectOf(PropTypes.bool),
};
`;

describe("propTypes to interfaces", () => {
  it("builds a props interface from the validators and types the component's props with it", () => {
    const text = convert(FUNCTION_COMPONENT, true);
    expect(text).toContain(
      [
        "export interface BadgeProps {",
        "  label: string;",
        "  count?: number;",
        '  tone?: "info" | "warn";',
        "  onClick?: (...args: any[]) => any;",
        "  children?: React.ReactNode;",
        "  items?: { id: number; tags?: string[]; }[];",
        "  when: Date;",
        "  either?: string | number;",
        "  lookup?: Record<string, boolean>;",
        "}",
        "",
        "/** A badge. */",
        "export function Badge({ label, count, tone, onClick, children }: BadgeProps) {",
      ].join("\n"),
    );
    // The propTypes stay: they still check props at run time. Nothing else is emitted.
    expect(emittedCode("a.tsx", text)).toBe(emittedCode("a.jsx", FUNCTION_COMPONENT));
  });

  it("uses any for React's own types when React's types are not installed", () => {
    expect(convert(FUNCTION_COMPONENT, false)).toContain("  children?: any;");
  });

  it("types class components through their base, and bare arrow parameters get parentheses", () => {
    const text = `import { Component } from "react";
import PropTypes from "prop-types";
export class List extends Component {
  static propTypes = { items: PropTypes.array.isRequired };
  render() { return null; }
}
const Item = props => <li>{props.text}</li>;
Item.propTypes = { text: PropTypes.string };
`;
    const converted = convert(text, true);
    expect(converted).toContain(
      "interface ListProps {\n  items: unknown[];\n}\n\nexport class List extends Component<ListProps> {",
    );
    expect(converted).toContain(
      "interface ItemProps {\n  text?: string;\n}\n\nconst Item = (props: ItemProps) => <li>{props.text}</li>;",
    );
    expect(emittedCode("a.tsx", converted)).toBe(emittedCode("a.jsx", text));
  });
});
