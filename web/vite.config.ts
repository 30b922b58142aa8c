// Builds the browser UI into web/dist, which `paraplan serve --web DIR` serves.
// The dev server (`npm run dev`) proxies /api to a running paraplan server
// (PARAPLAN_API, default http://127.0.0.1:8080) so pages talk to the real API.
import { defineConfig, type Plugin } from 'vite';

// The service worker is its own entry with a fixed name (a worker's URL must
// not change between releases, or the old one would never be replaced). After
// bundling, the list of every emitted file is written into it, so the app
// shell works in a classroom without signal from its first visit.
function serviceWorkerPrecache(): Plugin {
  return {
    name: 'paraplan-sw-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find(
        (item) => item.type === 'chunk' && item.fileName === 'sw.js',
      );
      if (!worker || worker.type !== 'chunk') {
        this.error('service worker entry sw.js was not emitted');
      }
      const files = Object.keys(bundle)
        .filter((name) => name !== 'sw.js' && !name.endsWith('.map'))
        .map((name) => '/' + name);
      const manifest = JSON.stringify(['/', ...files, '/manifest.webmanifest', '/icon.svg']);
      // The placeholder is a string literal; the minifier may pick any quote.
      const placeholder = /(["'`])__PRECACHE_MANIFEST__\1/;
      if (!placeholder.test(worker.code) || !worker.code.includes('__PRECACHE_RELEASE__')) {
        this.error('service worker lacks its __PRECACHE_MANIFEST__ or __PRECACHE_RELEASE__ placeholder');
      }
      // The release name changes whenever any file does, which retires old caches.
      let hash = 0;
      for (const character of manifest) hash = (hash * 31 + character.charCodeAt(0)) | 0;
      worker.code = worker.code.replace(placeholder, manifest).replace('__PRECACHE_RELEASE__', (hash >>> 0).toString(36));
    },
  };
}

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [serviceWorkerPrecache()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The server's Content-Security-Policy allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The manifest lets the size test add up exactly what each page loads.
    manifest: true,
    rolldownOptions: {
      input: { main: 'index.html', sw: 'src/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: { '/api': process.env.PARAPLAN_API ?? 'http://127.0.0.1:8080' },
  },
});
