import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";

export interface TarEntry {
  kind: "file" | "dir" | "symlink" | "other";
  mode: number;
  /** For a symlink, where it points. */
  target?: string;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString("utf8");
}

function octal(block: Buffer, start: number, length: number): number {
  return Number.parseInt(text(block, start, length).trim() || "0", 8);
}

/** `linkpath` from a PAX extended header, whose records are "<len> <key>=<value>\n". */
function paxLinkPath(data: Buffer): string | undefined {
  const match = /\d+ linkpath=([^\n]*)\n/.exec(data.toString("utf8"));
  return match?.[1];
}

function kindOf(flag: string): TarEntry["kind"] {
  if (flag === "0" || flag === "\0" || flag === "") return "file";
  if (flag === "5") return "dir";
  if (flag === "2") return "symlink";
  return "other";
}

/**
 * Reads the first real entry of a tar stream, writing a regular file's content to `dest`, and
 * stops reading there: a folder's archive is never drained. Nothing else is written anywhere,
 * so an archive's names cannot place files.
 */
export async function readTarEntry(
  stream: NodeJS.ReadableStream,
  dest: string,
): Promise<TarEntry | undefined> {
  let buffer = Buffer.alloc(0);
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const need = async (bytes: number): Promise<boolean> => {
    while (buffer.length < bytes) {
      const next = await chunks.next();
      if (next.done) return false;
      buffer = Buffer.concat([buffer, next.value]);
    }
    return true;
  };
  const take = (bytes: number): Buffer => {
    const head = buffer.subarray(0, bytes);
    buffer = buffer.subarray(bytes);
    return head;
  };
  const padded = (size: number): number => Math.ceil(size / 512) * 512;
  let longTarget: string | undefined;
  try {
    for (;;) {
      if (!(await need(512))) return undefined;
      const header = take(512);
      if (header.every((b) => b === 0)) return undefined;
      const flag = String.fromCharCode(header[156] ?? 0);
      const size = octal(header, 124, 12);
      if (flag === "x" || flag === "g" || flag === "K" || flag === "L") {
        if (!(await need(padded(size)))) return undefined;
        const data = take(padded(size)).subarray(0, size);
        if (flag === "x") longTarget = paxLinkPath(data) ?? longTarget;
        if (flag === "K") longTarget = data.toString("utf8").replace(/\0+$/, "");
        continue;
      }
      const entry: TarEntry = { kind: kindOf(flag), mode: octal(header, 100, 8) };
      if (entry.kind === "symlink") entry.target = longTarget ?? text(header, 157, 100);
      if (entry.kind !== "file") return entry;
      const out = createWriteStream(dest);
      let left = size;
      while (left > 0) {
        if (buffer.length === 0 && !(await need(1))) break;
        const piece = take(Math.min(left, buffer.length));
        left -= piece.length;
        if (!out.write(piece))
          await new Promise((resolve) => out.once("drain", () => resolve(undefined)));
      }
      out.end();
      await finished(out);
      return entry;
    }
  } finally {
    await chunks.return?.();
    (stream as { destroy?: () => void }).destroy?.();
  }
}
