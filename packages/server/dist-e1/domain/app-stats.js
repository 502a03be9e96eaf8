/** The app's counts now, and its logins over the last `hours` hours (whole hours, the current one included). */
export async function appStats(deps, app, hours) {
    const now = deps.clock.now();
    const since = Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000;
    // This node's recent events first, so the current hour counts the logins just made here.
    await deps.audit.flush();
    return { since, ...(await deps.store.appStats(app.id, since, now)) };
}
//# sourceMappingURL=app-stats.js.map