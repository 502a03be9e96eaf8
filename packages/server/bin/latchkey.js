#!/usr/bin/env -S node --max-semi-space-size=4
// The `latchkey` command. It is a file of its own, kept in git, so that npm links it when a fresh
// clone is installed: npm does not link a bin whose file does not exist yet, and dist/ is built
// only afterwards (by `prepare`).
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('latchkey: not built yet: run npm install (or npm run build) in the repository first\n');
  process.exitCode = 1;
}
