import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Charter serves the build under /ui/ (src/web/web.module.ts), so client routes never collide
// with the API's paths. `npm run dev` proxies the API to a Charter on 8081.
const api = ['/subjects', '/schemas', '/config', '/mode', '/compatibility', '/contexts', '/catalog', '/auth', '/acl', '/audit', '/v1', '/docs', '/health'];

export default defineConfig({
  base: '/ui/',
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: Object.fromEntries(api.map((p) => [p, 'http://127.0.0.1:8081'])) },
});
