import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRulebookJson, safeLoadRulebook, loadCaseFile, withOverrides, defaultRulebook, isXinfengError } from '../../src/index.js';

// Hostile input: loaders never crash, never hang, never pollute prototypes, and always say why
// they refuse. Time bounds are stated per test (vitest timeout), never asserted with timers.

function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.isAdmin === undefined && (Object.prototype as Record<string, unknown>).polluted === undefined;
}

/** Mutations of a JSON tree: delete, retype, rename to a hostile key, or insert a hostile key. */
function mutate(value: unknown, choices: number[]): unknown {
  const hostileKeys = ['__proto__', 'constructor', 'prototype', 'values\u0000', '', '值'];
  let i = 0;
  const next = () => choices[i++ % choices.length]!;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') {
      const c = next() % 9;
      if (c === 0) return String(v) + '\u0000';
      if (c === 1) return 1e308 * 10 === Infinity ? -0 : v;
      if (c === 2) return [v];
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const c = next() % 13;
      if (c === 0) continue; // delete
      if (c === 1) Object.defineProperty(out, hostileKeys[next() % hostileKeys.length]!, { value: x, enumerable: true, configurable: true, writable: true });
      else out[k] = depth > 6 ? x : walk(x, depth + 1);
      if (c === 2) Object.defineProperty(out, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
    }
    return out;
  };
  return walk(value, 0);
}

describe('恶意输入 / hostile input', () => {
  it('规则集加载器对任意字节从不崩溃，总是给出原因 / the rulebook loader never crashes on arbitrary bytes and always gives a reason (规则集校验)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const text = Buffer.from(bytes).toString('utf8');
        const r = safeLoadRulebook(text, { source: 'fuzz.json' });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('变异后的默认规则集要么通过校验，要么每处错误都指明路径，且不污染原型 / a mutated default rulebook is either valid or rejected with a path for every fault, and never pollutes prototypes (规则集校验)', () => {
    const base = defaultRulebookJson();
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 50 }), (choices) => {
        const text = JSON.stringify(mutate(base, choices));
        const r = safeLoadRulebook(text, { source: 'mutated.json' });
        if (!r.ok) {
          for (const i of r.issues) {
            expect(['RULEBOOK_INVALID', 'RULEBOOK_UNKNOWN_KEY', 'RULEBOOK_JSON_SYNTAX']).toContain(i.code);
            expect(i.message).toMatch(/\$|JSON/);
          }
        }
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('__proto__ 与 constructor 键被当作未知键拒绝 / __proto__ and constructor keys are rejected as unknown keys (规则集校验)', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const text = JSON.stringify(defaultRulebookJson()).replace('"parameters":{', `"parameters":{"${key}":{"polluted":true},`);
      const r = safeLoadRulebook(text, { source: 'proto.json' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.some((i) => i.code === 'RULEBOOK_UNKNOWN_KEY' && i.params.key === key)).toBe(true);
      expect(prototypesClean()).toBe(true);
    }
    const patched = withOverrides(defaultRulebook(), JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "__proto__": {"isAdmin": true}}'));
    expect(patched.id).toBe('cn-sh-minhang');
    expect(prototypesClean()).toBe(true);
  });

  it('深度嵌套与超长字段不会导致崩溃 / deep nesting and a huge field do not crash the loaders (规则集校验)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(safeLoadRulebook(deep).ok).toBe(false);
    expect(loadCaseFile(deep, 'deep.json').ok).toBe(false);
    const big = JSON.stringify({ ...(defaultRulebookJson() as object), title: 'x'.repeat(50 * 1024 * 1024) });
    expect(safeLoadRulebook(big).ok).toBe(true);
    const manyKeys = JSON.stringify(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i])));
    const r = safeLoadRulebook(manyKeys);
    expect(r.ok).toBe(false);
  }, 60_000);

  it('用例加载器对任意 JSON 从不抛出异常 / the case loader never throws on arbitrary JSON (一致性用例)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (v, wrap) => {
        const text = JSON.stringify(wrap ? { cases: [v] } : v);
        const r = loadCaseFile(text, 'fuzz.json');
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(loadCaseFile('\u0000\u0001{', 'nul.json').ok).toBe(false);
  });

  it('无效的覆盖补丁以类型化错误返回 / an invalid override patch fails with a typed error, never a raw exception (规则集校验)', () => {
    try {
      withOverrides(defaultRulebook(), { parameters: { general: { scoreRounding: 42 } } });
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e)).toBe(true);
    }
  });
});
