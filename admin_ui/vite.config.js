// Vite builds the admin UI into dist/ with relative asset paths, so the Flask app (api/ui.py)
// can serve it at "/" or under any prefix. During `npm run dev` the API is proxied to a
// local Flask server (MOTCUA_API_URL, default http://127.0.0.1:5000).
//
// The API reference page (/api/v1/docs, api/docs.py) runs Swagger UI from this build, never
// from a CDN: the plugin below copies swagger-ui-dist's standalone bundle into dist/docs/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vite';

const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'];

function swaggerUiAssets() {
  return {
    name: 'motcua-swagger-ui-assets',
    apply: 'build',
    closeBundle() {
      const require = createRequire(import.meta.url);
      const source = dirname(require.resolve('swagger-ui-dist/package.json'));
      const target = join('dist', 'docs');
      mkdirSync(target, { recursive: true });
      for (const file of SWAGGER_UI_FILES) {
        copyFileSync(join(source, file), join(target, file));
      }
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [swaggerUiAssets()],
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
