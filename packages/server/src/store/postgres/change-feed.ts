import pg from 'pg';
import { ChangeListeners } from '../change-listeners.js';
import { CHANGE_CHANNEL, type StoreChange } from '../../model/store-changes.js';
import type { StoreChangeListener } from '../store.js';

const RECONNECT_MS = 1_000;
/**
 * A connection can die without a word (a network partition sends no RST), and until the
 * feed notices, other nodes' notifications are silently lost: so it asks every second and
 * gives up on an answer after two.
 */
const HEARTBEAT_MS = 1_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;

/**
 * LISTENs on one dedicated connection and hands every node's changes to this node's caches.
 * When that connection drops, notifications sent meanwhile are lost: the feed reports itself
 * not live (caches must be bypassed) and tells listeners to resync at once and again after
 * reconnecting, rather than trust what they hold.
 */
export class PostgresChangeFeed {
  private readonly listeners = new ChangeListeners();
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void,
    /** Told each time the feed goes down or comes back (for logs, and operators' eyes). */
    private readonly onLiveChange: (live: boolean) => void = () => undefined,
  ) {}

  subscribe(listener: StoreChangeListener): () => void {
    return this.listeners.add(listener);
  }

  get live(): boolean {
    return this.client !== null;
  }

  /** This node's own change, heard at once (its NOTIFY echo arrives later and repeats it harmlessly). */
  emitLocal(change: StoreChange): void {
    this.listeners.emit(change);
  }

  /** Resolves once listening, or rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 5_000,
      query_timeout: HEARTBEAT_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      try {
        this.listeners.emit(JSON.parse(message.payload) as StoreChange);
      } catch {
        this.listeners.emit({ kind: 'resync' });
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('change feed connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.client = client;
    this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS).unref();
  }

  private beat(): void {
    const client = this.client;
    client?.query('SELECT 1').catch((error: Error) => this.lost(client, error));
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.listeners.emit({ kind: 'resync' });
    this.onError(error);
    this.onLiveChange(false);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().then(
        () => {
          this.listeners.emit({ kind: 'resync' });
          this.onLiveChange(true);
        },
        (error: Error) => {
          this.onError(error);
          this.scheduleReconnect();
        },
      );
    }, RECONNECT_MS);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
