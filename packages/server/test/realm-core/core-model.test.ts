import { describe, expect, it } from 'vitest';
import { checkForErrors } from './core-client.js';
import { coreParseJson } from './core-json.js';
import { CoreAbort, CoreAppError, parseRealmJwt } from './core-jwt.js';

/** The model itself, held to what realm-core's own code and unit tests say (so the conformance suite can fail). */
const jwt = (payload: string) => `eyJhbGciOiJub25lIn0.${Buffer.from(payload).toString('base64url')}.sig`;

describe('the realm-core model', () => {
  it("refuses an opaque token as a malformed JWT, as core's own test expects of a non-JWT refresh token", () => {
    for (const token of ['lkr_0123456789abcdef0123456789', 'a.b', '.b.c', 'a.b.', 'a.b.c.d']) {
      expect(() => parseRealmJwt(token), token).toThrow(CoreAppError);
    }
  });

  it('reads integer exp and iat, base64url without padding, and a user_data document', () => {
    const parsed = parseRealmJwt(jwt('{"exp":1800000000,"iat":1799990000,"user_data":{"a":[1,2.5]}}'));
    expect([parsed.expiresAt, parsed.issuedAt, parsed.userData?.type]).toEqual([1_800_000_000n, 1_799_990_000n, 'document']);
  });

  it('aborts (REALM_ASSERT) on a fractional exp, a missing iat or a user_data that is not a document', () => {
    for (const payload of [
      '{"exp":1.5e9,"iat":1}',
      '{"exp":1}',
      '{"exp":1,"iat":1,"user_data":[1]}',
      '{"exp":1,"iat":1,"user_data":{"$date":1}}',
    ]) {
      expect(() => parseRealmJwt(jwt(payload)), payload).toThrow(CoreAbort);
    }
  });

  it('tells integers from doubles as nlohmann does', () => {
    expect(coreParseJson('[1, -2, 1.0, 1e3, 9223372036854775808]')).toEqual({
      type: 'array',
      items: [
        { type: 'int64', value: 1n },
        { type: 'int64', value: -2n },
        { type: 'double', value: 1 },
        { type: 'double', value: 1000 },
        { type: 'double', value: 9223372036854775808 },
      ],
    });
  });

  it('reads error codes only under exactly application/json', () => {
    const body = '{"error":"nope","error_code":"InvalidSession"}';
    expect(checkForErrors({ status: 401, headers: new Headers({ 'content-type': 'application/json' }), body })?.code).toBe(
      'InvalidSession',
    );
    expect(checkForErrors({ status: 401, headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }), body })?.code).toBe(
      'HTTPError',
    );
    expect(
      checkForErrors({
        status: 403,
        headers: new Headers({ 'content-type': 'application/json' }),
        body: '{"error":"x","error_code":"OurOwnCode"}',
      }),
    ).toMatchObject({ code: 'AppServerError', serverError: 'OurOwnCode' });
  });
});
