import { z } from 'zod';
import { decimalStringSchema, parameter } from '../primitives.js';

/** Declared rounding of a computed quantity. */
export const roundingRuleSchema = z.strictObject({
  scale: z.number().int().min(0).max(10),
  mode: z.enum(['half-up', 'half-even', 'up', 'down', 'ceil', 'floor']),
});

/** Cross-cutting parameters shared by several areas (`parameters.general`). */
export const generalParametersSchema = z.strictObject({
  /** Rounding of credit scores. */
  scoreRounding: parameter(roundingRuleSchema),
  /** 行政处罚法 Art. 51 thresholds for the simple (当场) procedure, in yuan. */
  simpleProcedureFineLimit: parameter(
    z.strictObject({ citizen: decimalStringSchema, organisation: decimalStringSchema }),
  ),
});
