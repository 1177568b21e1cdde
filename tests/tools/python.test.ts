// pyRepr / pyStr against texts printed by CPython 3.11 (expected values written out by hand from
// `python3 -c 'print(repr(...))'`), plus strptime's leniency and exception texts.
import { describe, expect, it } from 'vitest';
import { PyDict, PyException, PyFloat, PyTuple, fromJson, pyRepr, pyStr, strptime, toJson } from '../../server/tools/python.js';

describe('pyRepr', () => {
  it('quotes strings as CPython does', () => {
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr('say "hi"')).toBe(`'say "hi"'`);
    expect(pyRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pyRepr('tab\there\nnew\\')).toBe(`'tab\\there\\nnew\\\\'`);
    expect(pyRepr('\u00a0nbsp\u200b\u007f é ✓')).toBe(`'\\xa0nbsp\\u200b\\x7f é ✓'`);
    expect(pyRepr('')).toBe(`''`);
  });

  it('prints ints, floats, None and booleans', () => {
    expect([1, new PyFloat(2), new PyFloat(0.1), new PyFloat(1e16), new PyFloat(1e15), new PyFloat(1.5e-5), new PyFloat(0.0001), new PyFloat(-0), new PyFloat(123456789.123), new PyFloat(1e22), new PyFloat(2.5e-7), new PyFloat(Infinity)].map(pyRepr).join(', '))
      .toBe('1, 2.0, 0.1, 1e+16, 1000000000000000.0, 1.5e-05, 0.0001, -0.0, 123456789.123, 1e+22, 2.5e-07, inf');
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr([true, false])).toBe('[True, False]');
    expect(pyRepr(new PyFloat(291.5833333333333))).toBe('291.5833333333333');
  });

  it('prints dict, defaultdict, OrderedDict, tuples', () => {
    expect(pyRepr(new PyDict([['a', 1], [null, 2]], 'defaultdict'))).toBe("defaultdict(<class 'int'>, {'a': 1, None: 2})");
    expect(pyRepr(new PyDict([], 'defaultdict'))).toBe("defaultdict(<class 'int'>, {})");
    expect(pyRepr(new PyDict([['attributes', new PyDict([['type', 'Order']], 'ordered')], ['AccountId', null]], 'ordered'))).toBe(
      "OrderedDict([('attributes', OrderedDict([('type', 'Order')])), ('AccountId', None)])",
    );
    expect(pyRepr(new PyDict([], 'ordered'))).toBe('OrderedDict()');
    expect(pyRepr(new PyDict([['a', true], ['b', null], ['c', [new PyTuple(['x']), new PyTuple(['x', 'y'])]]]))).toBe("{'a': True, 'b': None, 'c': [('x',), ('x', 'y')]}");
    expect(pyRepr(new PyTuple([1, 'b']))).toBe("(1, 'b')");
    expect(pyRepr(new PyDict())).toBe('{}');
  });

  it('str() of a string is the string itself', () => {
    expect(pyStr('Error: x')).toBe('Error: x');
    expect(pyStr(['a'])).toBe("['a']");
  });

  it('JSON round trip keeps dict order and writes None keys as "null"', () => {
    const v = fromJson({ b: 1, a: [1.5, 'x', null], c: { d: true } });
    expect(pyRepr(v)).toBe("{'b': 1, 'a': [1.5, 'x', None], 'c': {'d': True}}");
    expect(toJson(v)).toEqual({ b: 1, a: [1.5, 'x', null], c: { d: true } });
    expect(toJson(new PyDict([[null, 1]]))).toEqual({ null: 1 });
  });
});

describe('strptime', () => {
  it("accepts what CPython's %Y-%m-%dT%H:%M:%SZ accepts", () => {
    expect(strptime('2023-01-05T09:00:00Z', '%Y-%m-%dT%H:%M:%SZ').ms).toBe(Date.parse('2023-01-05T09:00:00Z'));
    expect(strptime('2023-1-5T9:0:0z', '%Y-%m-%dT%H:%M:%SZ').ms).toBe(Date.parse('2023-01-05T09:00:00Z'));
    for (const bad of ['2023-02-30T00:00:00Z', '2023-01-05', '2023-01-05T00:00:00', '23-01-05T00:00:00Z', '2023-01-05T24:00:00Z', '2023-01-05T00:00:00.000Z']) {
      expect(() => strptime(bad, '%Y-%m-%dT%H:%M:%SZ'), bad).toThrow(PyException);
    }
  });

  it('reads Salesforce datetimes with %f%z, offsets applied', () => {
    const t = strptime('2023-01-05T09:00:00.250+0200', '%Y-%m-%dT%H:%M:%S.%f%z');
    expect(t.ms).toBe(Date.parse('2023-01-05T07:00:00.250Z'));
    expect(t.month).toBe(1);
    expect(() => strptime(null, '%Y-%m-%dT%H:%M:%S.%f%z')).toThrow('strptime() argument 1 must be str, not None');
  });
});
