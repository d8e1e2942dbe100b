import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureCli } from '../_support/cli.js';
import { leniencyCommand } from '../../src/cli/commands/leniency.js';
import { EXIT } from '../../src/cli/command.js';
import { makeUscc } from '../../src/uscc/index.js';

const ROOT = resolve(__dirname, '../..');
const SAMPLE = join(ROOT, 'data/sample/leniency-cases.json');

async function run(values: Record<string, string | boolean>, cwd: string) {
  const x = captureCli(cwd);
  const code = await leniencyCommand.run({ values, positionals: [] }, x.c);
  return { code, stdout: x.out(), stderr: x.err() };
}

describe('xinfeng leniency', () => {
  it('decides the bundled sample cases file (JSON out) with the embedded ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-len-'));
    const r = await run({ cases: SAMPLE, 'as-of': '2025-06-30', out: 'out.json', 'ledger-out': 'ledger.json' }, dir);
    expect(r.code).toBe(EXIT.OK);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(doc.summary).toMatchObject({ cases: 12, decided: 12, rejected: 0 });
    const by = Object.fromEntries(doc.results.map((d: { caseId: string; outcome: string }) => [d.caseId, d.outcome]));
    expect(by).toMatchObject({
      'MH-2025-LN-0001': 'no_penalty_mandatory', // 超过保质期食品 货值74.47元 → SAMR-2025-10-MN#2
      'MH-2025-LN-0003': 'order_correction_first', // prior 食品标签 penalty → 食品安全法125②
      'MH-2025-LN-0005': 'mitigate_lighter_or_reduced',
      'MH-2025-LN-0006': 'no_penalty_mandatory', // tax 首违
      'MH-2025-LN-0007': 'ordinary_penalty', // tax, not first
      'MH-2025-LN-0008': 'time_barred',
      'MH-2025-LN-0012': 'facts_needed',
    });
    const ledger = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'));
    expect(ledger.length).toBe(4 + doc.summary.ledgerEntriesAdded);
    expect(r.stdout).toContain('应当不予处罚');
  });
  it('gives the same results whatever the order of the cases in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-len-'));
    const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    writeFileSync(join(dir, 'rev.json'), JSON.stringify({ ...doc, cases: [...doc.cases].reverse() }));
    await run({ cases: SAMPLE, 'as-of': '2025-06-30', out: 'a.json' }, dir);
    await run({ cases: 'rev.json', 'as-of': '2025-06-30', out: 'b.json' }, dir);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(b.results).toEqual(a.results);
  });
  it('reads a GB18030 CSV of cases, rejects malformed rows by record, and writes CSV results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-len-'));
    const id = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
    const header = 'caseId,partyId,partyType,domain,behaviour,occurredAt,discoveredAt,suspectedCrime,harm,involvesLifeHealthFinancialSafety,correctedAt,correctedOnTheSpot,redLines.nationalSecurity,redLines.lifeHealthOrMajorProperty,redLines.basicMarketOrSocialOrder,facts.brokenDetectorsPerFloor,facts.systemFunctionUnaffected,facts.selfDiscoveredBeforeInspection,facts.effectiveMeasuresTaken';
    const rows = [
      `C-1,${id},organisation,fire,fire.detector_fault,2025-05-10,2025-05-12,否,none,是,2025-05-12,是,否,否,否,1,是,否,否`,
      `C-2,${id},organisation,fire,fire.detector_fault,2025-05-10,2025-05-32,否,none,是,2025-05-12,是,否,否,否,1,是,否,否`,
      `C-3,${id},organisation,fire,fire.detector_fault,2025-05-10,2025-05-12,也许,none,是,2025-05-12,是,否,否,否,1,是,否,否`,
    ];
    const iconv = (await import('iconv-lite')).default;
    writeFileSync(join(dir, 'cases.csv'), iconv.encode(`${header}\n${rows.join('\n')}\n`, 'gb18030'));
    const r = await run({ cases: 'cases.csv', 'as-of': '2025-06-30', out: 'out.csv', ledger: SAMPLE }, dir);
    expect(r.code).toBe(EXIT.FINDINGS);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(out.length).toBe(2);
    expect(out[1]).toContain('C-1,');
    expect(out[1]).toContain('no_penalty_mandatory');
    expect(out[1]).toContain('SH-FIRE-2022#1.1');
    const rejects = readFileSync(join(dir, 'out.csv.rejects.csv'), 'utf8');
    expect(rejects).toContain('dates.discoveredAt');
    expect(rejects).toContain('suspectedCrime');
    expect(r.stderr).toContain('record 3');
  });
  it('usage errors: missing options, bad date, bad output extension', async () => {
    await expect(run({ 'as-of': '2025-06-30', out: 'x.json' }, tmpdir())).rejects.toThrow(/--cases/);
    await expect(run({ cases: SAMPLE, 'as-of': '2025-6-30', out: 'x.json' }, tmpdir())).rejects.toThrow(/calendar date/);
    await expect(run({ cases: SAMPLE, 'as-of': '2025-06-30', out: 'x.txt' }, tmpdir())).rejects.toThrow(/\.json or \.csv/);
  });
  it('a malformed list in --lists is an input error naming the list, item and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-len-'));
    const list = JSON.parse(readFileSync(join(ROOT, 'data/leniency/sh-eco-2020.json'), 'utf8'));
    list.id = 'MH-ECO-TEST';
    list.items[0].conditions[0].equals = 'yes';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(list));
    await expect(run({ cases: SAMPLE, 'as-of': '2025-06-30', out: 'o.json', lists: '.' }, dir)).rejects.toThrow(/MH-ECO-TEST#1.*conditions\[0\]\.equals/);
  });
});
