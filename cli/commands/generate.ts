// localforce generate --seed N [--scale X] --out org.db [--force]
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { validateOptions, type GenerateResult } from '../../generator/index.js';
import { runGeneration } from '../generation.js';

export interface GenerateCliOptions {
  readonly seed?: string;
  readonly scale?: string;
  readonly out?: string;
  readonly force?: boolean;
}

/** Parses and checks the raw option strings; throws one-line reasons. */
export function parseGenerateOptions(raw: GenerateCliOptions): { seed: number; scale: number; out: string; force: boolean } {
  if (raw.seed === undefined) throw new Error('--seed is required');
  if (!/^\d+$/.test(raw.seed.trim())) throw new Error(`--seed must be a non-negative integer (got ${JSON.stringify(raw.seed)})`);
  const seed = Number(raw.seed);
  const scaleText = raw.scale ?? '1';
  const scale = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(scaleText) ? Number(scaleText) : NaN;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a number > 0 (got ${JSON.stringify(scaleText)})`);
  validateOptions({ seed, scale });
  if (!raw.out) throw new Error('--out is required');
  const out = resolve(raw.out);
  const force = raw.force ?? false;
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw new Error(`${raw.out} is a directory`);
    if (!force) throw new Error(`${raw.out} already exists (use --force to overwrite)`);
  }
  const dir = dirname(out);
  if (!existsSync(dir)) throw new Error(`directory ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`directory ${dir} is not writable`);
  }
  return { seed, scale, out, force };
}

export function summaryLine(out: string, r: GenerateResult): string {
  const total = Object.values(r.counts).reduce((s, n) => s + n, 0);
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `generated ${out}: ${total} records (${counts}) in ${r.seconds.toFixed(2)} s, hash ${r.hash}`;
}

export async function runGenerate(raw: GenerateCliOptions, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream } = process): Promise<number> {
  let opts: ReturnType<typeof parseGenerateOptions>;
  try {
    opts = parseGenerateOptions(raw);
  } catch (err) {
    io.stderr.write(`localforce generate: ${(err as Error).message}\n`);
    return 2;
  }
  const tty = 'isTTY' in io.stderr && io.stderr.isTTY === true;
  let last = '';
  const onProgress = tty
    ? (name: string, done: number) => {
        // No total: the generator's per-object totals are estimates until the object is done.
        const line = `  ${name.padEnd(24)} ${String(done).padStart(8)} rows`;
        if (line !== last) io.stderr.write(`\r${line.padEnd(60)}`);
        last = line;
      }
    : undefined;
  try {
    const result = await runGeneration({ ...opts, ...(onProgress ? { onProgress } : {}) });
    if (tty) io.stderr.write('\r'.padEnd(62) + '\r');
    io.stdout.write(`${summaryLine(raw.out ?? opts.out, result)}\n`);
    return 0;
  } catch (err) {
    if (tty) io.stderr.write('\n');
    io.stderr.write(`localforce generate: ${(err as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a complete org (same seed + scale → identical content) into a SQLite file')
    // Checked by parseGenerateOptions, not requiredOption: commander would report a missing --seed
    // before a misspelt option (`--sed 1`).
    .option('--seed <n>', 'random seed (non-negative integer; required)')
    .option('--scale <x>', 'transactional volume multiplier (1 ≈ CRMArena: ~1,000 cases)', '1')
    .option('--out <file>', 'the SQLite file to write (required)')
    .option('--force', 'overwrite an existing file', false)
    .action(async (opts: GenerateCliOptions) => {
      const code = await runGenerate(opts);
      if (code !== 0) process.exitCode = code;
    });
}
