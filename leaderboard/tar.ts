// A minimal ustar writer and reader for flat bundles of regular files, gzip-compressed with node:zlib.
// Only what a submission bundle needs: file names up to 100 bytes, no directories, links or pax headers.
// Format: POSIX.1-1988 ustar (https://www.gnu.org/software/tar/manual/html_node/Standard.html).
import { gunzipSync, gzipSync } from 'node:zlib';
import { LeaderboardError } from './input.js';

const BLOCK = 512;

export interface TarEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new LeaderboardError(`tar: "${value}" is longer than ${length} bytes`);
  bytes.copy(buf, offset);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h[156] = 0x30; // '0' = regular file
  writeString(h, 257, 6, 'ustar');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** A .tar of the entries in the given order; `mtime` (seconds) is fixed so the bytes are reproducible. */
export function tar(entries: readonly TarEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (!/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(e.name) || e.name.split('/').includes('..')) {
      throw new LeaderboardError(`tar: unsafe file name "${e.name}"`);
    }
    if (seen.has(e.name)) throw new LeaderboardError(`tar: duplicate file name "${e.name}"`);
    seen.add(e.name);
    parts.push(header(e.name, e.data.length, mtime), Buffer.from(e.data));
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function readString(buf: Buffer, offset: number, length: number): string {
  const s = buf.subarray(offset, offset + length);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? length : end).toString('utf8');
}

function readOctal(buf: Buffer, offset: number, length: number, what: string): number {
  const s = readString(buf, offset, length).trim();
  if (!/^[0-7]+$/.test(s)) throw new LeaderboardError(`tar: bad ${what} field`);
  return parseInt(s, 8);
}

/** Reads a .tar written by `tar` (or any ustar archive of regular files); rejects anything else. */
export function untar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= archive.length) {
    const h = archive.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return out;
    const expected = readOctal(h, 148, 8, 'checksum');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== expected) throw new LeaderboardError('tar: header checksum mismatch');
    const name = readString(h, 0, 100);
    const type = String.fromCharCode(h[156]!);
    if (type !== '0' && type !== '\0') throw new LeaderboardError(`tar: ${name} is not a regular file`);
    if (!name || name.startsWith('/') || name.split('/').includes('..')) throw new LeaderboardError(`tar: unsafe file name "${name}"`);
    const size = readOctal(h, 124, 12, 'size');
    const start = off + BLOCK;
    if (start + size > archive.length) throw new LeaderboardError(`tar: ${name} is truncated`);
    out.push({ name, data: archive.subarray(start, start + size) });
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new LeaderboardError('tar: archive ends without its end-of-archive blocks');
}

export function tgz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tar(entries), { level: 9 });
}

export function untgz(bytes: Uint8Array): TarEntry[] {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    throw new LeaderboardError(`not a gzip file (${e instanceof Error ? e.message : String(e)})`);
  }
  return untar(raw);
}
