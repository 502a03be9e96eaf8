import { estimateEntropyBits } from './crypto/token-strength.js';
import { parseKeyEncryptionKey, type KeyEncryptionKey, type KeyEncryptionKeys } from './crypto/sealed-secrets.js';
import { describeProblems, PATTERN_HINTS } from '@latchkey/protocol/problems';
import { URL_PATTERN } from '@latchkey/protocol/patterns';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** What the environment's patterns mean, for the one line a bad setting gets. */
const ENVIRONMENT_HINTS: Record<string, string> = { [URL_PATTERN]: PATTERN_HINTS[URL_PATTERN]! };
/** A text setting of a given form, said in words when it is wrong. */
function formed(pattern: string, hint: string, options: { default?: string } = {}) {
  ENVIRONMENT_HINTS[pattern] = hint;
  return Type.String({ pattern, ...options });
}

/** Every environment variable Latchkey reads, with its default. Nothing else reads process.env. */
export const Environment = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  LATCHKEY_DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  LATCHKEY_CONSOLE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(
    formed('^postgres(ql)?://', 'a PostgreSQL connection URL such as postgres://user@db.example.com:5432/latchkey'),
  ),
  REDIS_URL: Type.Optional(formed('^rediss?://', 'a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS)')),
  LATCHKEY_REDIS_PREFIX: Type.String({ minLength: 1, maxLength: 100, default: 'latchkey:' }),
  LATCHKEY_SECRET_KEY: Type.Optional(Type.String({ minLength: 43, maxLength: 64 })),
  LATCHKEY_PREVIOUS_SECRET_KEY: Type.Optional(Type.String({ minLength: 43, maxLength: 64 })),
  LATCHKEY_PUBLIC_URL: Type.Optional(
    formed('^https?://[^\\s/]+(/[^\\s]*)?$', 'the http:// or https:// URL clients reach the server at, such as https://auth.example.com'),
  ),
  LATCHKEY_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  LATCHKEY_LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  LATCHKEY_LOG_FORMAT: Type.Optional(Type.Union(LOG_FORMATS.map((format) => Type.Literal(format)))),
  LATCHKEY_PASSWORD_RATE_LIMIT: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 20 }),
  LATCHKEY_TRUST_PROXY: formed(
    '^(true|false|[0-9]{1,2}|[0-9a-fA-F.:/, ]+)$',
    "true, false, a number of proxy hops (0-99), or the proxies' addresses or CIDRs separated by commas",
    { default: 'false' },
  ),
  LATCHKEY_ANONYMOUS_RATE_LIMIT: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 20 }),
  LATCHKEY_REVOKE_RATE_LIMIT: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 30 }),
  LATCHKEY_REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  LATCHKEY_MAX_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
  LATCHKEY_SMTP_URL: Type.Optional(
    formed('^smtps?://[^\\s]+$', 'an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587'),
  ),
  LATCHKEY_MAIL_FROM: Type.String({ minLength: 3, maxLength: 320, default: 'Latchkey <no-reply@localhost>' }),
  LATCHKEY_MAIL_TEMPLATES_DIR: Type.Optional(Type.String({ minLength: 1 })),
  LATCHKEY_WEBHOOK_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
  LATCHKEY_PROVIDER_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
  LATCHKEY_MAINTENANCE_INTERVAL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 600 }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: URL_PATTERN })),
  OTEL_SERVICE_NAME: Type.String({ minLength: 1, maxLength: 200, default: 'latchkey' }),
  LATCHKEY_METRICS: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'true' }),
  LATCHKEY_METRICS_PUBLIC: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
});

type Environment = Static<typeof Environment>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The console's static build; unset, packages/console/dist beside the server. */
  consoleDir: string | undefined;
  /** A PostgreSQL connection string selects the PostgreSQL store; unset, the embedded SQLite store. */
  databaseUrl: string | undefined;
  /** Rate limits shared by every node through this Redis; unset, each node counts alone. */
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Encrypts the signing keys at rest (and the previous one, while rotating it, still decrypts). */
  keyEncryption: KeyEncryptionKeys;
  /** What `location` answers as `hostname`; derived from the bound address when unset. */
  publicUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** `json` or `pretty`; unset, pretty on a terminal and JSON otherwise. */
  logFormat: LogFormat | undefined;
  /** Password logins and registrations per client IP per minute; 0 turns the limit off. */
  passwordRateLimit: number;
  /** Fastify's trustProxy: whether (or which hops) to believe X-Forwarded-For for the client IP. */
  trustProxy: boolean | number | string;
  /** Anonymous logins per client IP per minute (each makes a user); 0 turns the limit off. */
  anonymousRateLimit: number;
  revokeRateLimit: number;
  /** How long a client may take to send a whole request (headers and body); slower ones get 408. */
  requestTimeoutSeconds: number;
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
  /** Confirmation and reset mail; unset, no app can use the email flows. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Overrides for the mail templates (confirm.txt, confirm.html, reset.txt, reset.html). */
  mailTemplatesDir: string | undefined;
  /** How long each attempt to call an app's webhook may take (two retries follow a failed one). */
  webhookTimeoutSeconds: number;
  /** How long an identity provider (a custom JWT's JWK URI) may take to answer before logins needing it are refused. */
  providerTimeoutSeconds: number;
  /** How often expired sessions, old audit events and the like are swept away. */
  maintenanceIntervalSeconds: number;
  /** Prometheus metrics (GET /metrics and what feeds it); off, neither the route nor the counting exists. */
  metrics: boolean;
  /** OpenTelemetry traces go to this OTLP/HTTP collector (`/v1/traces` is added); unset, nothing is traced or loaded. */
  otlpEndpoint: string | undefined;
  serviceName: string;
  /** GET /metrics without the admin token (for a scraper on a private network). */
  metricsPublic: boolean;
}

export class ConfigError extends Error {}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^[0-9]+$/.test(value) ? Number(value) : value;
}

function keyEncryptionKey(name: string, text: string | undefined): KeyEncryptionKey | null {
  if (text === undefined) return null;
  try {
    return parseKeyEncryptionKey(text);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${name}: ${(error as Error).message}`);
  }
}

/** The admin API is one bearer token away from every user: it must be unguessable, not merely long. */
const MIN_ADMIN_TOKEN_BITS = 128;

function adminToken(text: string | undefined): string | undefined {
  const bits = text === undefined ? Infinity : estimateEntropyBits(text);
  if (bits < MIN_ADMIN_TOKEN_BITS) {
    throw new ConfigError(
      `invalid configuration: LATCHKEY_ADMIN_TOKEN is guessable (about ${Math.floor(bits)} bits; at least ${MIN_ADMIN_TOKEN_BITS} needed): use 32 random bytes, e.g. openssl rand -base64 32, or unset it to have one generated`,
    );
  }
  return text;
}

/** Parses and validates the environment once, at start. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(
    Object.keys(Environment.properties)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const converted = Value.Convert(Environment, Value.Default(Environment, known));
  if (!Value.Check(Environment, converted)) {
    const problems = describeProblems([...Value.Errors(Environment, converted)], Environment, 'environment', {
      hints: ENVIRONMENT_HINTS,
    });
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const parsed = converted;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: parsed.LATCHKEY_DATA_DIR,
    consoleDir: parsed.LATCHKEY_CONSOLE_DIR,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    redisPrefix: parsed.LATCHKEY_REDIS_PREFIX,
    keyEncryption: {
      current: keyEncryptionKey('LATCHKEY_SECRET_KEY', parsed.LATCHKEY_SECRET_KEY),
      previous: keyEncryptionKey('LATCHKEY_PREVIOUS_SECRET_KEY', parsed.LATCHKEY_PREVIOUS_SECRET_KEY),
    },
    publicUrl: parsed.LATCHKEY_PUBLIC_URL?.replace(/\/+$/, ''),
    adminToken: adminToken(parsed.LATCHKEY_ADMIN_TOKEN),
    logLevel: parsed.LATCHKEY_LOG_LEVEL,
    logFormat: parsed.LATCHKEY_LOG_FORMAT,
    passwordRateLimit: parsed.LATCHKEY_PASSWORD_RATE_LIMIT,
    trustProxy: parseTrustProxy(parsed.LATCHKEY_TRUST_PROXY),
    anonymousRateLimit: parsed.LATCHKEY_ANONYMOUS_RATE_LIMIT,
    revokeRateLimit: parsed.LATCHKEY_REVOKE_RATE_LIMIT,
    requestTimeoutSeconds: parsed.LATCHKEY_REQUEST_TIMEOUT_SECONDS,
    maxConnections: parsed.LATCHKEY_MAX_CONNECTIONS,
    smtpUrl: parsed.LATCHKEY_SMTP_URL,
    mailFrom: parsed.LATCHKEY_MAIL_FROM,
    mailTemplatesDir: parsed.LATCHKEY_MAIL_TEMPLATES_DIR,
    webhookTimeoutSeconds: parsed.LATCHKEY_WEBHOOK_TIMEOUT_SECONDS,
    providerTimeoutSeconds: parsed.LATCHKEY_PROVIDER_TIMEOUT_SECONDS,
    maintenanceIntervalSeconds: parsed.LATCHKEY_MAINTENANCE_INTERVAL_SECONDS,
    metrics: parsed.LATCHKEY_METRICS === 'true',
    metricsPublic: parsed.LATCHKEY_METRICS_PUBLIC === 'true',
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: parsed.OTEL_SERVICE_NAME,
  };
}
