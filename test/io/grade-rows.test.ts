/**
 * Grade rows written as bytes (issue #7 performance) are exactly the rows built as strings with
 * csvCell (RFC 4180 quoting, Excel formula neutralisation) and encoded as UTF-8.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GradeRowWriter, gradeRowText, type GradeRowCells } from '../../src/io/grade-rows.js';

const text = fc.oneof(
  fc.constantFrom('', 'A', 'low', 'class1', '0.03', '92.50', '91310112MA1FL8X00X', '上海申途贸易有限公司', '=1+1', '-5', '+x', '@a', '\tx', 'a,b', 'say "hi"', 'l1\nl2', 'cr\r', '\ud800', '😀'),
  fc.string({ maxLength: 8, unit: 'binary' }),
);
const cells: fc.Arbitrary<GradeRowCells> = fc.record({
  uscc: text,
  score: text,
  grade: text,
  riskLevel: text,
  supervisionClass: text,
  inspectionsPerYear: fc.oneof(fc.nat(1000), fc.constantFrom(-1, 1.5, 1e20, Number.NaN, 0)),
  samplingRatio: text,
  reasons: fc.array(text, { maxLength: 3 }),
});

describe('grade rows / 评级行', () => {
  it('按字节写出的评级行与逐格转义后拼接的文本完全相同 / rows written as bytes equal the csvCell-quoted rows joined as text and encoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cells, text), { minLength: 1, maxLength: 30 }), fc.array(text, { minLength: 3, maxLength: 3 }), (rows, tail) => {
        const w = new GradeRowWriter(tail);
        for (const [r, name] of rows) w.row(r, name);
        const want = Buffer.from(rows.map(([r, name]) => gradeRowText(r, name, tail)).join(''), 'utf8');
        expect(Buffer.from(w.take()).equals(want)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('大量不同取值与超过 1 MiB 的输出仍逐字节相同 / many distinct cells (past the cache bound) and more than 1 MiB of rows give the same bytes', () => {
    const tail = ['cn-sh-minhang', 'abc', '2025-06-30'];
    const w = new GradeRowWriter(tail);
    const parts: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const r: GradeRowCells = {
        uscc: `9131011${String(i).padStart(11, '0')}`, score: `${i % 20_000}.${i % 100}`, grade: 'ABCD'[i % 4]!, riskLevel: 'low',
        supervisionClass: `class${i % 4}`, inspectionsPerYear: i % 7, samplingRatio: '0.03', reasons: i % 3 ? [`r${i % 50}`, `q${i % 20_000}`] : [],
      };
      const name = `上海第${i}有限公司${i % 10 === 0 ? ',分公司' : ''}`;
      w.row(r, name);
      parts.push(gradeRowText(r, name, tail));
    }
    const got = Buffer.from(w.take());
    expect(got.length).toBeGreaterThan(1 << 20);
    expect(got.equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
  });
});
