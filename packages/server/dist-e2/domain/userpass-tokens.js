export {};
//# sourceMappingURL=userpass-tokens.js.map