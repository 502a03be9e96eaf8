import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has defaults for everything', () => {
    expect(parseConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      consoleDir: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: 'latchkey:',
      keyEncryption: { current: null, previous: null },
      publicUrl: undefined,
      adminToken: undefined,
      logLevel: 'info',
      passwordRateLimit: 20,
      trustProxy: false,
      anonymousRateLimit: 20,
      revokeRateLimit: 30,
      requestTimeoutSeconds: 30,
      maxConnections: 10_000,
      smtpUrl: undefined,
      mailFrom: 'Latchkey <no-reply@localhost>',
      mailTemplatesDir: undefined,
      webhookTimeoutSeconds: 5,
      providerTimeoutSeconds: 5,
      maintenanceIntervalSeconds: 600,
      metrics: true,
      metricsPublic: false,
      otlpEndpoint: undefined,
      serviceName: 'latchkey',
    });
  });

  it('reads and converts the documented variables', () => {
    const config = parseConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      LATCHKEY_DATA_DIR: '/var/lib/latchkey',
      LATCHKEY_CONSOLE_DIR: '/srv/latchkey-console',
      LATCHKEY_PUBLIC_URL: 'https://auth.example.com/',
      LATCHKEY_ADMIN_TOKEN: 'Qm3vT8xR2kLp9WzN4hJd7YbC5sFg1AeU6tKo0iPq',
      LATCHKEY_LOG_LEVEL: 'warn',
      UNRELATED: 'ignored',
      LATCHKEY_PASSWORD_RATE_LIMIT: '0',
      DATABASE_URL: 'postgres://db.internal/latchkey',
      LATCHKEY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      LATCHKEY_ANONYMOUS_RATE_LIMIT: '5',
      LATCHKEY_REQUEST_TIMEOUT_SECONDS: '10',
      LATCHKEY_MAX_CONNECTIONS: '500',
      LATCHKEY_SMTP_URL: 'smtps://mailer:secret@smtp.example.com:465',
      LATCHKEY_MAIL_FROM: 'Todo <auth@todo.example.com>',
      LATCHKEY_MAIL_TEMPLATES_DIR: '/etc/latchkey/mail',
      LATCHKEY_WEBHOOK_TIMEOUT_SECONDS: '3',
      LATCHKEY_PROVIDER_TIMEOUT_SECONDS: '2',
      LATCHKEY_MAINTENANCE_INTERVAL_SECONDS: '60',
      LATCHKEY_METRICS: 'false',
      LATCHKEY_METRICS_PUBLIC: 'true',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/latchkey',
      consoleDir: '/srv/latchkey-console',
      databaseUrl: 'postgres://db.internal/latchkey',
      redisUrl: undefined,
      redisPrefix: 'latchkey:',
      keyEncryption: { current: null, previous: null },
      publicUrl: 'https://auth.example.com',
      adminToken: 'Qm3vT8xR2kLp9WzN4hJd7YbC5sFg1AeU6tKo0iPq',
      logLevel: 'warn',
      passwordRateLimit: 0,
      trustProxy: '10.0.0.0/8, 127.0.0.1',
      anonymousRateLimit: 5,
      revokeRateLimit: 30,
      requestTimeoutSeconds: 10,
      maxConnections: 500,
      smtpUrl: 'smtps://mailer:secret@smtp.example.com:465',
      mailFrom: 'Todo <auth@todo.example.com>',
      mailTemplatesDir: '/etc/latchkey/mail',
      webhookTimeoutSeconds: 3,
      providerTimeoutSeconds: 2,
      maintenanceIntervalSeconds: 60,
      metrics: false,
      metricsPublic: true,
      otlpEndpoint: undefined,
      serviceName: 'latchkey',
    });
    expect(parseConfig({ LATCHKEY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ LATCHKEY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', LATCHKEY_PUBLIC_URL: '' }).port).toBe(8080);
  });

  it('refuses an admin token with less than 128 bits of entropy, in one line that says how to make one', () => {
    for (const weak of ['admin-admin-admin-admin', 'a'.repeat(100), 'password1234567890', 'deadbeef'.repeat(4)]) {
      let message = '';
      try {
        parseConfig({ LATCHKEY_ADMIN_TOKEN: weak });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, weak).toMatch(
        /^invalid configuration: LATCHKEY_ADMIN_TOKEN is guessable \(about \d+ bits; at least 128 needed\).*openssl rand/,
      );
      expect(message).not.toContain(weak);
      expect(message).not.toContain('\n');
    }
    expect(parseConfig({ LATCHKEY_ADMIN_TOKEN: randomBytes(32).toString('base64') }).adminToken).toBeDefined();
  });

  it('refuses invalid values, naming the variable', () => {
    for (const env of [
      { PORT: 'eighty' },
      { PORT: '70000' },
      { LATCHKEY_PUBLIC_URL: 'auth.example.com' },
      { LATCHKEY_ADMIN_TOKEN: 'short' },
      { LATCHKEY_LOG_LEVEL: 'loud' },
      { LATCHKEY_PASSWORD_RATE_LIMIT: '-1' },
      { LATCHKEY_TRUST_PROXY: 'yes please' },
      { DATABASE_URL: 'mysql://db/latchkey' },
      { LATCHKEY_REQUEST_TIMEOUT_SECONDS: '0' },
      { LATCHKEY_MAX_CONNECTIONS: '0' },
      { LATCHKEY_SMTP_URL: 'mail.example.com:25' },
      { LATCHKEY_WEBHOOK_TIMEOUT_SECONDS: '600' },
      { LATCHKEY_MAINTENANCE_INTERVAL_SECONDS: '5' },
      { LATCHKEY_METRICS: 'off' },
      { LATCHKEY_METRICS_PUBLIC: 'yes' },
    ]) {
      const name = Object.keys(env)[0]!;
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(name);
    }
  });
});
