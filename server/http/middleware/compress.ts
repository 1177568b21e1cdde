// Response compression for the REST API: Salesforce gzips answers when the client sends
// `Accept-Encoding: gzip` ("Compression Headers", REST API Developer Guide:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_compression.htm).
// Python requests (simple_salesforce) and undici send it on every call, so query answers of
// hundreds of KB shrink several-fold. The `compression` middleware negotiates (br, gzip, deflate)
// and skips bodies under 1 KB; the fast path (fast.ts) runs its answers through the same instance,
// so both paths encode identically.
import compression from 'compression';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Compressor = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export function createCompressor(): Compressor {
  // zlib level 1: a 160 KB query page shrinks 7.6× (level 6: 9×) for ~0.5 ms of CPU instead of ~1.4 ms
  // (bench/rest-fidelity.mjs, docs/performance.md); brotli keeps the middleware's quality 4.
  return compression({ level: 1 }) as unknown as Compressor;
}
