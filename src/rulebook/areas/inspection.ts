import { z } from 'zod';

/**
 * Rulebook parameters of the `inspection` area (`parameters.inspection` in a rulebook).
 * Build leaves with {@link parameter} from '../primitives.js'.
 */
export const inspectionParametersSchema = z.strictObject({});
