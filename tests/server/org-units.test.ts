// Unit tests of the server-side org helpers this layer owns: cursors (LRU, locators), API usage,
// sessions, SOAP XML reading, version labels.
import { describe, expect, it } from 'vitest';
import { decodeXml, soapOperation, soapValue } from '../../server/http/routes/soap.js';
import { parseVersion, versionLabel, VERSIONS } from '../../server/http/versions.js';
import { firstJsonError } from '../../server/http/middleware/body.js';
import { CursorStore } from '../../server/org/cursors.js';
import { SalesforceError } from '../../server/org/errors.js';
import { ApiUsage } from '../../server/org/limits.js';

describe('CursorStore', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('keeps nothing when the result fits in one page', () => {
    const c = new CursorStore();
    expect(c.firstPage(rows(2000), 2000, 2000)).toEqual({ totalSize: 2000, records: rows(2000), nextLocator: null });
    expect(c.size).toBe(0);
  });

  it('pages with deterministic counter-based locators', () => {
    const c = new CursorStore();
    const p1 = c.firstPage(rows(4500), 4500, 2000);
    expect(p1.nextLocator).toBe('01g000000000001AAA-2000');
    const p2 = c.page(p1.nextLocator!, 2000);
    expect(p2.records[0]).toBe(2000);
    expect(p2.nextLocator).toBe('01g000000000001AAA-4000');
    const p3 = c.page(p2.nextLocator!, 2000);
    expect(p3).toEqual({ totalSize: 4500, records: rows(4500).slice(4000), nextLocator: null });
    expect(c.firstPage(rows(3000), 3000, 2000).nextLocator).toBe('01g000000000002AAA-2000');
  });

  it('rejects unknown, malformed and out-of-range locators with INVALID_QUERY_LOCATOR', () => {
    const c = new CursorStore();
    const p1 = c.firstPage(rows(2500), 2500, 2000);
    for (const bad of ['01g000000000009AAA-2000', 'x', '', `${p1.nextLocator!.split('-')[0]}-99999`, '01g000000000001AAA-']) {
      try {
        c.page(bad, 2000);
        expect.unreachable(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(SalesforceError);
        expect((e as SalesforceError).errorCode).toBe('INVALID_QUERY_LOCATOR');
        expect((e as SalesforceError).status).toBe(400);
      }
    }
  });

  it('evicts the least recently used result sets past its bounds', () => {
    const c = new CursorStore({ maxCursors: 2 });
    const a = c.firstPage(rows(300), 300, 200).nextLocator!;
    const b = c.firstPage(rows(300), 300, 200).nextLocator!;
    c.page(a, 200); // touch a: b is now the oldest
    const d = c.firstPage(rows(300), 300, 200).nextLocator!;
    expect(c.size).toBe(2);
    expect(() => c.page(b, 200)).toThrow(SalesforceError);
    expect(c.page(a, 200).records).toHaveLength(100);
    expect(c.page(d, 200).records).toHaveLength(100);
    const byRecords = new CursorStore({ maxRecords: 500 });
    const x = byRecords.firstPage(rows(400), 400, 200).nextLocator!;
    byRecords.firstPage(rows(400), 400, 200);
    expect(() => byRecords.page(x, 200)).toThrow(SalesforceError);
  });
});

describe('ApiUsage', () => {
  it('counts calls, resets per UTC day of the injected clock, enforces only when asked', () => {
    let now = new Date('2024-01-01T23:59:00Z');
    const u = new ApiUsage(() => now, { max: 3, enforce: true });
    u.hit();
    u.hit();
    expect(u.header()).toBe('api-usage=2/3');
    expect(u.limits().DailyApiRequests).toEqual({ Max: 3, Remaining: 1 });
    u.hit();
    expect(() => u.hit()).toThrow('TotalRequests Limit exceeded.');
    now = new Date('2024-01-02T00:00:01Z');
    u.hit();
    expect(u.header()).toBe('api-usage=1/3');
    const lenient = new ApiUsage(() => now, { max: 1 });
    lenient.hit();
    lenient.hit();
    expect(lenient.limits().DailyApiRequests?.Remaining).toBe(0);
  });
});

describe('SOAP reading', () => {
  it('finds the operation under any prefix and decodes entities', () => {
    expect(soapOperation('<a:Envelope><a:Header/><a:Body>\n <b:login xmlns:b="x"><b:username>u</b:username></b:login></a:Body></a:Envelope>')).toBe('login');
    expect(soapOperation('<Envelope><Body><!-- c --><logout/></Body></Envelope>')).toBe('logout');
    expect(soapValue('<x:password>a&amp;b&lt;c&gt;&quot;d&#x27;e&#39;f&apos;</x:password>', 'password')).toBe('a&b<c>"d\'e\'f\'');
    expect(soapValue('<password><![CDATA[p&<x]]></password>', 'password')).toBe('p&<x');
    expect(soapValue('<password/>', 'password')).toBe('');
    expect(soapValue('<user>x</user>', 'password')).toBeUndefined();
    expect(decodeXml('&#128512;')).toBe('😀');
  });
});

describe('versions', () => {
  it('labels and parses', () => {
    expect(versionLabel(59)).toBe("Winter '24");
    expect(versionLabel(60)).toBe("Spring '24");
    expect(versionLabel(61)).toBe("Summer '24");
    expect(versionLabel(65)).toBe("Winter '26");
    expect(versionLabel(31)).toBe("Summer '14");
    expect(VERSIONS).toHaveLength(37);
    expect(parseVersion('v59.0')).toBe('59.0');
    expect(parseVersion('V31.0')).toBe('31.0');
    for (const bad of ['v30.0', 'v68.0', '59.0', 'v59', 'v59.1', 'v59.0x']) expect(parseVersion(bad)).toBeNull();
  });
});

describe('JSON error positions', () => {
  it('finds the first offending character', () => {
    expect(firstJsonError('{"a": x}')).toBe(6);
    expect(firstJsonError('{"a": 1,}')).toBe(8);
    expect(firstJsonError('[1, 2')).toBe(5);
    expect(firstJsonError('{"a": 1} x')).toBe(9);
    expect(firstJsonError('{"a": [true, null, -1.5e3, "x\\"y"]}')).toBe(35);
  });
});
