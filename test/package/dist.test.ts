import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

// These tests run the BUILT package (npm test builds first) through the package's own name,
// exactly as a host system would: `import` resolves dist/index.js, `require` dist/index.cjs.
const root = resolve(__dirname, '../..');
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

const probe = `
  const r = x.parseUscc('91310112MA1FL8X41K');
  const ok = x.parseUscc(x.makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X4' }));
  const v = x.valueAt(x.defaultRulebook(), 'general.simpleProcedureFineLimit', '2025-06-30');
  console.log(JSON.stringify({
    bad: r.ok, good: ok.ok, limit: v.value.organisation,
    due: x.addPeriod('2025-01-31', { months: 1 }),
    work: x.isWorkingDay('2025-01-26'),
    version: x.LIBRARY_VERSION,
  }));
`;

describe('built package', () => {
  it('dist has ESM, CJS and a declaration file for each', () => {
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.cjs']) {
      expect(existsSync(resolve(root, f)), f).toBe(true);
    }
  });

  it('works through import (ESM)', () => {
    const out = run(['--input-type=module', '-e', `import * as x from 'xinfeng';${probe}`]);
    expect(JSON.parse(out)).toEqual({ bad: false, good: true, limit: '3000', due: '2025-02-28', work: true, version: '0.1.0' });
  });

  it('works through require (CJS)', () => {
    const out = run(['-e', `const x = require('xinfeng');${probe}`]);
    expect(JSON.parse(out)).toEqual({ bad: false, good: true, limit: '3000', due: '2025-02-28', work: true, version: '0.1.0' });
  });

  it('the default rulebook the build validated and embedded is the one the schema validates now (same content, key order, hash; frozen)', () => {
    for (const load of [`import * as x from 'xinfeng';`, `const x = require('xinfeng');`]) {
      const args = load.startsWith('import') ? ['--input-type=module', '-e'] : ['-e'];
      const out = run([
        ...args,
        `${load}
        const built = x.defaultRulebook();
        const now = x.loadRulebook(x.defaultRulebookJson());
        console.log(JSON.stringify({ same: JSON.stringify(built) === JSON.stringify(now), hash: x.rulebookHash(built) === x.rulebookHash(now), frozen: Object.isFrozen(built.parameters.grading) }));`,
      ]);
      expect(JSON.parse(out), load).toEqual({ same: true, hash: true, frozen: true });
    }
  });

  it('errors keep their code across module systems (match on code, not instanceof)', () => {
    const out = run([
      '-e',
      `const x = require('xinfeng'); try { x.addPeriod('2025-02-30', { days: 1 }); } catch (e) { console.log(x.isXinfengError(e), e.code); }`,
    ]);
    expect(out.trim()).toBe('true INVALID_CALENDAR_DATE');
  });

  it('the CLI bin prints its version and rejects a broken rulebook with the path of the fault', () => {
    expect(run(['dist/cli.cjs', '--version']).trim()).toBe('0.1.0');
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['dist/cli.cjs', 'rules', '--rulebook', 'test/fixtures/broken-rulebook.json', '--as-of', '2025-06-30'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(3);
    expect(stderr).toContain('$.parameters.general');
    expect(stderr).toContain('scoreRounding');
  });

  it('records the bundle size (ESM entry under 2 MB)', () => {
    const size = statSync(resolve(root, 'dist/index.js')).size;
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(2_000_000);
  });
});
