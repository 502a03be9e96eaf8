import { defineConfig } from 'vite';

export default defineConfig({
  // React's automatic JSX runtime, without a framework plugin (no fast refresh needed here).
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
