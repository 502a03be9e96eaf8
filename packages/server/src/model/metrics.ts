import type { AuditEvent } from './audit-events.js';

export type CacheName = 'sessions' | 'users' | 'key_lists' | 'verified_keys';

/**
 * What the domain tells whoever watches the service. The server's implementation is
 * Prometheus (src/metrics); tests and tools that need none use NO_METRICS.
 */
export interface Metrics {
  /** Every audited event as it happens, whether or not the app keeps an audit log (logins and key operations are counted from these). */
  event(event: AuditEvent): void;
  /** A read-cache lookup: answered from memory (hit) or from the store (miss). */
  cacheLookup(cache: CacheName, hit: boolean): void;
}

export const NO_METRICS: Metrics = {
  event: () => undefined,
  cacheLookup: () => undefined,
};
