import { z } from 'zod';
import { addPeriod, addWorkingDays, isWorkingDay, rollToWorkingDay } from '../calendar/index.js';
import { parseUscc } from '../uscc/index.js';
import { valueAt, type Rulebook } from '../rulebook/index.js';
import type { ConformanceArea } from './schema.js';

/** What a runner gets besides the case input. */
export interface RunnerContext {
  readonly asOf: string;
  readonly rulebook: Rulebook;
}

/** Computes the actual output of a case input for one area. Throws for malformed input. */
export type ConformanceRunner = (input: unknown, ctx: RunnerContext) => unknown;

const calendarInput = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('addPeriod'), date: z.string(), period: z.record(z.string(), z.number()), rollToWorkingDay: z.boolean().optional() }),
  z.strictObject({ op: z.literal('addWorkingDays'), date: z.string(), n: z.number().int() }),
  z.strictObject({ op: z.literal('isWorkingDay'), date: z.string() }),
  z.strictObject({ op: z.literal('rollToWorkingDay'), date: z.string() }),
]);

const usccInput = z.strictObject({ text: z.string(), lenient: z.boolean().optional() });
const rulebookInput = z.strictObject({ path: z.string() });

/** Runners of the foundation areas; domain areas register theirs in ./domain-runners.ts. */
export const foundationRunners: Partial<Record<ConformanceArea, ConformanceRunner>> = {
  calendar(input) {
    const i = calendarInput.parse(input);
    switch (i.op) {
      case 'addPeriod':
        return addPeriod(i.date, i.period as never, { rollToWorkingDay: i.rollToWorkingDay ?? false });
      case 'addWorkingDays':
        return addWorkingDays(i.date, i.n);
      case 'isWorkingDay':
        return isWorkingDay(i.date);
      case 'rollToWorkingDay':
        return rollToWorkingDay(i.date);
    }
  },
  uscc(input) {
    const i = usccInput.parse(input);
    const r = parseUscc(i.text, { lenient: i.lenient ?? false });
    return r.ok ? { ok: true, code: r.code, parts: r.parts, warnings: r.warnings.map((w) => w.code) } : { ok: false, code: r.issue.code };
  },
  rulebook(input, ctx) {
    const i = rulebookInput.parse(input);
    const v = valueAt(ctx.rulebook, i.path, ctx.asOf);
    return { value: v.value, from: v.from, to: v.to, status: v.source.status, warnings: v.warnings.map((w) => w.code) };
  },
};
