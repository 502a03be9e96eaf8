export const NO_METRICS = {
    event: () => undefined,
    cacheLookup: () => undefined,
};
//# sourceMappingURL=metrics.js.map