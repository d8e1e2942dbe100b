import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli } from '../_support/cli.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { verifyInspectionCode } from '../../src/index.js';

const S = 'data/sample/inspection';
const lists = ['--no-disturbance-enterprises', `${S}/no-disturbance-enterprises.csv`, '--no-disturbance-items', `${S}/no-disturbance-items.csv`];

describe('xinfeng plan / verify-plan on the sample district', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xf-plan-'));
  it('writes plan, manifests, rejects and summary; verify-plan finds it identical and catches tampering', async () => {
    const a = captureCli();
    const code = await runCli(
      ['plan', '--grades', `${S}/grades.csv`, '--seed', 'minhang-2025', '--plan-id', 'MH-2025-01', '--year', '2025', '--as-of', '2025-01-02',
        '--items', `${S}/items.csv`, '--rosters', `${S}/rosters.csv`, ...lists, '--triggered', `${S}/triggered.csv`, '--out', dir],
      a.c,
    );
    expect(code, a.err()).toBe(0);
    const rejects = readFileSync(join(dir, 'rejects.csv'), 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('file,line,column,value,code,message');
    expect(rejects.slice(1).map((l) => l.split(',')[4])).toEqual(['USCC_ORG_CODE_CHECK', 'INSPECTION_DUPLICATE_ENTERPRISE', 'INSPECTION_UNKNOWN_CLASS']);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe('minhang-2025');
    expect(JSON.parse(readFileSync(join(dir, 'manifest-sealed.json'), 'utf8')).seed).toBeUndefined();
    const plan = readFileSync(join(dir, 'plan.csv'), 'utf8');
    expect(plan.split('\n')[0]).toMatch(/^record_type,inspection_code,/);
    expect(plan).toContain(',triggered,');

    // signed codes with per-agency keys; the keys never reach any output
    const keys = { SCJG: 'scjg-signing-key-0123456789', STHJ: 'sthj-signing-key-0123456789', XFJY: 'xfjy-signing-key-0123456789' };
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(keys));
    const k = captureCli();
    expect(
      await runCli(
        ['plan', '--grades', `${S}/grades.csv`, '--seed', 'minhang-2025', '--plan-id', 'MH-2025-01', '--year', '2025', '--as-of', '2025-01-02',
          '--items', `${S}/items.csv`, '--rosters', `${S}/rosters.csv`, ...lists, '--triggered', `${S}/triggered.csv`, '--code-keys', join(dir, 'keys.json'), '--out', join(dir, 'signed')],
        k.c,
      ),
    ).toBe(0);
    const codes = readFileSync(join(dir, 'signed', 'codes.csv'), 'utf8').trim().split('\n');
    expect(codes.length).toBeGreaterThan(100);
    const [icode, uscc, lead, from, , payload] = codes[1]!.split(',');
    expect(verifyInspectionCode(icode!, payload!, keys[lead as keyof typeof keys], { asOf: from!, uscc: uscc! }).valid).toBe(true);
    for (const f of ['codes.csv', 'plan.csv', 'manifest.json', 'summary.json']) for (const key of Object.values(keys)) expect(readFileSync(join(dir, 'signed', f), 'utf8')).not.toContain(key);
    expect(k.err() + k.out()).not.toContain(keys.SCJG);

    const verify = (planFile: string, extra: string[] = []) =>
      runCli(['verify-plan', '--manifest', join(dir, 'manifest.json'), '--grades', `${S}/grades.csv`, '--plan', planFile, '--items', `${S}/items.csv`, ...lists, ...extra], b.c);
    let b = captureCli();
    expect(await verify(join(dir, 'plan.csv')), b.out() + b.err()).toBe(0);
    // drop one drawn row
    const lines = plan.split('\n');
    const i = lines.findIndex((l) => l.includes(',draw,'));
    const removed = lines[i]!;
    writeFileSync(join(dir, 'tampered.csv'), [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    b = captureCli();
    expect(await verify(join(dir, 'tampered.csv'))).toBe(1);
    expect(b.out()).toContain('"kind":"missing"');
    expect(b.out()).toContain(removed.split(',')[6]);
    // sealed manifest without --seed cannot be verified; with the seed it can
    b = captureCli();
    const sealed = join(dir, 'manifest-sealed.json');
    expect(await runCli(['verify-plan', '--manifest', sealed, '--grades', `${S}/grades.csv`, '--plan', join(dir, 'plan.csv'), '--items', `${S}/items.csv`, ...lists], b.c)).toBe(1);
    b = captureCli();
    expect(await runCli(['verify-plan', '--manifest', sealed, '--seed', 'minhang-2025', '--grades', `${S}/grades.csv`, '--plan', join(dir, 'plan.csv'), '--items', `${S}/items.csv`, ...lists], b.c)).toBe(0);
  });

  it('reports usage errors with exit 2 and a missing column with exit 3', async () => {
    const a = captureCli();
    expect(await runCli(['plan', '--grades', `${S}/grades.csv`], a.c)).toBe(2);
    const b = captureCli();
    const code = await runCli(
      ['plan', '--grades', `${S}/items.csv`, '--seed', 's', '--plan-id', 'P', '--year', '2025', '--as-of', '2025-01-02', '--items', `${S}/items.csv`, '--rosters', `${S}/rosters.csv`, '--out', dir],
      b.c,
    );
    expect(code).toBe(3);
    expect(b.err()).toContain('uscc');
  });
});
