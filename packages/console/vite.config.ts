import { defineConfig } from 'vite';

export default defineConfig({
  // Served by the server under /console/ (see packages/server/src/http/console.ts).
  base: '/console/',
  // React's automatic JSX runtime, without a framework plugin (no fast refresh needed here).
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
});
