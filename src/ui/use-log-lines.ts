import { useEffect, useState } from "react";
import { cleanLine, readLogTail } from "./log-tail.js";

const FOLLOW_MS = 250;
const WINDOW_BYTES = 256 * 1024;

/**
 * The lines of a log file, read again while it grows (only its last 256 KiB: a pane shows the
 * end, and `armada logs` has the whole).
 */
export function useLogLines(file: string | undefined): { lines: string[]; cut: boolean } {
  const [state, setState] = useState<{ lines: string[]; cut: boolean }>({ lines: [], cut: false });
  useEffect(() => {
    setState({ lines: [], cut: false });
    if (!file) return;
    let size: number | undefined;
    const read = (): void => {
      const tail = readLogTail(file, WINDOW_BYTES, size);
      if (!tail) return;
      size = tail.size;
      const lines = tail.text.split("\n").map(cleanLine);
      const cut = tail.size > WINDOW_BYTES;
      // A cut tail starts mid-line; the partial first line would only mislead.
      if (cut) lines.shift();
      if (lines.at(-1) === "") lines.pop();
      setState({ lines, cut });
    };
    read();
    const timer = setInterval(read, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [file]);
  return state;
}
