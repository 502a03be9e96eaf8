import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

const CLIENT = '/api/client/v2.0';

export interface SeededUser {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  key: string;
}

async function post(url: string, path: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Real users through the public API: registered, logged in, each with one API key. */
export async function seedUsers(url: string, appId: string, count: number): Promise<SeededUser[]> {
  const users: SeededUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${i}-${Date.now()}@example.com`;
    const password = 'benchmark-password';
    await post(url, `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, { email, password });
    const login = await post(url, `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, { username: email, password });
    const created = await post(url, `${CLIENT}/auth/api_keys`, { name: 'bench' }, login.refresh_token);
    users.push({ email, password, accessToken: login.access_token, refreshToken: login.refresh_token, key: created.key });
  }
  return users;
}

/** Ids that cannot collide with real ones (those start with a current timestamp). */
const fillerId = (kind: 'user' | 'key', n: number) => (kind === 'user' ? 'b0' : 'b1') + n.toString(16).padStart(22, '0');

interface Filler {
  appInternalId: string;
  users: number;
  keysPerUser: number;
}

/** Bulk filler straight into SQLite: users with keys whose secrets nobody knows (random hashes). */
export function fillSqlite(path: string, filler: Filler): void {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  const now = Date.now();
  const insertUser = db.prepare("INSERT INTO users (id, app_id, type, created_at) VALUES (?, ?, 'normal', ?)");
  const insertKey = db.prepare(
    "INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at) VALUES (?, ?, ?, 'user', ?, ?, 0, ?)",
  );
  const chunk = db.transaction((from: number, to: number) => {
    for (let u = from; u < to; u++) {
      const userId = fillerId('user', u);
      insertUser.run(userId, filler.appInternalId, now);
      for (let k = 0; k < filler.keysPerUser; k++) {
        insertKey.run(fillerId('key', u * filler.keysPerUser + k), filler.appInternalId, userId, `filler-${k}`, randomBytes(32), now);
      }
    }
  });
  for (let from = 0; from < filler.users; from += 5_000) chunk.immediate(from, Math.min(filler.users, from + 5_000));
  db.close();
}

export function appInternalIdSqlite(path: string, clientAppId: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM apps WHERE client_app_id = ?').get(clientAppId) as { id: string }).id;
  } finally {
    db.close();
  }
}

/** The same filler for PostgreSQL, in batches of arrays unnested server-side. */
export async function fillPostgres(url: string, filler: Filler): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    for (let from = 0; from < filler.users; from += 2_000) {
      const to = Math.min(filler.users, from + 2_000);
      const userIds: string[] = [];
      const keyIds: string[] = [];
      const keyUsers: string[] = [];
      const names: string[] = [];
      const hashes: Buffer[] = [];
      for (let u = from; u < to; u++) {
        userIds.push(fillerId('user', u));
        for (let k = 0; k < filler.keysPerUser; k++) {
          keyIds.push(fillerId('key', u * filler.keysPerUser + k));
          keyUsers.push(fillerId('user', u));
          names.push(`filler-${k}`);
          hashes.push(randomBytes(32));
        }
      }
      await client.query("INSERT INTO users (id, app_id, type, created_at) SELECT unnest($1::text[]), $2, 'normal', $3", [
        userIds,
        filler.appInternalId,
        now,
      ]);
      await client.query(
        "INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at) SELECT unnest($1::text[]), $2, unnest($3::text[]), 'user', unnest($4::text[]), unnest($5::bytea[]), false, $6",
        [keyIds, filler.appInternalId, keyUsers, names, hashes, now],
      );
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

export async function appInternalIdPostgres(url: string, clientAppId: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('SELECT id FROM apps WHERE client_app_id = $1', [clientAppId])).rows[0]!.id;
  } finally {
    await client.end();
  }
}
