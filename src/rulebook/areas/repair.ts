import { z } from 'zod';

/**
 * Rulebook parameters of the `repair` area (`parameters.repair` in a rulebook).
 * Build leaves with {@link parameter} from '../primitives.js'.
 */
export const repairParametersSchema = z.strictObject({});
