import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRulebook, issueInspectionCode, verifyInspectionCode, isXinfengError } from '../../src/index.js';

// HMAC keys never appear in outputs, verification results or error messages: a leaked agency key
// would let anyone forge an inspection code (plan 三(二)1 “无码不检查、检查必亮码”).

const base = {
  code: 'SCJG-2025-000007-D',
  kind: 'triggered' as const,
  triggerReason: 'complaintOrReport',
  uscc: '91310112MA1FL8X09J',
  agencies: ['SCJG'],
  items: ['SCJG-02'],
  inspectors: [
    { inspectorId: 'SCJG-001', agency: 'SCJG', certificateNo: '310112200001' },
    { inspectorId: 'SCJG-002', agency: 'SCJG', certificateNo: '310112200002' },
  ],
  validFrom: '2025-03-14',
};
const ctx = { rulebook: defaultRulebook(), asOf: '2025-03-14' };

function errorText(fn: () => unknown): string {
  try {
    return JSON.stringify(fn()) ?? '';
  } catch (e) {
    if (isXinfengError(e)) return `${e.message}\n${e.issues.map((i) => `${i.message}\n${i.messageZh}\n${JSON.stringify(i.params)}`).join('\n')}`;
    return String((e as Error)?.message ?? e);
  }
}

describe('密钥不外泄 / keys never leak', () => {
  it('签发与核验的任何输出都不含机构密钥 / no output of issuing or verifying a code contains the agency key (plan 三(二)1)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 64 }).map((s) => `K3Y-${s}-SECRET`), fc.string({ minLength: 32, maxLength: 48 }), (key, other) => {
        const signed = issueInspectionCode(base as never, key, ctx);
        const outputs = [
          JSON.stringify(signed),
          JSON.stringify(verifyInspectionCode(signed.code, signed.payload, key, { asOf: '2025-03-15', uscc: base.uscc })),
          JSON.stringify(verifyInspectionCode(signed.code, signed.payload, `${other}-wrong-key-${other}`, { asOf: '2025-03-15', uscc: base.uscc })),
          JSON.stringify(verifyInspectionCode(signed.code, `${signed.payload}x`, key, { asOf: '2025-03-15', uscc: base.uscc })),
          errorText(() => issueInspectionCode({ ...base, triggerReason: undefined } as never, key, ctx)),
          errorText(() => issueInspectionCode({ ...base, inspectors: base.inspectors.slice(0, 1) } as never, key, ctx)),
        ];
        for (const o of outputs) expect(o.includes(key)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('过短的密钥被拒绝，且错误信息不含该密钥 / a too-short key is refused without echoing it (plan 三(二)1)', () => {
    const text = errorText(() => issueInspectionCode(base as never, 'short-key', ctx));
    expect(text.includes('short-key')).toBe(false);
  });
});

describe('数据不能成为代码 / data never becomes code', () => {
  it('源代码与构建产物中没有 eval 或动态代码 / neither the sources nor the built bundles use eval or dynamic code (rules are data, never code)', async () => {
    const { readdirSync, readFileSync, statSync, existsSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const root = resolve(__dirname, '../..');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js|cjs|mjs)$/.test(n) && !n.endsWith('.map')) files.push(p);
      }
    };
    walk(join(root, 'src'));
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/cli.cjs']) if (existsSync(join(root, f))) files.push(join(root, f));
    const offenders: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // our own sources must not use these at all; bundled dependencies are checked too (zod's
      // optional JIT probe is the one known `new Function` and is guarded by a try/catch in zod)
      const own = f.includes(`${join(root, 'src')}`);
      const re = own ? /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/ : /\beval\s*\(/;
      if (re.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });
});

describe('个人信息不外泄 / personal data never leaks', () => {
  it('法定代表人姓名与身份证号不出现在评级结果、拒收文件、汇总或错误信息中 / legal representatives’ names and ID numbers never appear in grades, rejects, summaries or error messages (《个人信息保护法》第六条 minimum necessary; plan 三(一)2)', async () => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const { gradeFiles } = await import('../../src/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'xinfeng-pii-'));
    const sample = readFileSync(resolve(__dirname, '../../data/sample/enterprises.csv'), 'utf8').split('\n');
    const header = sample[0]!.split(',');
    const rows = sample.slice(1, 31).filter(Boolean);
    const events = readFileSync(resolve(__dirname, '../../data/sample/events.csv'), 'utf8').split('\n').slice(0, 1).join('\n') + '\n';
    const surname = fc.constantFrom('张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴');
    const given = fc.constantFrom('伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇');
    const idNo = fc.tuple(fc.integer({ min: 1950, max: 2000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 9999 }))
      .map(([y, m, d, s]) => `310112${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s).padStart(4, '0')}`);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(surname, given, idNo, fc.constantFrom('none', 'extra', 'missing', 'quote', 'badDate', 'badUscc')), { minLength: rows.length, maxLength: rows.length }),
          fc.integer({ min: 1, max: header.length - 1 }),
          async (people, at) => {
            const names = people.map(([s, g], i) => `${s}${g}${String.fromCharCode(0x4e00 + i)}`); // distinct, never a company word
            const ids = people.map((p) => p[2]);
            const hdr = [...header.slice(0, at), '法定代表人', '法定代表人身份证号', ...header.slice(at)];
            const lines = rows.map((r, i) => {
              const cells = r.split(',');
              let row = [...cells.slice(0, at), names[i]!, ids[i]!, ...cells.slice(at)];
              const kind = people[i]![3];
              if (kind === 'extra') row.push('多余字段');
              if (kind === 'missing') row = row.slice(0, -1);
              if (kind === 'badDate') row[hdr.indexOf('registration_date')] = '2025-02-30';
              if (kind === 'badUscc') row[hdr.indexOf('uscc')] = `${row[hdr.indexOf('uscc')]!.slice(0, 17)}I`;
              const line = row.join(',');
              return kind === 'quote' ? `"${line}` : line;
            });
            const e = join(dir, `e${n}.csv`);
            const v = join(dir, `v${n}.csv`);
            n++;
            writeFileSync(e, `${hdr.join(',')}\n${lines.join('\n')}\n`);
            writeFileSync(v, events);
            let text = '';
            try {
              const summary = await gradeFiles({ enterprisesFile: e, eventsFile: v, asOf: '2025-06-30', rulebook: defaultRulebook(), outFile: join(dir, `g${n}.csv`), rejectsFile: join(dir, `r${n}.csv`) });
              text = JSON.stringify(summary) + readFileSync(join(dir, `g${n}.csv`), 'utf8') + readFileSync(join(dir, `r${n}.csv`), 'utf8');
            } catch (err) {
              text = isXinfengError(err) ? JSON.stringify(err.issues) : String(err);
            }
            for (let i = 0; i < rows.length; i++) {
              expect(text.includes(names[i]!), names[i]).toBe(false);
              expect(text.includes(ids[i]!), ids[i]).toBe(false);
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
