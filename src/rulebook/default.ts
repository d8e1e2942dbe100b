import meta from '../../data/rulebooks/cn-sh-minhang/meta.json';
import general from '../../data/rulebooks/cn-sh-minhang/general.json';
import grading from '../../data/rulebooks/cn-sh-minhang/grading.json';
import inspection from '../../data/rulebooks/cn-sh-minhang/inspection.json';
import repair from '../../data/rulebooks/cn-sh-minhang/repair.json';
import leniency from '../../data/rulebooks/cn-sh-minhang/leniency.json';
import services from '../../data/rulebooks/cn-sh-minhang/services.json';
import { loadRulebook } from './load.js';
import type { Rulebook } from './schema.js';

let cached: Rulebook | undefined;

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
  cached ??= loadRulebook(defaultRulebookJson(), { source: 'default (data/rulebooks/cn-sh-minhang)' });
  return cached;
}
