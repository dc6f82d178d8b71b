import { createContext, useContext } from "react";

/** Whether the dashboard may style its text: off under NO_COLOR (https://no-color.org). */
export const ColorContext = createContext(true);

export interface Colors {
  on: boolean;
  /** A color name when colors are on, else nothing: Ink's Text then writes no escape code. */
  color(name: string): string | undefined;
}

export function useColors(): Colors {
  const on = useContext(ColorContext);
  return { on, color: (name) => (on ? name : undefined) };
}

export function colorAllowed(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR;
}
