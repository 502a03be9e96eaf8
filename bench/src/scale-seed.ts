/**
 * The scale benchmark's bulk: users, each with KEYS_PER_USER keys of a known set (known-keys.ts)
 * and a session per key, most of them expired (months of logins), written straight into the
 * store's tables through its own SQL, in bulk: SQLite while its server is stopped (the server
 * holds the file exclusively), PostgreSQL in batches of arrays unnested server-side.
 */
import { randomFillSync } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { knownKeyHash, type KeySet } from './known-keys.js';

export interface ScaleFill {
  appInternalId: string;
  keys: KeySet;
  keysPerUser: number;
  /**
   * One session per key, this share of them expired: sessions were opened one after another
   * over months, each lasting SESSION_DAYS, so the oldest have expired (as a real deployment's).
   */
  expiredShare: number;
}

const DAY = 86_400_000;
const SESSION_DAYS = 30;
/** Ids that cannot collide with real ones (those start with a current timestamp). */
const id = (prefix: string, n: number) => prefix + n.toString(16).padStart(22, '0');

/** Random bytes drawn a megabyte at a time: hashing or drawing 32 bytes per row would dominate the fill. */
class Noise {
  private pool = Buffer.alloc(0);
  private at = 0;
  next(length: number): Buffer {
    if (this.at + length > this.pool.length) {
      this.pool = randomFillSync(Buffer.allocUnsafe(1 << 20));
      this.at = 0;
    }
    return this.pool.subarray(this.at, (this.at += length));
  }
}

interface Row {
  n: number;
  userId: string | null;
  keyId: string;
  secretHash: Buffer;
  sessionId: string;
  refreshHash: Buffer;
  deviceId: string;
  createdAt: number;
  expiresAt: number;
}

function* rowsOf(fill: ScaleFill, from: number, to: number, now: number, noise: Noise): Generator<Row> {
  const span = (SESSION_DAYS * DAY) / (1 - fill.expiredShare);
  for (let n = from; n < to; n++) {
    const createdAt = Math.round(now - span + (n / fill.keys.count) * span);
    yield {
      n,
      // A new user at each owner's first key.
      userId: n % fill.keysPerUser === 0 ? id('b0', n / fill.keysPerUser) : null,
      keyId: id('b1', n),
      secretHash: knownKeyHash(fill.keys, n),
      sessionId: id('b2', n),
      refreshHash: Buffer.from(noise.next(32)),
      deviceId: id('b3', n),
      createdAt,
      expiresAt: createdAt + SESSION_DAYS * DAY,
    };
  }
}

const ownerOf = (fill: ScaleFill, n: number) => id('b0', Math.floor(n / fill.keysPerUser));
/** Key names are unique per user. */
const nameOf = (fill: ScaleFill, n: number) => `device ${n % fill.keysPerUser}`;

export function fillScaleSqlite(path: string, fill: ScaleFill): void {
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const now = Date.now();
  const noise = new Noise();
  const user = db.prepare("INSERT INTO users (id, app_id, type, created_at) VALUES (?, ?, 'normal', ?)");
  const key = db.prepare(
    "INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at) VALUES (?, ?, ?, 'user', ?, ?, 0, ?)",
  );
  const session = db.prepare(
    'INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const app = fill.appInternalId;
  const chunk = db.transaction((from: number, to: number) => {
    for (const row of rowsOf(fill, from, to, now, noise)) {
      if (row.userId) user.run(row.userId, app, now);
      const owner = ownerOf(fill, row.n);
      key.run(row.keyId, app, owner, nameOf(fill, row.n), row.secretHash, now);
      session.run(row.sessionId, app, owner, row.keyId, row.refreshHash, row.deviceId, row.createdAt, row.expiresAt);
    }
  });
  for (let from = 0; from < fill.keys.count; from += 20_000) chunk.immediate(from, Math.min(fill.keys.count, from + 20_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export async function fillScalePostgres(url: string, fill: ScaleFill): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    const noise = new Noise();
    const app = fill.appInternalId;
    for (let from = 0; from < fill.keys.count; from += 20_000) {
      const rows = [...rowsOf(fill, from, Math.min(fill.keys.count, from + 20_000), now, noise)];
      const owners = rows.map((row) => ownerOf(fill, row.n));
      await client.query("INSERT INTO users (id, app_id, type, created_at) SELECT unnest($1::text[]), $2, 'normal', $3", [
        rows.flatMap((row) => (row.userId ? [row.userId] : [])),
        app,
        now,
      ]);
      await client.query(
        "INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at) SELECT unnest($1::text[]), $2, unnest($3::text[]), 'user', unnest($4::text[]), unnest($5::bytea[]), false, $6",
        [rows.map((row) => row.keyId), app, owners, rows.map((row) => nameOf(fill, row.n)), rows.map((row) => row.secretHash), now],
      );
      await client.query(
        'INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at) SELECT unnest($1::text[]), $2, unnest($3::text[]), unnest($4::text[]), unnest($5::bytea[]), unnest($6::text[]), unnest($7::bigint[]), unnest($8::bigint[])',
        [
          rows.map((row) => row.sessionId),
          app,
          owners,
          rows.map((row) => row.keyId),
          rows.map((row) => row.refreshHash),
          rows.map((row) => row.deviceId),
          rows.map((row) => row.createdAt),
          rows.map((row) => row.expiresAt),
        ],
      );
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
