import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// Generated documents are committed so that auditors and reviewers see behaviour changes as diffs.
// These tests fail when a committed document no longer matches what the code generates.
const root = resolve(__dirname, '../..');
function check(script: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, out };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
  }
}

describe('generated documents are current', () => {
  it('SPEC.md matches the property tests (npm run spec)', () => {
    const r = check('scripts/gen-spec.mjs');
    expect(r.ok, r.out).toBe(true);
  });
  it('docs/rulebook-snapshot.md matches the default rulebook (npm run spec)', () => {
    const r = check('scripts/gen-rulebook-snapshot.mjs');
    expect(r.ok, r.out).toBe(true);
  });
  it('api/xinfeng.api.md matches the public API (npm run api)', () => {
    const r = check('scripts/gen-api-report.mjs');
    expect(r.ok, r.out).toBe(true);
  });
});

describe('public API documentation', () => {
  it('every export has TSDoc, and every function, class and callable constant an @example', () => {
    let out = '';
    let ok = true;
    try {
      execFileSync(process.execPath, ['scripts/check-tsdoc.mjs'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      ok = false;
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(ok, out).toBe(true);
  }, 120_000);
});
