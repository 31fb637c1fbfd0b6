// Vite builds the console into web/dist, which the server serves at / (server/web.ts).
// `npm run web:dev` serves it with hot reload and sends the API paths to a server on :4000.
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const api = process.env.STANDBY_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  // No @vitejs/plugin-react: Vite 8's own transformer (oxc) compiles JSX for React's automatic runtime;
  // the plugin would add only Fast Refresh in web:dev, and its optional peers clash with Stryker's Babel 7.
  oxc: { jsx: { runtime: 'automatic' } },
  // .br and .gz beside each file, made once at build time: the server sends them as they are
  // (@fastify/static preCompressed) instead of compressing 400 KB of script on every request.
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html|svg)$/, threshold: 1024 })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP allows no inline script, so the module preload helper must not be inlined.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // React's and react-router's "use client" lines mean nothing without server components.
    rolldownOptions: {
      onLog(level, log, handler) {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
  server: { proxy: { '/graphql': api, '/session': api, '/healthz': api } },
});
