import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { describeDatabase, describeStartFailure } from './start-failures.js';

const systemError = (code: string, syscall: string, more: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${syscall} ${code}`), { code, syscall, ...more });

describe('a failed start, in one line', () => {
  const config = parseConfig({ PORT: '443', HOST: '10.9.8.7', DATABASE_URL: 'postgres://app:hunter2@db.internal:6543/auth' });

  it('names the setting for listening failures', () => {
    expect(describeStartFailure(systemError('EADDRNOTAVAIL', 'listen'), config)).toMatch(
      /^cannot listen on 10\.9\.8\.7:443: HOST 10\.9\.8\.7 is not/,
    );
    expect(describeStartFailure(systemError('EACCES', 'listen'), config)).toMatch(/set PORT to 1024 or above/);
  });

  it("names DATABASE_URL's host and database, never its password, even through a wrapping error", () => {
    const wrapped = new Error('the database is unreachable', { cause: systemError('ETIMEDOUT', 'connect') });
    const line = describeStartFailure(wrapped, config);
    expect(line).toBe('cannot reach PostgreSQL at db.internal:6543 (DATABASE_URL): no answer; check the host, port and firewall');
    const refused = describeStartFailure(
      Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' }),
      config,
    );
    expect(refused).toMatch(/refused the user "app" \(DATABASE_URL\)/);
    for (const text of [line, refused]) expect(text).not.toContain('hunter2');
    expect(describeDatabase('postgres://app:hunter2@db.internal/auth')).toEqual({
      host: 'db.internal:5432',
      database: 'auth',
      user: 'app',
    });
  });

  it('keeps the message of anything it does not know, and says how to see more', () => {
    expect(describeStartFailure(new Error('something odd'), config)).toBe(
      'could not start: something odd (LATCHKEY_LOG_LEVEL=debug prints the details)',
    );
  });
});
