// Vite builds the admin UI into dist/ with relative asset paths, so the Flask app (api/ui.py)
// can serve it at "/" or under any prefix. During `npm run dev` the API is proxied to a
// local Flask server (MOTCUA_API_URL, default http://127.0.0.1:5000).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': process.env.MOTCUA_API_URL ?? 'http://127.0.0.1:5000',
    },
  },
});
