import { z } from 'zod';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validYmd(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= dim;
}

/** zod schema of a calendar date `YYYY-MM-DD` (no time zone). */
export const calendarDateSchema = z
  .string()
  .refine(validYmd, { message: 'expected a calendar date YYYY-MM-DD' });

/**
 * zod schema of an exact decimal written as a string (`"0.05"`, `"-2.5"`, `"100"`).
 * Fractions in the rulebook are strings so that JSON never turns them into binary floats.
 */
export const decimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, { message: 'expected an exact decimal string such as "0.05"' });

/** Status of a rulebook value: how sure we are that the law says it (see shared/domain/README.md). */
export const provenanceStatusSchema = z.enum(['confirmed', 'secondary', 'inferred', 'library-default']);
/** Status of a rulebook value. `library-default` marks a value xinfeng chose itself, never law. */
export type ProvenanceStatus = z.infer<typeof provenanceStatusSchema>;

/** Where a rulebook value comes from. */
export const provenanceSchema = z.strictObject({
  /** Document title, e.g. 《市场监督管理信用修复管理办法》. */
  title: z.string().min(1),
  /** Document number, e.g. 国市监信发〔2022〕6号. */
  docNo: z.string().min(1).optional(),
  /** Article or section, e.g. 第十一条. */
  article: z.string().min(1).optional(),
  url: z.string().url().optional(),
  issuer: z.string().min(1).optional(),
  status: provenanceStatusSchema,
  /** Last date a person checked the value against the source. */
  lastVerifiedOn: calendarDateSchema,
  /** Date by which the value must be checked again (staleness guard). */
  reviewBy: calendarDateSchema,
  note: z.string().optional(),
});
/** Where a rulebook value comes from: document, article, URL, status and review dates. */
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * One dated value of a parameter. `from` is the first day in force; `to`, when present, is the
 * LAST day in force (inclusive). A value with no `to` is open-ended.
 *
 * @example
 * ```ts
 * datedValueSchema(z.number()).parse({ from: '2025-01-01', value: 3, source });
 * ```
 */
export function datedValueSchema<T extends z.ZodType>(value: T) {
  return z.strictObject({
    from: calendarDateSchema,
    to: calendarDateSchema.optional(),
    value,
    source: provenanceSchema,
    note: z.string().optional(),
  });
}

/** A dated value as stored in a rulebook. */
export interface DatedValue<T> {
  from: string;
  to?: string | undefined;
  value: T;
  source: Provenance;
  note?: string | undefined;
}

/**
 * A rulebook parameter: a description and a series of dated values that must be in date order
 * and must not overlap. Area schemas build their tree from these.
 *
 * @example
 * ```ts
 * const schema = parameter(z.number().int().min(0), { unit: 'days' });
 * ```
 */
export function parameter<T extends z.ZodType>(value: T) {
  return z
    .strictObject({
      description: z.string().min(1),
      unit: z.string().min(1).optional(),
      values: z.array(datedValueSchema(value)).min(1),
    })
    .superRefine((p, ctx) => {
      const vals = p.values as DatedValue<unknown>[];
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]!;
        if (v.to !== undefined && v.to < v.from) {
          ctx.addIssue({ code: 'custom', path: ['values', i, 'to'], message: `end ${v.to} is before start ${v.from}` });
        }
        if (v.source.reviewBy < v.source.lastVerifiedOn) {
          ctx.addIssue({ code: 'custom', path: ['values', i, 'source', 'reviewBy'], message: 'reviewBy is before lastVerifiedOn' });
        }
        if (i > 0) {
          const prev = vals[i - 1]!;
          if (v.from <= prev.from) {
            ctx.addIssue({ code: 'custom', path: ['values', i, 'from'], message: `values must be in ascending order of "from" (${v.from} after ${prev.from})` });
          } else if (prev.to === undefined || prev.to >= v.from) {
            ctx.addIssue({
              code: 'custom',
              path: ['values', i, 'from'],
              message: `value from ${v.from} overlaps the previous value (${prev.from}–${prev.to ?? 'open'}); end the previous value the day before`,
            });
          }
        }
      }
    });
}

/** The JSON shape of any parameter (used by the generic reader). */
export interface ParameterNode<T = unknown> {
  description: string;
  unit?: string | undefined;
  values: DatedValue<T>[];
}

/**
 * True when a rulebook tree node is a parameter (has a `values` array) rather than a namespace.
 *
 * @example
 * ```ts
 * isParameterNode(defaultRulebook().parameters.general.scoreRounding); // true
 * ```
 */
export function isParameterNode(node: unknown): node is ParameterNode {
  return (
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    Array.isArray((node as { values?: unknown }).values) &&
    typeof (node as { description?: unknown }).description === 'string'
  );
}
