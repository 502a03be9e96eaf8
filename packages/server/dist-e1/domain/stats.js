export const MAX_STATS_HOURS = 24 * 31;
//# sourceMappingURL=stats.js.map