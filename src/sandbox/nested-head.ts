/**
 * The commit a nested repository has checked out, read from its files as git would (HEAD, a
 * loose ref or packed-refs); undefined when it has none. `read` gives a file of the
 * repository's folder by relative path, or undefined.
 */
export async function nestedHead(
  read: (file: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const head = (await read(".git/HEAD"))?.trim();
  if (!head) return undefined;
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) return head;
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const loose = (await read(`.git/${ref}`))?.trim();
  if (loose) return loose;
  const packed = await read(".git/packed-refs");
  return packed
    ?.split("\n")
    .find((line) => line.endsWith(` ${ref}`))
    ?.split(" ")[0];
}
