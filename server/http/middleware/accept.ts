// Response formats: Salesforce's REST API answers JSON or XML, chosen by the `Accept` header or a
// `.json` / `.xml` suffix on the resource ("JSON and XML support", REST API Developer Guide:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm).
// Localforce writes JSON only, so a request that prefers XML gets a clear 406 NOT_EMULATED instead of
// JSON it did not ask for, and one that accepts neither gets 406 NOT_ACCEPTABLE. JSON wins ties
// (`*/*`, no header), as Salesforce's default format is JSON.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { SalesforceError } from '../../org/index.js';

type Format = 'json' | 'xml';

/** The q-value the Accept header gives `format` (0 when no range matches it). */
function quality(accept: string, format: Format): number {
  let best = 0;
  let bestSpecificity = -1;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    if (!range) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const [type, sub] = range.split('/');
    // The most specific matching range decides (RFC 9110 §12.5.1).
    let specificity = -1;
    if (type === '*' && sub === '*') specificity = 0;
    else if (type === 'application' && sub === '*') specificity = 1;
    else if (format === 'json' && type === 'application' && (sub === 'json' || sub?.endsWith('+json'))) specificity = 2;
    else if (format === 'xml' && (type === 'application' || type === 'text') && (sub === 'xml' || sub?.endsWith('+xml'))) specificity = 2;
    if (specificity < 0) continue;
    if (specificity > bestSpecificity || (specificity === bestSpecificity && q > best)) {
      bestSpecificity = specificity;
      best = q;
    }
  }
  return best;
}

/** Throws 406 unless JSON is an answer the client prefers (or ties with XML). */
export function requireJsonAccepted(req: IncomingMessage): void {
  const url = req.url ?? '';
  const qi = url.indexOf('?');
  const path = qi < 0 ? url : url.slice(0, qi);
  if (/\.xml\/?$/i.test(path)) throw notEmulatedXml();
  const accept = req.headers.accept;
  if (typeof accept !== 'string' || accept.trim() === '') return;
  const json = quality(accept, 'json');
  const xml = quality(accept, 'xml');
  if (json > 0 && json >= xml) return;
  if (xml > 0) throw notEmulatedXml();
  throw new SalesforceError('NOT_ACCEPTABLE', `This resource answers application/json only, which the Accept header '${accept.slice(0, 200)}' does not allow`, 406);
}

const notEmulatedXml = () =>
  new SalesforceError('NOT_EMULATED', 'Localforce does not emulate XML responses; ask for application/json (see docs/compatibility.md)', 406);

export const acceptJson: RequestHandler = (req, _res, next) => {
  requireJsonAccepted(req);
  next();
};
