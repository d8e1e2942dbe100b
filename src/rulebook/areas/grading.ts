import { z } from 'zod';
import { decimalStringSchema, parameter } from '../primitives.js';

/** Credit grades, best first (SAMR 国市监信发〔2022〕6号 classes A–D). */
export const creditGradeSchema = z.enum(['A', 'B', 'C', 'D']);
/** Risk levels, lowest first. */
export const riskLevelSchema = z.enum(['low', 'medium', 'high']);

/**
 * What a supervision class (信用+风险 监管类别) means for inspections. Shared contract between
 * grading (which assigns the class) and inspection planning (which applies it).
 */
export const supervisionClassSchema = z.strictObject({
  /** zh-CN label, e.g. "一类（信用好·风险低）". */
  label: z.string().min(1),
  /** 1 = lightest supervision; higher = stricter. Used to check monotonicity. */
  rank: z.number().int().min(1),
  /** Proactive (planned) on-site inspections per agency per year, at most. */
  inspectionsPerYearMax: z.number().int().min(0),
  /** 双随机 sampling ratio for general inspection items, exact decimal in [0, 1]. */
  samplingRatio: decimalStringSchema,
  /** Whether key inspection items (重点检查事项) are fully covered (全覆盖). */
  keyItemsFullCoverage: z.boolean(),
  /** "对综合评价高的企业原则上不主动开展现场检查": proactive on-site inspection off by default. */
  proactiveOnsiteOff: z.boolean(),
});

/** Rulebook parameters of grading (`parameters.grading`). The grading work fills in the rest. */
export const gradingParametersSchema = z.strictObject({
  /** Supervision classes by id. */
  supervisionClasses: parameter(z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), supervisionClassSchema)).optional(),
});
