export {};
//# sourceMappingURL=limits.js.map