import { describe, expect, it } from 'vitest';
import { generateSecret, randomBase62, withChecksum } from './key-format.js';
import { REFRESH_TOKEN_HEADER, issueRefreshToken, sessionIdOfRefreshToken } from './refresh-tokens.js';

const subject = {
  sessionId: '6b03b4650601403620cb7933',
  userId: '6b03b4650601403620cb7000',
  issuedAt: 1_800_000_000_500,
  expiresAt: 1_805_184_000_999,
};
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('refresh tokens', () => {
  it('are shaped like a JWT whose claims carry the session, its user and whole-second iat and exp', () => {
    const token = issueRefreshToken(subject);
    const [header, claims, secret, ...rest] = token.split('.');
    expect(rest).toEqual([]);
    expect(decode(header!)).toEqual({ alg: 'none', typ: 'lkr' });
    expect(decode(claims!)).toEqual({ sub: subject.userId, sid: subject.sessionId, iat: 1_800_000_000, exp: 1_805_184_000 });
    expect(secret).toMatch(/^[0-9A-Za-z]{49}$/);
    expect(token).not.toMatch(/[=+/]/);
  });

  it('read back the session id, and never repeat', () => {
    const tokens = Array.from({ length: 500 }, () => issueRefreshToken(subject));
    expect(new Set(tokens).size).toBe(500);
    for (const token of tokens) expect(sessionIdOfRefreshToken(token)).toBe(subject.sessionId);
  });

  it('refuse any single changed character through the checksum', () => {
    const token = issueRefreshToken(subject);
    const secretStart = token.lastIndexOf('.') + 1;
    for (let i = secretStart; i < token.length; i++) {
      const replacement = token[i] === 'x' ? 'y' : 'x';
      expect(sessionIdOfRefreshToken(token.slice(0, i) + replacement + token.slice(i + 1)), `position ${i}`).toBeNull();
    }
  });

  it('refuse other shapes: keys, access-token-like JWTs, other headers, junk claims, extra parts', () => {
    const token = issueRefreshToken(subject);
    const [, claims, secret] = token.split('.');
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
    const notAnId = Buffer.from(JSON.stringify({ sid: 'x' })).toString('base64url');
    for (const candidate of [
      '',
      generateSecret('user-key'),
      `${otherHeader}.${claims}.${secret}`,
      `${token}.x`,
      token.slice(0, -1),
      withChecksum(`${REFRESH_TOKEN_HEADER}.${notAnId}.${randomBase62(43)}`),
      withChecksum(`${REFRESH_TOKEN_HEADER}.not-base64-json.${randomBase62(43)}`),
      withChecksum(`${REFRESH_TOKEN_HEADER}.${claims}${'A'.repeat(600)}.${randomBase62(43)}`),
    ]) {
      expect(sessionIdOfRefreshToken(candidate)).toBeNull();
    }
  });

  it('still read refresh tokens issued before they became JWT-shaped (lkr_<session id><secret><crc>)', () => {
    const legacy = withChecksum(`lkr_${subject.sessionId}${randomBase62(43)}`);
    expect(sessionIdOfRefreshToken(legacy)).toBe(subject.sessionId);
    expect(sessionIdOfRefreshToken(legacy.slice(0, 4) + '7' + legacy.slice(5))).toBeNull();
  });
});
