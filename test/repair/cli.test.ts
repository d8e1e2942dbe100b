import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCliCaptured } from '../_support/cli.js';
import { runCli } from '../../src/cli/main.js';
import { NOTICES_CSV_HEADER } from '../../src/cli/commands/notices.js';

const root = resolve(__dirname, '../..');
const run = (args: string[]) => runCliCaptured(args, root);

describe('xinfeng notices', () => {
  it('produces notices for the bundled sample district (plan 三(一)2 两书同达)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-notices-'));
    const r = await run(['notices', '--decisions', 'data/sample/decisions.csv', '--agency', 'data/sample/agency.json', '--as-of', '2026-11-26', '--out', dir]);
    expect(r.stderr).toMatch(/20 decisions read; 20 notices written/);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'notices.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(NOTICES_CSV_HEADER.join(','));
    expect(csv.filter(Boolean)).toHaveLength(21);
    const files = readdirSync(join(dir, 'notices'));
    expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(20);
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(20);
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8').trim()).toBe('file,line,column,value,code,message');
    // Notice numbers follow the agency pattern, numbered per decision year in date order.
    expect(csv[1]!.startsWith('闵市监信修告〔2025〕00001号,闵市监处罚〔2025〕102号,2025-01-31')).toBe(true);
    const food = csv.find((l) => l.includes('闵市监处罚〔2025〕101号'))!;
    // Order 58 food: 1 year from 2025-03-10 (CC); SAMR 2021 food: 1 year from publication 2025-03-28 (GSXT).
    expect(food).toContain(',2026-03-29,');
    // Deterministic: a second run gives byte-identical files.
    const dir2 = mkdtempSync(join(tmpdir(), 'xf-notices-'));
    await run(['notices', '--decisions', 'data/sample/decisions.csv', '--agency', 'data/sample/agency.json', '--as-of', '2026-11-26', '--out', dir2]);
    expect(readFileSync(join(dir2, 'notices.csv'), 'utf8')).toBe(readFileSync(join(dir, 'notices.csv'), 'utf8'));
    for (const f of files) expect(readFileSync(join(dir2, 'notices', f), 'utf8')).toBe(readFileSync(join(dir, 'notices', f), 'utf8'));
  });

  it('rejects bad rows with file, line, column, value, code and message; exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-notices-'));
    const src = readFileSync(join(root, 'data/sample/decisions.csv'), 'utf8').trim().split('\n');
    const bad = [
      src[0]!,
      src[1]!,
      src[2]!.replace('2025-01-31', '2025-02-30'),
      src[3]!.replace('91310112', '91310113'),
      src[4]!.replace('marketRegulation', 'aviation'),
      src[5]!.replace(',circulatedCriticism,', ',flogging,'),
      src[1]!, // duplicate of line 2
    ];
    const f = join(dir, 'd.csv');
    writeFileSync(f, bad.join('\n') + '\n');
    const r = await run(['notices', '--decisions', f, '--agency', 'data/sample/agency.json', '--as-of', '2026-11-26', '--out', dir]);
    expect(r.code).toBe(1);
    const rej = readFileSync(join(dir, 'rejects.csv'), 'utf8').trim().split('\n').slice(1);
    const cols = rej.map((l) => l.split(',').slice(1, 5).join(','));
    expect(cols).toContain('2,decision_no,闵市监处罚〔2025〕101号,REPAIR_DECISION_DUPLICATE');
    expect(cols).toContain('3,decision_date,2025-02-30,REPAIR_DECISION_FIELD_INVALID');
    expect(cols.some((c) => c.startsWith('4,uscc,') && c.endsWith('USCC_CHECK_CHARACTER'))).toBe(true);
    expect(cols).toContain('5,sector,aviation,REPAIR_DECISION_FIELD_INVALID');
    expect(cols).toContain('6,penalty_kinds,flogging,REPAIR_DECISION_FIELD_INVALID');
    expect(cols).toContain('7,decision_no,闵市监处罚〔2025〕101号,REPAIR_DECISION_DUPLICATE');
    expect(r.stderr).toMatch(/6 decisions read; 0 notices written/);
  });

  it('missing required column → exit 3; missing option → exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-notices-'));
    const f = join(dir, 'd.csv');
    writeFileSync(f, 'decision_no,decision_date\nX,2025-01-01\n');
    const r = await run(['notices', '--decisions', f, '--agency', 'data/sample/agency.json', '--as-of', '2026-11-26', '--out', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('REPAIR_DECISIONS_MISSING_COLUMN');
    expect((await run(['notices', '--decisions', f])).code).toBe(2);
  });
});
