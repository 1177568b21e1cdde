// Conditional GETs on describe resources (Describe Global, sObject Basic Information, sObject
// Describe): the answer carries `Last-Modified`, and `If-Modified-Since` on or after it gets
// `304 Not Modified` with no body, as the REST guide describes for metadata that has not changed.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/describe_global_with_ifmodified_header.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_conditional_requests.htm
// The header's format is `EEE, dd MMM yyyy HH:mm:ss z` (e.g. `Mon, 30 Nov 2020 08:34:54 MST`);
// an unparseable value is ignored, as HTTP/1.1 says (RFC 9110 §13.1.3), and the full answer is sent.
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The `Last-Modified` header to send, and whether the request's `If-Modified-Since` is not earlier
 * than `lastModified` (compared in whole seconds, the header's precision): then the answer is 304.
 */
export function notModified(headers: IncomingHttpHeaders, lastModified: Date): { notModified: boolean; headers: Record<string, string> } {
  const out = { 'Last-Modified': lastModified.toUTCString() };
  const header = headers['if-modified-since'];
  if (typeof header !== 'string') return { notModified: false, headers: out };
  const since = Date.parse(header);
  if (Number.isNaN(since)) return { notModified: false, headers: out };
  return { notModified: Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000), headers: out };
}
