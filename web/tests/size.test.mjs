// The para opens "My day" on a phone, often on a slow school network: what
// that page downloads (the shell plus the page's own chunks) has a budget.
// Reads the build's manifest, so it measures exactly what the browser loads.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { webRoot } from './harness.mjs';

const BUDGET_BYTES = 40 * 1024;
const dist = path.join(webRoot, 'dist');

// The files a page needs before it can render: its chunk and, transitively,
// every chunk it imports statically.
function closure(manifest, key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, files);
  return files;
}

export function pageWeight(page) {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
  const files = closure(manifest, page, closure(manifest, 'index.html'));
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(dist, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...files].sort(), raw, gzipped };
}

test('para_page_javascript_fits_a_slow_school_network', { skip: existsSync(path.join(dist, '.vite', 'manifest.json')) ? false : 'web/dist is not built' }, () => {
  const weight = pageWeight('src/pages/my_day.tsx');
  console.log(`# My day JavaScript: ${weight.files.length} files, ${(weight.raw / 1024).toFixed(1)} KiB, ${(weight.gzipped / 1024).toFixed(1)} KiB gzipped (budget ${BUDGET_BYTES / 1024} KiB)`);
  assert.ok(weight.files.some((file) => file.includes('my_day')), 'the page chunk is counted');
  assert.ok(weight.gzipped <= BUDGET_BYTES, `My day needs ${weight.gzipped} gzipped bytes of JavaScript, over the budget of ${BUDGET_BYTES}`);
});
