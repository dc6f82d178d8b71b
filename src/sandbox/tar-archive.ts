/** One member of a small archive written whole in memory. */
export interface ArchiveMember {
  /** Relative, with `/`; at most 100 bytes (ustar's name field, no prefix split). */
  name: string;
  mode: number;
  uid: number;
  gid: number;
  /** A folder when absent. */
  content?: Buffer;
}

function field(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, "utf8");
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  field(block, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

/**
 * A ustar archive of a few files and folders with the owners given: how files reach a
 * container's home as its user's (the engine extracts it as root, keeping the owners).
 */
export function tarArchive(members: ArchiveMember[]): Buffer {
  const blocks: Buffer[] = [];
  for (const member of members) {
    const header = Buffer.alloc(512);
    const isDir = member.content === undefined;
    const size = member.content?.length ?? 0;
    field(header, 0, 100, isDir ? `${member.name}/` : member.name);
    octal(header, 100, 8, member.mode);
    octal(header, 108, 8, member.uid);
    octal(header, 116, 8, member.gid);
    octal(header, 124, 12, size);
    octal(header, 136, 12, Math.floor(Date.now() / 1000));
    field(header, 148, 8, "        ");
    field(header, 156, 1, isDir ? "5" : "0");
    field(header, 257, 6, "ustar\0");
    field(header, 263, 2, "00");
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header);
    if (member.content) {
      blocks.push(member.content, Buffer.alloc((512 - (size % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
