import { resolve } from 'node:path';
import { ConfigError, type Config } from './config.js';
import { SealedSecretError } from './crypto/sealed-secrets.js';

interface SystemError {
  code?: string;
  syscall?: string;
  path?: string;
  message?: string;
  cause?: unknown;
}

/** Where DATABASE_URL points, without its password: `host:port, database name`. */
export function describeDatabase(databaseUrl: string): { host: string; database: string; user: string } {
  const url = new URL(databaseUrl);
  const host = url.searchParams.get('host') ?? (url.hostname || 'localhost');
  return {
    host: `${host}:${url.port || '5432'}`,
    database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username) || 'the login user',
  };
}

function causes(error: unknown): SystemError[] {
  const chain: SystemError[] = [];
  for (let current = error; current && typeof current === 'object' && chain.length < 5; current = (current as SystemError).cause) {
    chain.push(current);
  }
  return chain;
}

function listenFailure(error: SystemError, config: Config): string | null {
  if (error.syscall !== 'listen') return null;
  const where = `${config.host}:${config.port}`;
  if (error.code === 'EADDRINUSE') return `${where} is already in use by another process: stop it, or set PORT to a free port`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return `cannot listen on ${where}: HOST ${config.host} is not an address of this machine; set HOST to one of its addresses (0.0.0.0 for all)`;
  if (error.code === 'EACCES')
    return `cannot listen on ${where}: ports below 1024 need privileges this process lacks; set PORT to 1024 or above and put a reverse proxy on port ${config.port}`;
  return `cannot listen on ${where} (${error.code ?? error.message}): check PORT and HOST`;
}

const FILE_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOSPC: 'the disk is full',
  EEXIST: 'a file is in the way',
};

function dataDirFailure(error: SystemError, config: Config): string | null {
  if (config.databaseUrl) return null;
  const dir = resolve(config.dataDir);
  const reason = error.code ? FILE_REASONS[error.code] : undefined;
  if (reason && error.path)
    return `cannot create the database in ${dir} (LATCHKEY_DATA_DIR): ${reason}; set LATCHKEY_DATA_DIR to a directory this user can write`;
  if (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')
    return `another Latchkey server is running on ${dir} (LATCHKEY_DATA_DIR): stop it, or give this one its own LATCHKEY_DATA_DIR`;
  if (error.code === 'SQLITE_CANTOPEN' || error.code === 'SQLITE_READONLY' || error.code === 'SQLITE_PERM')
    return `cannot open the database in ${dir} (LATCHKEY_DATA_DIR): ${error.message}; set LATCHKEY_DATA_DIR to a directory this user can write`;
  if (error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT')
    return `${dir}/latchkey.db is not a Latchkey database or is damaged (LATCHKEY_DATA_DIR): restore it from a backup (docs/operations.md)`;
  return null;
}

function databaseFailure(error: SystemError, config: Config): string | null {
  if (!config.databaseUrl) return null;
  const { host, database, user } = describeDatabase(config.databaseUrl);
  switch (error.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${host} (DATABASE_URL): connection refused; start it, or correct the host and port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL: the host in DATABASE_URL (${host}) is not found`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach PostgreSQL at ${host} (DATABASE_URL): no answer; check the host, port and firewall`;
    case '3D000':
      return `PostgreSQL at ${host} has no database "${database}" (DATABASE_URL): create it (createdb ${database}) or name another`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${host} refused the user "${user}" (DATABASE_URL): ${error.message}`;
    case '42501':
      return `the user "${user}" may not create Latchkey's tables in "${database}" (DATABASE_URL): ${error.message}; grant it CREATE on the database`;
  }
  if (/timeout exceeded when trying to connect/i.test(error.message ?? ''))
    return `cannot reach PostgreSQL at ${host} (DATABASE_URL): no answer within 5 s; check the host, port and firewall`;
  return null;
}

/**
 * What a failed start prints: one line naming the cause and the setting to change (the full
 * error with its stack is logged at debug level). Anything not recognised keeps its message.
 */
export function describeStartFailure(error: unknown, config: Config | null): string {
  if (error instanceof ConfigError || error instanceof SealedSecretError) return error.message;
  const chain = causes(error);
  if (config) {
    for (const link of chain) {
      const line = listenFailure(link, config) ?? dataDirFailure(link, config) ?? databaseFailure(link, config);
      if (line) return line;
    }
  }
  const innermost = chain.at(-1);
  return `could not start: ${innermost?.message ?? String(error)} (LATCHKEY_LOG_LEVEL=debug prints the details)`;
}
