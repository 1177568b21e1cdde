// Runs one org generation off the main thread, so the CLI's main thread stays free to handle Ctrl-C and
// SIGTERM (the generator itself is synchronous) and to remove the half-written temp file.
import { parentPort, workerData } from 'node:worker_threads';
import { generateOrgSync, type GenerateOptions } from '../generator/index.js';
import type { WorkerMessage } from './generation.js';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);
const opts = workerData as Omit<GenerateOptions, 'onProgress'>;
try {
  const result = generateOrgSync({ ...opts, onProgress: (object, done) => post({ kind: 'progress', object, done }) });
  post({ kind: 'done', result });
} catch (e) {
  post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
