import { z } from 'zod';
import { generalParametersSchema } from './areas/general.js';
import { gradingParametersSchema } from './areas/grading.js';
import { inspectionParametersSchema } from './areas/inspection.js';
import { repairParametersSchema } from './areas/repair.js';
import { leniencyParametersSchema } from './areas/leniency.js';
import { servicesParametersSchema } from './areas/services.js';

/** Jurisdiction a rulebook applies to (GB/T 2260 division code and name). */
export const jurisdictionSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, { message: 'expected a 6-digit GB/T 2260 division code' }),
  name: z.string().min(1),
  level: z.enum(['national', 'province', 'city', 'district']),
});

/** The tree of named parameters, one namespace per domain area. */
export const rulebookParametersSchema = z.strictObject({
  general: generalParametersSchema,
  grading: gradingParametersSchema,
  inspection: inspectionParametersSchema,
  repair: repairParametersSchema,
  leniency: leniencyParametersSchema,
  services: servicesParametersSchema,
});

/**
 * zod schema of a rulebook (规则集): plain JSON with an id, a jurisdiction and a tree of dated,
 * cited parameters. Unknown keys anywhere are errors.
 *
 * @example
 * ```ts
 * const parsed = rulebookSchema.safeParse(JSON.parse(text));
 * ```
 */
export const rulebookSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a lower-case id such as "cn-sh-minhang"' }),
  title: z.string().min(1),
  jurisdiction: jurisdictionSchema,
  /** Edition of the rulebook data (not of the library). */
  edition: z.string().min(1),
  description: z.string().optional(),
  parameters: rulebookParametersSchema,
});

/** A validated rulebook. Treat as immutable: use {@link withOverrides} for what-if changes. */
export type Rulebook = z.infer<typeof rulebookSchema>;
/** The parameter tree of a rulebook. */
export type RulebookParameters = Rulebook['parameters'];

type ParamValue<N> = N extends { values: ReadonlyArray<{ value: infer V }> } ? V : never;

/** Dotted paths of every parameter in the rulebook tree, e.g. `'repair.minimumPeriodRule'`. */
export type ParameterPath<T = RulebookParameters, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends { values: ReadonlyArray<unknown> }
    ? `${P}${K}`
    : T[K] extends object
      ? ParameterPath<T[K], `${P}${K}.`>
      : never;
}[keyof T & string];

/** The value type of the parameter at a path. */
export type ParameterValue<P extends string, T = RulebookParameters> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? ParameterValue<R, T[H]>
    : never
  : P extends keyof T
    ? ParamValue<T[P]>
    : never;
