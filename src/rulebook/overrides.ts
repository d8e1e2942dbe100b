import { XinfengError, type Issue } from '../_lib/issues/index.js';
import { rulebookSchema, type Rulebook } from './schema.js';
import { safeLoadRulebook, zodIssuesToIssues } from './load.js';

/** A JSON merge patch (RFC 7386) over a rulebook: objects merge, arrays and scalars replace, `null` deletes. */
export type RulebookPatch = { readonly [key: string]: unknown };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const key of Object.keys(patch)) {
    if (FORBIDDEN.has(key)) continue; // never let a patch reach prototypes
    const pv = (patch as Record<string, unknown>)[key];
    if (pv === null) delete base[key];
    else base[key] = mergePatch(base[key], pv);
  }
  return base;
}

/**
 * Returns a new validated rulebook with a JSON merge patch applied (what-if reforms), leaving
 * the base untouched. The result is validated like any loaded rulebook; a patch that makes it
 * invalid throws RULEBOOK_OVERRIDE_INVALID naming the path.
 *
 * @example
 * ```ts
 * const reform = withOverrides(defaultRulebook(), { id: 'minhang-reform', parameters: { grading: { … } } });
 * ```
 */
export function withOverrides(rulebook: Rulebook, patch: RulebookPatch): Rulebook {
  const merged = mergePatch(rulebook, patch);
  const r = safeLoadRulebook(merged, { source: `${rulebook.id}+overrides` });
  if (r.ok) return r.rulebook;
  const parsed = rulebookSchema.safeParse(merged);
  const issues: Issue[] = parsed.success
    ? [...r.issues]
    : zodIssuesToIssues(rulebookSchema, parsed.error.issues, `${rulebook.id}+overrides`, { invalid: 'RULEBOOK_OVERRIDE_INVALID' });
  throw new XinfengError(issues as [Issue, ...Issue[]]);
}
