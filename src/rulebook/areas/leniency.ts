import { z } from 'zod';

/**
 * Rulebook parameters of the `leniency` area (`parameters.leniency` in a rulebook).
 * Build leaves with {@link parameter} from '../primitives.js'.
 */
export const leniencyParametersSchema = z.strictObject({});
