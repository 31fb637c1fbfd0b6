// Vite builds the console into web/dist, which the server serves at / (server/web.ts).
// `npm run web:dev` serves it with hot reload and sends the API paths to a server on :4000.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.STANDBY_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP allows no inline script, so the module preload helper must not be inlined.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/graphql': api, '/session': api, '/healthz': api } },
});
