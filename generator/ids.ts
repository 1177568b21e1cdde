// Id counters: every object numbers its records 1, 2, 3… (schema makeId); this reads a counter back.
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The counter n of an Id made by makeId(prefix, n). */
export function idCounter(id: string): number {
  let n = 0;
  for (let i = 3; i < 15; i++) {
    const d = BASE62.indexOf(id[i]!);
    if (d < 0) throw new Error(`not a generated id: ${id}`);
    n = n * 62 + d;
  }
  return n;
}
