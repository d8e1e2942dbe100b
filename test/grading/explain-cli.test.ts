import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli } from '../_support/cli.js';
import { explainCommand } from '../../src/cli/commands/explain.js';
import { makeUscc } from '../../src/index.js';


describe('xinfeng explain', () => {
  const U = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
  const V = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X1' });
  const dir = mkdtempSync(join(tmpdir(), 'xf-explain-'));
  writeFileSync(join(dir, 'ent.jsonl'), [
    JSON.stringify({ uscc: U, name: '上海闵联餐饮有限公司', industryCode: 'H6210', registrationDate: '2019-04-01', district: '闵行区', street: '莘庄镇', status: 'active' }),
    JSON.stringify({ uscc: V, name: '上海七宝咨询有限公司', industryCode: 'L7212', registrationDate: '2019-04-01', district: '闵行区', street: '七宝镇', status: 'active' }),
  ].join('\n'));
  writeFileSync(join(dir, 'ev.json'), JSON.stringify([
    { type: 'administrativePenalty', id: 'p1', uscc: U, date: '2025-03-10', decisionNumber: '闵市监案处〔2025〕1号', decisionDate: '2025-03-10', publicationDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2000000, authority: '上海市闵行区市场监督管理局', procedure: 'ordinary' },
    { type: 'complaint', id: 'c9', uscc: V, date: '2025-03-10', substantiated: true },
  ]));

  it('prints the grade, reasons with citations and the path to a better grade', async () => {
    const t = captureCli(dir);
    const code = await explainCommand.run({ values: { enterprise: 'ent.jsonl', events: 'ev.json', uscc: U, 'as-of': '2025-06-30', trace: true }, positionals: [] }, t.c);
    expect(code).toBe(0);
    expect(t.out()).toContain('信用等级 grade B');
    expect(t.out()).toContain('deduction.administrativePenalty.general');
    expect(t.out()).toContain('library-default');
    expect(t.out()).toContain('经信用修复 by repair');
    expect(t.out()).toContain('grading.thresholds');
    expect(t.err()).toContain('1 record(s) of other enterprises');
  });

  it('--json prints the GradeResult', async () => {
    const t = captureCli(dir);
    await explainCommand.run({ values: { enterprise: 'ent.jsonl', events: 'ev.json', uscc: V, 'as-of': '2025-06-30', json: true }, positionals: [] }, t.c);
    const r = JSON.parse(t.out());
    expect(r.uscc).toBe(V);
    expect(r.scoreHundredths).toBe(9800);
    expect(r.grade).toBe('A');
  });

  it('asks for --uscc when the file holds several enterprises', async () => {
    const t = captureCli(dir);
    await expect(explainCommand.run({ values: { enterprise: 'ent.jsonl', 'as-of': '2025-06-30' }, positionals: [] }, t.c)).rejects.toThrow(/--uscc/);
  });
});
