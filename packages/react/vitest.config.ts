import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.tsx', 'test/**/*.test.ts'], environment: 'jsdom', testTimeout: 30_000, hookTimeout: 60_000 },
});
