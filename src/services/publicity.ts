/**
 * Publicity state of a penalty on the report's cut-off date, from the repair area's publicity rules
 * (`createPublicityCalculator`): whether the record is still published (公示中) and from when not.
 */
import { createPublicityCalculator, type PublicityInput } from '../repair/index.js';
import type { Rulebook } from '../rulebook/index.js';
import type { CalendarDate } from '../calendar/index.js';
import type { PublicityLookup } from './credit-report.js';

/**
 * A {@link PublicityLookup} backed by the repair rules of `rulebook`, evaluated on `asOf`: a penalty
 * is 公示中 when it is published and `asOf` is before the day it stops being published (taking a
 * granted repair into account); otherwise it was never published (e.g. 简易程序) or publication ended.
 *
 * @example
 * ```ts
 * const lookup = repairPublicityLookup(defaultRulebook(), '2025-06-30');
 * buildCreditReport(request, { rulebook, asOf: '2025-06-30', publicity: lookup });
 * ```
 */
export function repairPublicityLookup(rulebook: Rulebook, asOf: CalendarDate): PublicityLookup {
  const calc = createPublicityCalculator(rulebook);
  return (p, repairedOn) => {
    const input: PublicityInput = {
      decisionDate: p.decisionDate,
      penaltyKinds: p.penaltyKinds,
      procedure: p.procedure,
      ...(p.publicationDate !== undefined ? { publicationDate: p.publicationDate } : {}),
      ...(p.fineAmountFen !== undefined ? { fineAmountFen: p.fineAmountFen } : {}),
      ...(p.sector !== undefined ? { sector: p.sector } : {}),
      ...(p.tier !== undefined ? { tier: p.tier } : {}),
      ...(p.seriousList !== undefined ? { seriousList: p.seriousList } : {}),
      ...(repairedOn !== undefined && repairedOn >= p.decisionDate ? { repairedOn } : {}),
    };
    const w = calc(input);
    if (!w.published) return { state: 'notPublished' };
    const ends = w.stopsCountingOn ?? w.automaticEnd;
    if (ends !== undefined && ends <= asOf) return { state: 'ended', endsOn: ends };
    return ends !== undefined ? { state: 'published', endsOn: ends } : { state: 'published' };
  };
}
