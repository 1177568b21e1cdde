// The error factory and located errors (server/soql/errors.ts): one constructor per catalogued code
// with the catalogue's status, the caret excerpt formatted from a structured location, and the
// legacy constructor signature still working.
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES, SalesforceError, sfError } from '../../server/soql/errors.js';

describe('sfError factory', () => {
  it('has one constructor per catalogued code, with the catalogue status', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(30);
    for (const code of ERROR_CODES) {
      const e = sfError[code]('x');
      expect(e).toBeInstanceOf(SalesforceError);
      expect(e.errorCode).toBe(code);
      expect(e.status).toBe(ERROR_CATALOGUE[code].status);
    }
    expect(sfError.NOT_FOUND('gone').status).toBe(404);
    expect(sfError.INVALID_SESSION_ID('no').status).toBe(401);
    expect(sfError.EXCEEDED_ID_LIMIT('too many').status).toBe(400); // a code only collections use
    expect(sfError.MALFORMED_QUERY('x', { status: 418 }).status).toBe(418);
  });

  it('formats the caret excerpt from the location, keeping the bare text apart', () => {
    const source = 'SELECT Id FROM Foo';
    const e = sfError.INVALID_TYPE("sObject type 'Foo' is not supported.", { at: { source, offset: 15 } });
    expect(e.text).toBe("sObject type 'Foo' is not supported.");
    expect(e.location).toEqual({ source, offset: 15 });
    expect(e.wireMessage()).toBe(`\n${source}\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported.`);
    expect(e.message).toBe(e.wireMessage());
    expect(e.toWire()).toEqual([{ message: e.wireMessage(), errorCode: 'INVALID_TYPE' }]);
  });

  it('withCode re-codes an error and keeps its location (SOQL inside SOSL)', () => {
    const e = sfError.MALFORMED_QUERY("unexpected token: '='", { at: { source: 'FIND {a1} RETURNING A(Id WHERE = 1)', offset: 31 } });
    const s = e.withCode('MALFORMED_SEARCH');
    expect(s.errorCode).toBe('MALFORMED_SEARCH');
    expect(s.location).toEqual(e.location);
    expect(s.message).toBe(e.message);
  });

  it('keeps the old constructor signature (code, message, status?, fields?)', () => {
    const e = new SalesforceError('INVALID_FIELD', 'bad', 400, ['Name']);
    expect(e.location).toBeUndefined();
    expect(e.toWire()).toEqual([{ message: 'bad', errorCode: 'INVALID_FIELD', fields: ['Name'] }]);
    expect(new SalesforceError('NOT_FOUND', 'nope').status).toBe(404);
    expect(new SalesforceError('NOT_FOUND', 'nope').toWire()).toEqual([{ errorCode: 'NOT_FOUND', message: 'nope' }]);
  });
});
