#!/usr/bin/env node
// Records the size of the built bundles (raw and gzip) and appends a line to bench/RESULTS.md.
// Usage: npm run build && node scripts/bundle-size.mjs [--no-append]
import { readFileSync, appendFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.cjs', 'dist/worker.cjs'];
const rows = files.filter((f) => existsSync(join(root, f))).map((f) => {
  const b = readFileSync(join(root, f));
  return { file: f, bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
});
let commit = 'unknown';
try { commit = execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim(); } catch {}
const line = `- bundle size ${new Date().toISOString().slice(0, 10)} commit ${commit}: ` +
  rows.map((r) => `${r.file} ${(r.bytes / 1024).toFixed(1)} KiB (gzip ${(r.gzip / 1024).toFixed(1)} KiB)`).join('; ');
console.log(line);
if (!process.argv.includes('--no-append')) appendFileSync(join(root, 'bench', 'RESULTS.md'), `\n### Bundle size\n\n${line}\n`);
