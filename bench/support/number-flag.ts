/** A bench flag's number, at least `min`. */
export function numberFlag(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${flag} must be a number >= ${min}`);
  return n;
}
