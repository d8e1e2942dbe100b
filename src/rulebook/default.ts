import meta from '../../data/rulebooks/cn-sh-minhang/meta.json';
import general from '../../data/rulebooks/cn-sh-minhang/general.json';
import grading from '../../data/rulebooks/cn-sh-minhang/grading.json';
import inspection from '../../data/rulebooks/cn-sh-minhang/inspection.json';
import repair from '../../data/rulebooks/cn-sh-minhang/repair.json';
import leniency from '../../data/rulebooks/cn-sh-minhang/leniency.json';
import services from '../../data/rulebooks/cn-sh-minhang/services.json';
import { adoptValidatedRulebook, loadRulebook, rulebookHash } from './load.js';
import type { Rulebook } from './schema.js';

let cached: Rulebook | undefined;

/**
 * The default rulebook as the build validated it (tsup.config.ts runs {@link validateDefaultRulebook}
 * on it and embeds the result: `{ rulebook, hash }` as JSON). Undefined when running from source.
 */
declare const __XINFENG_DEFAULT_RULEBOOK__: string | undefined;

/**
 * The default rulebook and its hash, validated with the rulebook schema. The build does that once
 * and embeds the result (about 60 ms saved at every start of a CLI run or a worker pool); from
 * source, it is done here.
 */
export function validateDefaultRulebook(): { readonly rulebook: Rulebook; readonly hash: string } {
  const rulebook = loadRulebook(defaultRulebookJson(), { source: DEFAULT_SOURCE });
  return { rulebook, hash: rulebookHash(rulebook) };
}

const DEFAULT_SOURCE = 'default (data/rulebooks/cn-sh-minhang)';

/**
 * The default rulebook as one plain JSON object (parts live in data/rulebooks/cn-sh-minhang/):
 * the starting point for a jurisdiction's own rulebook.
 *
 * @example
 * ```ts
 * writeFileSync('my-rules.json', JSON.stringify(defaultRulebookJson(), null, 2));
 * ```
 */
export function defaultRulebookJson(): unknown {
  return { ...meta, parameters: { general, grading, inspection, repair, leniency, services } };
}

/**
 * The default rulebook `cn-sh-minhang` (Shanghai Minhang), validated and frozen. Every value carries
 * its source and status; `library-default` marks values xinfeng chose where no official number exists.
 *
 * @example
 * ```ts
 * const rb = defaultRulebook();
 * rb.id; // 'cn-sh-minhang'
 * ```
 */
export function defaultRulebook(): Rulebook {
  if (cached) return cached;
  if (typeof __XINFENG_DEFAULT_RULEBOOK__ === 'string') {
    const built = JSON.parse(__XINFENG_DEFAULT_RULEBOOK__) as { rulebook: Rulebook; hash: string };
    cached = adoptValidatedRulebook(built.rulebook, built.hash);
  } else cached = validateDefaultRulebook().rulebook;
  return cached;
}
