import { firstRow, run } from './driver.js';
/** Failed password logins, per account (`ip` '') and per account and address. */
/** Where the account and this address stand: the later block, and whether anything is counted at all. */
export function* passwordFailures(appId, email, ip) {
    const row = yield* firstRow(`SELECT MAX(blocked_until) AS blocked_until, COUNT(*) AS n FROM password_failures WHERE app_id = ? AND email = ? AND ip IN (?, '')`, [appId, email, ip]);
    return { blockedUntil: Number(row?.blocked_until ?? 0), counted: Number(row?.n ?? 0) > 0 };
}
/**
 * Counts one more failure for the account and for the address, each restarting from zero when
 * its last failure is older than `forgetAfterMs`, and blocks each until what `blockUntil` says.
 */
export function* countPasswordFailure({ appId, email, ip, now, forgetAfterMs, blockUntil }) {
    for (const [scopeIp, scope] of [
        [ip, 'address'],
        ['', 'account'],
    ]) {
        // One statement, so concurrent failures on several nodes each count (no read-then-write race).
        const counted = yield* firstRow(`INSERT INTO password_failures (app_id, email, ip, failures, blocked_until, updated_at) VALUES (?, ?, ?, 1, 0, ?)
       ON CONFLICT (app_id, email, ip) DO UPDATE SET
         failures = CASE WHEN password_failures.updated_at > ? THEN password_failures.failures + 1 ELSE 1 END,
         updated_at = excluded.updated_at
       RETURNING failures`, [appId, email, scopeIp, now, now - forgetAfterMs]);
        const failures = Number(counted?.failures ?? 1);
        yield* run('UPDATE password_failures SET blocked_until = ? WHERE app_id = ? AND email = ? AND ip = ?', [
            blockUntil(failures, scope),
            appId,
            email,
            scopeIp,
        ]);
    }
}
/** A successful login or a password reset forgets every failure counted for the account. */
export function* clearPasswordFailures(appId, email) {
    yield* run('DELETE FROM password_failures WHERE app_id = ? AND email = ?', [appId, email]);
}
export function* deleteStalePasswordFailures(before) {
    return yield* run('DELETE FROM password_failures WHERE updated_at < ?', [before]);
}
//# sourceMappingURL=throttle-queries.js.map