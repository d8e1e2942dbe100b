import { addPeriod, type CalendarDate } from '../calendar/index.js';
import type { RulebookReader } from '../rulebook/index.js';
import { evaluateConditions, type ConditionResult, type ConditionStatus } from './conditions.js';
import { itemInForce, type LeniencyItem, type LeniencyList } from './lists.js';
import { DOCUMENTS, type RequiredDocument } from './outcomes.js';
import { citeProvision } from './provisions.js';
import type { CaseFacts, LedgerEntry } from './schema.js';

/**
 * Outcome of Track B (行政强制措施).
 * @example
 * ```ts
 * if (d.compulsory?.outcome === 'no_compulsory_measure') console.log('免强');
 * ```
 */
export type CompulsoryOutcome =
  | 'no_compulsory_measure'
  | 'measure_not_permitted'
  | 'use_lesser_measure'
  | 'measure_may_proceed'
  | 'facts_needed';

/**
 * zh labels of {@link CompulsoryOutcome}.
 * @example
 * ```ts
 * COMPULSORY_OUTCOME_LABELS.measure_may_proceed; // '可以实施强制措施'
 * ```
 */
export const COMPULSORY_OUTCOME_LABELS: Readonly<Record<CompulsoryOutcome, string>> = Object.freeze({
  no_compulsory_measure: '免予实施行政强制措施（免强）',
  measure_not_permitted: '不得实施该强制措施',
  use_lesser_measure: '改用更轻的措施',
  measure_may_proceed: '可以实施强制措施',
  facts_needed: '需补充事实',
});

/**
 * One legality check of 行政强制法 (Arts. 17, 22, 23).
 * @example
 * ```ts
 * d.compulsory?.legality.filter((l: LegalityCheck) => l.status === 'unmet').map((l) => l.basis);
 * ```
 */
export interface LegalityCheck {
  readonly id: 'authorised' | 'related_to_case' | 'not_necessities' | 'not_already_sealed';
  readonly zh: string;
  readonly basis: string;
  readonly status: ConditionStatus;
  readonly fact: string;
  readonly value: boolean | undefined;
}

/**
 * The Track B decision.
 * @example
 * ```ts
 * const cm: CompulsoryDecision | null = d.compulsory; cm?.deadline?.lastDay;
 * ```
 */
export interface CompulsoryDecision {
  readonly outcome: CompulsoryOutcome;
  readonly outcomeZh: string;
  readonly measure: { readonly type: 'seal' | 'seize' | 'freeze'; readonly target: string };
  readonly legality: readonly LegalityCheck[];
  readonly matchedItem: { readonly id: string; readonly listId: string; readonly listTitle: string } | null;
  readonly candidates: readonly { readonly id: string; readonly label: string; readonly status: ConditionStatus; readonly conditions: readonly ConditionResult[] }[];
  readonly art16Test: ConditionStatus;
  /** The least-intrusive alternative (适当原则, 泰州 ladder) when one suffices. */
  readonly lesserMeasure: string | null;
  readonly factsNeeded: readonly string[];
  readonly legalBasis: readonly string[];
  readonly documents: readonly RequiredDocument[];
  /** When the measure proceeds: last day (30 days + testing days) and the latest day with one extension. */
  readonly deadline: { readonly startOn: CalendarDate; readonly lastDay: CalendarDate; readonly lastDayIfExtended: CalendarDate; readonly testingDaysExcluded: number } | null;
  readonly emergencyReportWithinHours: number | null;
  readonly releaseTriggers: readonly string[];
  readonly manualReview: boolean;
}

const LADDER: Record<string, string | undefined> = {
  premises: 'facilities',
  facilities: 'goods',
  documents: 'copy_or_digital_record',
};

/**
 * Track B: whether a proposed 查封/扣押/冻结 may be taken. Legality (行政强制法 17, 22, 23), 免强
 * list match (e.g. the 长三角 six situations), the Art. 16 ¶2 test (discretionary, manual review), the
 * least-intrusive ladder (Art. 5), and — when the measure proceeds — the 30 (+30) day limit of
 * Art. 25 with testing days excluded, documents and release triggers (Art. 28).
 *
 * @example
 * ```ts
 * const r = decideLeniency({ ...caseFacts, proposedMeasure: { type: 'seize', target: 'documents', authorisedByLaw: true, targetRelatedToCase: true, necessitiesOfLife: false, alreadySealedByAnotherOrgan: false } , facts: { evidenceFixableByCopyOrDigital: true } }, { asOf: '2025-06-30' });
 * r.compulsory?.outcome; // 'no_compulsory_measure'
 * ```
 */
export function decideCompulsoryMeasure(
  facts: CaseFacts,
  env: { decisionDate: CalendarDate; lists: readonly LeniencyList[]; ledger: readonly LedgerEntry[] | undefined; reader: RulebookReader; jurisdiction: string },
): CompulsoryDecision {
  const m = facts.proposedMeasure!;
  const startOn = m.startOn ?? env.decisionDate;
  const legality: LegalityCheck[] = [
    { id: 'authorised', zh: '法律、法规授权该机关实施该措施', basis: '行政强制法第十七条、第二十二条', fact: 'proposedMeasure.authorisedByLaw', value: m.authorisedByLaw, status: m.authorisedByLaw === undefined ? 'unknown' : m.authorisedByLaw ? 'met' : 'unmet' },
    { id: 'related_to_case', zh: '限于涉案场所、设施或者财物', basis: '行政强制法第二十三条第一款', fact: 'proposedMeasure.targetRelatedToCase', value: m.targetRelatedToCase, status: m.targetRelatedToCase === undefined ? 'unknown' : m.targetRelatedToCase ? 'met' : 'unmet' },
    { id: 'not_necessities', zh: '不得查封、扣押公民个人及其所扶养家属的生活必需品', basis: '行政强制法第二十三条第一款', fact: 'proposedMeasure.necessitiesOfLife', value: m.necessitiesOfLife, status: m.necessitiesOfLife === undefined ? 'unknown' : m.necessitiesOfLife ? 'unmet' : 'met' },
    { id: 'not_already_sealed', zh: '不得重复查封', basis: '行政强制法第二十三条第二款', fact: 'proposedMeasure.alreadySealedByAnotherOrgan', value: m.alreadySealedByAnotherOrgan, status: m.alreadySealedByAnotherOrgan === undefined ? 'unknown' : m.alreadySealedByAnotherOrgan ? 'unmet' : 'met' },
  ];
  // Natural persons only have "necessities of life"; for organisations the check does not apply.
  if (facts.party.type === 'organisation' && legality[2]!.status === 'unknown') legality[2] = { ...legality[2]!, status: 'met' };
  const base = { measure: { type: m.type, target: m.target }, legality, releaseTriggers: [] as string[] };
  const empty = { matchedItem: null, candidates: [], art16Test: 'unknown' as ConditionStatus, lesserMeasure: null, deadline: null, emergencyReportWithinHours: null };
  if (legality.some((l) => l.status === 'unmet')) {
    return { ...base, ...empty, outcome: 'measure_not_permitted', outcomeZh: COMPULSORY_OUTCOME_LABELS.measure_not_permitted, factsNeeded: [], legalBasis: legality.filter((l) => l.status === 'unmet').map((l) => l.basis), documents: [], manualReview: false };
  }
  const needed = legality.filter((l) => l.status === 'unknown').map((l) => l.fact);

  // 免强 list items in force on the day of the measure.
  const items: { list: LeniencyList; item: LeniencyItem }[] = [];
  for (const list of env.lists) {
    if (list.kind !== 'no_compulsion') continue;
    if (!list.jurisdiction.appliesIn.some((p) => env.jurisdiction === p || env.jurisdiction.startsWith(`${p}-`))) continue;
    for (const item of list.items) {
      if (!itemInForce(list, item, startOn)) continue;
      const mm = item.match;
      if (mm.behaviours && !mm.behaviours.includes(facts.behaviour)) continue;
      if (mm.measureTargets && !mm.measureTargets.includes(m.target)) continue;
      items.push({ list, item });
    }
  }
  items.sort((a, b) => (a.item.id < b.item.id ? -1 : 1));
  const candidates: CompulsoryDecision['candidates'][number][] = [];
  let matched: { list: LeniencyList; item: LeniencyItem } | null = null;
  const itemNeeded: string[] = [];
  for (const { list, item } of items) {
    const systems = env.reader.get('leniency.enforcementSystems');
    const systemOf = (domain: string): string | undefined => Object.keys(systems).sort().find((k) => (systems[k] as readonly string[]).includes(domain));
    const ev = evaluateConditions(item.conditions, { facts, decisionDate: env.decisionDate, violationTypes: [item.violationType], ledger: env.ledger, policy: list.firstOffencePolicy, systemOf });
    candidates.push({ id: item.id, label: `${list.title} 第${item.itemNo}项`, status: ev.status, conditions: ev.results });
    if (ev.status === 'met' && !matched) matched = { list, item };
    if (ev.status === 'unknown') for (const r of ev.results) if (r.status === 'unknown') for (const f of r.factsNeeded) if (!itemNeeded.includes(f)) itemNeeded.push(f);
  }
  const f = facts.facts;
  const trivial = f.trivialCircumstances;
  const noHarm = f.noObviousSocialHarm;
  const art16: ConditionStatus = trivial === true || noHarm === true ? 'met' : trivial === false && noHarm === false ? 'unmet' : 'unknown';
  const basisCore = ['行政强制法第十六条第二款', '行政强制法第五条'];
  if (env.jurisdiction.startsWith('CN-SH')) basisCore.push('上海市优化营商环境条例第七十一条');
  if (matched && needed.length === 0) {
    return {
      ...base, ...empty, candidates, art16Test: art16,
      outcome: 'no_compulsory_measure', outcomeZh: COMPULSORY_OUTCOME_LABELS.no_compulsory_measure,
      matchedItem: { id: matched.item.id, listId: matched.list.id, listTitle: matched.list.title },
      factsNeeded: [],
      legalBasis: [...basisCore, ...matched.item.legalBasis.map(citeProvision), `《${matched.list.title}》第${matched.item.itemNo}项`],
      documents: [], manualReview: matched.item.status === 'inferred',
    };
  }
  if (art16 === 'met' && needed.length === 0) {
    return {
      ...base, ...empty, candidates, art16Test: art16,
      outcome: 'no_compulsory_measure', outcomeZh: COMPULSORY_OUTCOME_LABELS.no_compulsory_measure,
      factsNeeded: [], legalBasis: basisCore, documents: [], manualReview: true,
    };
  }
  if (art16 === 'unknown') needed.push('facts.trivialCircumstances', 'facts.noObviousSocialHarm');
  for (const n of itemNeeded) if (!needed.includes(n)) needed.push(n);
  if (needed.length) {
    return { ...base, ...empty, candidates, art16Test: art16, outcome: 'facts_needed', outcomeZh: COMPULSORY_OUTCOME_LABELS.facts_needed, factsNeeded: [...new Set(needed)].sort(), legalBasis: [], documents: [], manualReview: false };
  }
  // Least-intrusive ladder (行政强制法第五条; 泰州 泰市监规〔2022〕4号).
  const lesser = LADDER[m.target];
  if (lesser && m.lesserMeasureSuffices === true) {
    return { ...base, ...empty, candidates, art16Test: art16, outcome: 'use_lesser_measure', outcomeZh: COMPULSORY_OUTCOME_LABELS.use_lesser_measure, lesserMeasure: lesser, factsNeeded: [], legalBasis: ['行政强制法第五条'], documents: [], manualReview: false };
  }
  if (lesser && m.lesserMeasureSuffices === undefined) {
    return { ...base, ...empty, candidates, art16Test: art16, outcome: 'facts_needed', outcomeZh: COMPULSORY_OUTCOME_LABELS.facts_needed, factsNeeded: ['proposedMeasure.lesserMeasureSuffices'], legalBasis: [], documents: [], manualReview: false };
  }
  const days = env.reader.get('leniency.compulsoryMeasureDays');
  const testing = m.testingDays ?? 0;
  const docs: RequiredDocument[] = m.type === 'freeze' ? [DOCUMENTS.freezeDecision] : [DOCUMENTS.measureDecision, DOCUMENTS.measureList];
  docs.push(DOCUMENTS.onSiteRecord, DOCUMENTS.approvalRecord, DOCUMENTS.releaseDecision);
  if (testing > 0) docs.push(DOCUMENTS.testingNotice);
  if (days.extension > 0) docs.push(DOCUMENTS.extensionNotice);
  return {
    ...base,
    candidates,
    art16Test: art16,
    matchedItem: null,
    lesserMeasure: null,
    outcome: 'measure_may_proceed',
    outcomeZh: COMPULSORY_OUTCOME_LABELS.measure_may_proceed,
    factsNeeded: [],
    legalBasis: ['行政强制法第十八条', '行政强制法第二十四条', m.type === 'freeze' ? '行政强制法第三十二条' : '行政强制法第二十五条'],
    documents: docs,
    deadline: {
      startOn,
      lastDay: addPeriod(startOn, { days: days.initial + testing }),
      lastDayIfExtended: addPeriod(startOn, { days: days.initial + days.extension + testing }),
      testingDaysExcluded: testing,
    },
    emergencyReportWithinHours: m.emergency ? env.reader.get('leniency.emergencyReportHours') : null,
    releaseTriggers: ['no_violation', 'unrelated_property', 'case_decided_no_longer_needed', 'period_expired', 'otherwise_unnecessary'],
    manualReview: false,
  };
}
