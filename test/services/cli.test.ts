import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCliCaptured } from '../_support/cli.js';
import { runCli } from '../../src/cli/main.js';
import { generateSampleDistrict } from '../../src/index.js';

const root = resolve(__dirname, '../..');
const run = (args: string[]) => runCliCaptured(args, root);

describe('xinfeng reminders (plan 三(一)2 限定期限环境行政许可全过程提醒)', () => {
  it('lists due, overdue, expired and upcoming permits of the bundled sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-rem-'));
    const r = await run(['reminders', '--permits', 'data/sample/permits.csv', '--as-of', '2025-06-30', '--out', join(dir, 'reminders.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('12 permits: 1 overdue 已逾期, 2 due 提醒期内, 1 expired 已过期, 7 upcoming, 1 renewal filed 已申请; 0 rejected');
    // 上海天欣电线电缆: 2025-07-31 − 60 days = 2025-06-01 (端午 holiday) → 2025-05-30.
    expect(r.stdout).toMatch(/91310112MAMDWR971Y001Q[^\n]*\n\s+有效期至 2025-07-31；提前 60日 → 续期申请截止 2025-05-30（2025-06-01 为休息日，提前至前一工作日）/);
    const csv = readFileSync(join(dir, 'reminders.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFstatus,status_zh,permit_type')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(13);
    const json = await run(['reminders', '--permits', 'data/sample/permits.csv', '--as-of', '2025-06-30', '--json', '--status', 'overdue,due']);
    const parsed = JSON.parse(json.stdout) as { reminders: { status: string }[] };
    expect(parsed.reminders.map((x) => x.status)).toEqual(['overdue', 'due', 'due']);
  });

  it('reports unreadable rows with their line and rejects bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-rem-'));
    const f = join(dir, 'p.csv');
    writeFileSync(f, '许可证类型,许可证编号,统一社会信用代码,持证单位名称,发证日期,有效期至\n排污许可证,X-1,91310112MA1FL0218D,上海吴泾化工有限公司,2021年1月5日,2026/1/4\n排污许可,X-2,91310112MA1FL0218D,上海吴泾化工有限公司,2021-01-05,2026-02-30\n');
    const r = await run(['reminders', '--permits', f, '--as-of', '2025-06-30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 permits');
    expect(r.stdout).toMatch(/line 3: \[SERVICES_PERMIT_INVALID\]/);
    expect((await run(['reminders', '--permits', f, '--as-of', '2025-13-01'])).code).toBe(2);
    expect((await run(['reminders', '--permits', join(dir, 'none.csv'), '--as-of', '2025-06-30'])).code).toBe(3);
  });
});

describe('xinfeng report-credit on the bundled sample district', () => {
  it('a report spanning a repaired penalty lists it marked 已修复 (plan 三(一)2; 发改财金〔2025〕565号)', async () => {
    const lines = readFileSync(join(root, 'data/sample/events.csv'), 'utf8').split('\n');
    const h = lines[0]!.split(',');
    const col = (l: string, n: string) => l.split(',')[h.indexOf(n)] ?? '';
    const penalties = new Map(lines.filter((l) => col(l, 'type') === 'administrativePenalty').map((l) => [col(l, 'id'), l]));
    const repair = lines.find((l) => col(l, 'type') === 'creditRepair' && penalties.has(col(l, 'of_record')) && col(l, 'repaired_on') <= '2025-06-30')!;
    const pen = penalties.get(col(repair, 'of_record'))!;
    const from = `${Number(col(pen, 'date').slice(0, 4)) - 1}${col(pen, 'date').slice(4)}`;
    const r = await run(['report-credit', '--uscc', col(pen, 'uscc'), '--from', from, '--to', '2025-06-30']);
    expect(r.code).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf(col(pen, 'decision_number')));
    expect(block.slice(0, block.indexOf('记录编号'))).toContain(`已修复（${col(repair, 'repaired_on')}）`);
    expect(block).toContain(`记录编号：${col(pen, 'id')}`);
  });
});

describe('xinfeng report-credit (plan 三(一)2 专用信用报告)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xf-report-'));
  const parts = { enterprises: [] as string[], events: [] as string[] };
  generateSampleDistrict({ seed: 8, enterprises: 300, asOf: '2025-06-30' }, (k, t) => parts[k].push(t));
  const ent = join(dir, 'enterprises.csv');
  const ev = join(dir, 'events.csv');
  writeFileSync(ent, parts.enterprises.join(''));
  writeFileSync(ev, parts.events.join(''));
  // The enterprise with the most administrative penalties in the sample.
  const counts = new Map<string, number>();
  const lines = parts.events.join('').split('\n');
  const header = lines[0]!.split(',');
  const ti = header.indexOf('type');
  const ui = header.indexOf('uscc');
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    if (f[ti] === 'administrativePenalty') counts.set(f[ui]!, (counts.get(f[ui]!) ?? 0) + 1);
  }
  const uscc = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];

  it('writes a verifiable report, and verification catches a one-character change', async () => {
    const out = join(dir, 'out');
    const r = await run(['report-credit', '--uscc', uscc, '--from', '2022-07-01', '--to', '2025-06-30', '--enterprises', ent, '--events', ev, '--out', out, '--exemption']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('校验码 sha256:');
    expect(r.stdout).toContain('低风险免于现场审核 — 危险化学品经营许可（不带储存设施）');
    const files = readdirSync(out).sort();
    const stem = `credit-report-${uscc}-2022-07-01-2025-06-30`;
    expect(files).toEqual([`${stem}.exemption.json`, `${stem}.html`, `${stem}.json`, `${stem}.rejects.csv`, `${stem}.txt`]);
    const txt = readFileSync(join(out, `${stem}.txt`), 'utf8');
    expect(txt).toContain('行政处罚');
    for (const ext of ['txt', 'html', 'json']) {
      const v = await run(['report-credit', '--verify', join(out, `${stem}.${ext}`)]);
      expect(v.code).toBe(0);
    }
    const tampered = join(dir, 'tampered.txt');
    writeFileSync(tampered, txt.replace('行政处罚', '行政处理'));
    const bad = await run(['report-credit', '--verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('SERVICES_REPORT_RENDERING_MISMATCH');
  });

  it('prints the text report with "本期间内无记录" for an empty domain, deterministically', async () => {
    const a = await run(['report-credit', '--uscc', uscc, '--from', '2024-01-01', '--to', '2025-06-30', '--domains', 'tax,market-regulation', '--enterprises', ent, '--events', ev]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('税务（Taxation）\n    本期间内无记录 / no record in this period');
    const b = await run(['report-credit', '--uscc', uscc, '--from', '2024-01-01', '--to', '2025-06-30', '--domains', 'tax,market-regulation', '--enterprises', ent, '--events', ev]);
    expect(b.stdout).toBe(a.stdout);
  });

  it('reads compulsory measures from --measures; without it the report says it does not cover them', async () => {
    const without = await run(['report-credit', '--uscc', uscc, '--from', '2024-01-01', '--to', '2025-06-30', '--enterprises', ent, '--events', ev, '--exemption']);
    expect(without.stdout).toContain('本报告数据源不含行政强制信息（compulsory measures），未作判断。');
    expect(without.stdout).toContain('? 回溯期内无行政强制措施');
    expect(without.stdout).toContain('不符合免于现场审核条件');
    const m = join(dir, 'measures.csv');
    writeFileSync(m, `记录编号,统一社会信用代码,实施日期,决定书文号,实施机关,措施类型,解除日期\ncm-9,${uscc},2025/3/4,闵市监强〔2025〕9号,上海市闵行区市场监督管理局,扣押,2025-04-01\ncm-10,${uscc},2025-03-05,闵市监强〔2025〕10号,上海市闵行区市场监督管理局,没收,\n`);
    const withM = await run(['report-credit', '--uscc', uscc, '--from', '2024-01-01', '--to', '2025-06-30', '--enterprises', ent, '--events', ev, '--measures', m, '--domains', 'market-regulation']);
    expect(withM.code).toBe(0);
    expect(withM.stdout).toMatch(/行政强制 {2}2025-03-04 {2}闵市监强〔2025〕9号\n.*措施：扣押财物\n\s+状态：已解除（2025-04-01）/);
    expect(withM.stdout).not.toContain('不含行政强制信息');
    expect(withM.stderr).toContain('SERVICES_RECORD_INVALID');
  });

  it('refuses a range longer than the rulebook allows and an unknown domain (exit 3)', async () => {
    const long = await run(['report-credit', '--uscc', uscc, '--from', '2019-01-01', '--to', '2025-06-30', '--enterprises', ent, '--events', ev]);
    expect(long.code).toBe(3);
    expect(long.stderr).toContain('SERVICES_REPORT_RANGE_TOO_LONG');
    const dom = await run(['report-credit', '--uscc', uscc, '--from', '2024-01-01', '--to', '2025-06-30', '--domains', 'taxes', '--enterprises', ent, '--events', ev]);
    expect(dom.code).toBe(3);
    expect(dom.stderr).toContain('SERVICES_UNKNOWN_DOMAIN');
  });
});
