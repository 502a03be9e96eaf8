import { defineConfig } from 'vite';

/**
 * The page is configured by two documented variables (README.md), read when it is built and
 * written into the bundle by name: nothing else from the environment reaches it (a server's
 * LATCHKEY_ADMIN_TOKEN, say). `EXAMPLE_PORT` is where `npm run example` serves it.
 */
export default defineConfig({
  // React's automatic JSX runtime, without a framework plugin (no fast refresh needed here).
  oxc: { jsx: { runtime: 'automatic' } },
  define: {
    __LATCHKEY_URL__: JSON.stringify(process.env.LATCHKEY_URL || 'http://127.0.0.1:8080'),
    __LATCHKEY_APP_ID__: JSON.stringify(process.env.LATCHKEY_APP_ID || 'demo'),
  },
  build: { outDir: 'dist', emptyOutDir: true },
  preview: { host: '127.0.0.1', port: Number(process.env.EXAMPLE_PORT || 5173), strictPort: true },
});
