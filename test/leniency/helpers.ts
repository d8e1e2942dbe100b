import { makeUscc } from '../../src/uscc/index.js';
import type { CaseFactsInput, LedgerEntry } from '../../src/leniency/index.js';

/** A Minhang (310112) party code built with the check characters computed. */
export const PARTY = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
export const OTHER_PARTY = makeUscc({ divisionCode: '310112', subjectBody: 'MA7C2K4P' });

export const NO_RED_LINES = { nationalSecurity: false, lifeHealthOrMajorProperty: false, basicMarketOrSocialOrder: false };

/** A complete, ordinary case: organisation, no crime, red lines clear, no harm, corrected on the spot. */
export function baseCase(over: Partial<CaseFactsInput> & Pick<CaseFactsInput, 'domain' | 'behaviour'>): CaseFactsInput {
  return {
    caseId: 'MH-T-0001',
    party: { id: PARTY, type: 'organisation', name: '上海某某餐饮管理有限公司' },
    suspectedCrime: false,
    redLines: NO_RED_LINES,
    involvesLifeHealthFinancialSafety: false,
    harm: 'none',
    minorViolation: false,
    dates: { occurredAt: '2025-05-10', discoveredAt: '2025-05-12' },
    correction: { correctedAt: '2025-05-12', onTheSpot: true },
    ...over,
  } as CaseFactsInput;
}

/** A prior violation of the same party and behaviour, `monthsBefore` months before 2025-05-10. */
export function priorEntry(behaviour: string, date: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    partyId: PARTY,
    date,
    behaviour,
    violationType: extra.violationType ?? 'x',
    domain: extra.domain ?? 'food',
    kind: 'penalty',
    caseId: 'MH-PRIOR-1',
    ...extra,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of plain objects (arrays and scalars replace). */
export function merge<T>(base: T, patch: unknown): T {
  if (!isObj(base) || !isObj(patch)) return patch as T;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k], v) : v;
  return out as T;
}
