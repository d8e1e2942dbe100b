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
