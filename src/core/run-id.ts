import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Short, typeable run ids: 6 characters of Crockford-style base32. */
export function newRunId(taken: (id: string) => boolean): string {
  for (;;) {
    const bytes = randomBytes(6);
    const id = [...bytes].map((b) => ALPHABET[b % 32]).join("");
    if (/^[a-z]/.test(id) && !taken(id)) return id;
  }
}
