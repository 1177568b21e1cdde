// Org generation as the CLI runs it (`generate`, and `serve`'s first run): stale temp files of dead
// processes are removed first; the generator runs in a worker thread while this thread listens for
// SIGINT/SIGTERM, and an interrupted run leaves no `<out>.tmp-<pid>` (or its -journal) behind.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GenerateOptions, GenerateResult } from '../generator/index.js';

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly object: string; readonly done: number }
  | { readonly kind: 'done'; readonly result: GenerateResult }
  | { readonly kind: 'error'; readonly message: string };

export interface GenerationJob {
  readonly seed: number;
  readonly scale: number;
  readonly out: string;
  readonly force?: boolean;
  /** Rows written so far for the object being built (no total: the final counts are known only at the end). */
  readonly onProgress?: (object: string, done: number) => void;
}

const TEMP_SUFFIXES = ['', '-journal', '-wal', '-shm'];

/** The generator writes `<out>.tmp-<pid>` (plus SQLite's side files) and renames it at the end. */
export function tempFilesOf(out: string, pid: number): string[] {
  return TEMP_SUFFIXES.map((s) => `${resolve(out)}.tmp-${pid}${s}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of earlier generations of `out` whose process is gone; returns the removed paths. */
export function removeStaleTemps(out: string): string[] {
  const abs = resolve(out);
  const dir = dirname(abs);
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${basename(abs).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)(-journal|-wal|-shm)?$`);
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

const WORKER = fileURLToPath(new URL('./generate-worker.js', import.meta.url));

/** Generates an org; on SIGINT/SIGTERM stops, removes this run's temp files and re-raises the signal. */
export async function runGeneration(job: GenerationJob): Promise<GenerateResult> {
  const stale = removeStaleTemps(job.out);
  if (stale.length > 0) process.stderr.write(`removed ${stale.length} temp file(s) of an interrupted earlier run: ${stale.join(', ')}\n`);
  const opts: Omit<GenerateOptions, 'onProgress'> = { seed: job.seed, scale: job.scale, out: job.out, ...(job.force ? { force: true } : {}) };
  if (!existsSync(WORKER)) {
    // Running from the TypeScript sources (vitest): no compiled worker, generate on this thread.
    const { generateOrg } = await import('../generator/index.js');
    return generateOrg({ ...opts, ...(job.onProgress ? { onProgress: (o: string, n: number) => job.onProgress!(o, n) } : {}) });
  }
  const worker = new Worker(WORKER, { workerData: opts });
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    void worker.terminate();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await new Promise<GenerateResult>((resolveResult, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        switch (m.kind) {
          case 'progress':
            job.onProgress?.(m.object, m.done);
            return;
          case 'done':
            resolveResult(m.result);
            return;
          case 'error':
            reject(new Error(m.message));
            return;
        }
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error(interrupted ? `interrupted by ${interrupted}` : 'the generator stopped without a result')));
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (interrupted) {
      await worker.terminate();
      for (const f of tempFilesOf(job.out, process.pid)) rmSync(f, { force: true });
      process.stderr.write(`\n${interrupted}: generation stopped; removed ${resolve(job.out)}.tmp-${process.pid}\n`);
      // Die of the same signal, so the shell sees the usual exit status (130 for Ctrl-C).
      process.kill(process.pid, interrupted);
    }
  }
}
