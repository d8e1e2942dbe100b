import { z } from 'zod';

/**
 * Rulebook parameters of the `services` area (`parameters.services` in a rulebook).
 * Build leaves with {@link parameter} from '../primitives.js'.
 */
export const servicesParametersSchema = z.strictObject({});
