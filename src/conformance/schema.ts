import { z } from 'zod';
import { calendarDateSchema } from '../rulebook/primitives.js';

/** Areas a conformance case can exercise. */
export const conformanceAreaSchema = z.enum(['calendar', 'uscc', 'rulebook', 'grading', 'repair', 'leniency', 'inspection', 'services']);
/** An area a conformance case can exercise. */
export type ConformanceArea = z.infer<typeof conformanceAreaSchema>;

/**
 * A conformance case: a named input, the date it is computed on, the expected output (a deep
 * subset of the actual output: every key given must match, keys not given are not checked) and
 * the clause or article it follows. Another implementation, or a later rulebook, can run the same
 * files (`xinfeng check CASES_DIR`).
 *
 * @example
 * ```json
 * { "name": "1月31日加一个月为2月28日", "area": "calendar", "asOf": "2025-01-31",
 *   "input": { "op": "addPeriod", "date": "2025-01-31", "period": { "months": 1 } },
 *   "expected": "2025-02-28", "citation": "民法典第二百零二条" }
 * ```
 */
export const conformanceCaseSchema = z.strictObject({
  name: z.string().min(1).max(500),
  area: conformanceAreaSchema,
  asOf: calendarDateSchema,
  input: z.unknown(),
  expected: z.unknown(),
  citation: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  description: z.string().optional(),
  /** A JSON merge patch applied to the default rulebook for this case (what-if cases). */
  rulebookPatch: z.record(z.string(), z.unknown()).optional(),
});
/** A conformance case. */
export type ConformanceCase = z.infer<typeof conformanceCaseSchema>;

/** A case file with several cases: `{ cases: [...] }` (a file may also hold one bare case). */
export const conformanceFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  cases: z.array(conformanceCaseSchema).min(1),
});
