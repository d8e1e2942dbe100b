import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadCaseFile, runConformanceCase } from '../../src/index.js';

// Runs every conformance case under test/cases/ — the same files `xinfeng check test/cases` runs.
const root = resolve(__dirname, '..', 'cases');
const files: string[] = [];
const walk = (d: string): void => {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.json')) files.push(p);
  }
};
walk(root);

describe.each(files.map((f) => [relative(root, f), f] as const))('conformance cases %s', (rel, file) => {
  const loaded = loadCaseFile(readFileSync(file, 'utf8'), rel);
  it('is a valid case file', () => {
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.message)).toEqual([]);
  });
  if (!loaded.ok) return;
  for (const c of loaded.cases) {
    it(`${c.name} (${[c.citation].flat().join('; ')})`, () => {
      const r = runConformanceCase(c, rel);
      expect(r.error).toBeUndefined();
      expect(r.differences).toEqual([]);
    });
  }
});
