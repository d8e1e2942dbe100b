import { Decimal, roundTo } from '../_lib/decimal.js';
import { makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { addPeriod, isCalendarDate, type CalendarDate } from '../calendar/index.js';
import { createRulebookReader, defaultRulebook, resultStamp, valueAt, type ResultStamp, type Rulebook, type RulebookReader } from '../rulebook/index.js';
import { evaluateConditions, type ConditionResult, type ConditionStatus, type EvaluationContext } from './conditions.js';
import { combineLeniencyLists, defaultLeniencyLists, itemInForce, type LeniencyItem, type LeniencyList } from './lists.js';
import { DOCUMENTS, leniencyRank, OUTCOME_LABELS, type RequiredDocument } from './outcomes.js';
import { citeProvision, provisionCovers } from './provisions.js';
import {
  caseFactsSchema,
  ledgerEntrySchema,
  type CaseFacts,
  type CaseFactsInput,
  type FirstOffencePolicy,
  type FollowUp,
  type LedgerEntry,
  type Outcome,
  type Predicate,
  type Provision,
} from './schema.js';
import { decideCompulsoryMeasure, type CompulsoryDecision } from './compulsory.js';

/**
 * A link in the legal-basis chain: a statute article, or a list and item.
 * @example
 * ```ts
 * d.legalBasis.map((b: LegalBasisRef) => b.cite); // ['行政处罚法第三十三条第一款', '《…清单》第2项']
 * ```
 */
export interface LegalBasisRef {
  readonly kind: 'statute' | 'list';
  /** Human-readable citation, e.g. 行政处罚法第三十三条第一款 or 《…清单》第2项. */
  readonly cite: string;
  readonly provision?: Provision;
  readonly listId?: string;
  readonly itemId?: string;
  readonly docNumber?: string;
}

/**
 * The list item a decision rests on.
 * @example
 * ```ts
 * const m: MatchedItem | null = d.matchedItem; m?.id; // 'SAMR-2025-10-MN#2'
 * ```
 */
export interface MatchedItem {
  readonly id: string;
  readonly listId: string;
  readonly listTitle: string;
  readonly docNumber?: string;
  readonly itemNo: string;
  readonly behaviour: string;
  readonly status: 'confirmed' | 'secondary' | 'inferred';
}

/**
 * One item or statutory test that was considered, with every condition: the "why not".
 * @example
 * ```ts
 * d.candidates.filter((c: CandidateEvaluation) => c.status !== 'met').map((c) => c.id); // why not
 * ```
 */
export interface CandidateEvaluation {
  readonly id: string;
  readonly label: string;
  readonly outcome: Outcome;
  readonly status: ConditionStatus;
  /** The version date (act time or decision time) the candidate was evaluated at. */
  readonly evaluatedAt: CalendarDate;
  readonly conditions: readonly ConditionResult[];
}

/**
 * The 行政处罚法第三十六条 check.
 * @example
 * ```ts
 * d.limitation?.endsOn; // last day an act can still be discovered
 * ```
 */
export interface LimitationCheck {
  readonly basis: string;
  readonly years: number | null;
  readonly startsOn: CalendarDate | null;
  readonly endsOn: CalendarDate | null;
  readonly discoveredAt: CalendarDate;
  readonly barred: boolean | null;
}

/**
 * A fine interval in yuan (exact decimal strings); `max` inclusive.
 * @example
 * ```ts
 * const f: FineInterval | undefined = d.fine?.lighter; // { min: '5000', max: '18500' }
 * ```
 */
export interface FineInterval {
  readonly min: string;
  readonly max: string;
}

/**
 * The fine ranges a mitigation outcome allows.
 * @example
 * ```ts
 * d.fine?.reduced.belowMin; // 减轻: below this minimum
 * ```
 */
export interface FineRanges {
  readonly statutory: FineInterval;
  /** 从轻: [min, min + share·(max − min)] rounded per the rulebook. */
  readonly lighter: FineInterval;
  readonly lighterShare: string;
  /** 减轻: below the statutory minimum (exclusive), or a lighter type; drop any 并处 penalty. */
  readonly reduced: { readonly belowMin: string; readonly lighterTypeOnly: boolean; readonly dropConcurrentPenalty: boolean };
}

/**
 * 行政处罚法第五十一条 / 第六十八条 eligibility.
 * @example
 * ```ts
 * d.simpleProcedure?.eligible; // 'yes' | 'no' | 'if_fine_within_limit' | 'unknown'
 * ```
 */
export interface SimpleProcedureCheck {
  readonly eligible: 'yes' | 'no' | 'if_fine_within_limit' | 'unknown';
  readonly fineLimit: string;
  readonly onTheSpotCollectionLimit: string;
  readonly basis: string;
}

/**
 * A step of the ordered decision logic and what it found.
 * @example
 * ```ts
 * for (const s of d.steps) console.log(s.step, s.result);
 * ```
 */
export interface DecisionStep {
  readonly step: string;
  readonly result: string;
}

/**
 * The decision for one case (Track A, and Track B when a measure is proposed).
 * @example
 * ```ts
 * const d: LeniencyDecision = decideLeniency(c, { asOf: '2025-06-30', ledger: [] });
 * d.outcomeZh; d.legalBasis; d.documents; d.ledgerEntry;
 * ```
 */
export interface LeniencyDecision {
  readonly caseId: string;
  readonly partyId: string;
  readonly outcome: Outcome;
  readonly outcomeZh: string;
  readonly outcomeEn: string;
  /** 应当 (true) vs 可以 (false) for 不予处罚 / 从轻减轻; null otherwise. */
  readonly mandatory: boolean | null;
  readonly matchedItem: MatchedItem | null;
  /** Conditions of the decisive item or test (empty when the decision did not rest on one). */
  readonly conditions: readonly ConditionResult[];
  /** Every item and statutory test considered, each condition met / unmet / unknown. */
  readonly candidates: readonly CandidateEvaluation[];
  readonly steps: readonly DecisionStep[];
  /** When outcome is facts_needed: the facts that would settle it (case-JSON paths). */
  readonly factsNeeded: readonly string[];
  readonly legalBasis: readonly LegalBasisRef[];
  readonly documents: readonly RequiredDocument[];
  readonly followUps: readonly FollowUp[];
  readonly educationRequired: boolean;
  readonly manualReview: boolean;
  readonly manualReviewReasons: readonly string[];
  readonly limitation: LimitationCheck | null;
  /** 行政处罚法第三十七条: the version dates compared and which was applied. */
  readonly applicableVersion: { readonly actTime: CalendarDate; readonly decisionTime: CalendarDate; readonly chosen: 'act_time' | 'decision_time'; readonly actTimeOutcome: Outcome; readonly decisionTimeOutcome: Outcome } | null;
  readonly fine: FineRanges | null;
  readonly simpleProcedure: SimpleProcedureCheck | null;
  readonly compulsory: CompulsoryDecision | null;
  /** The 首违台账 entry to append after deciding (null when no violation is recorded). */
  readonly ledgerEntry: LedgerEntry | null;
  readonly warnings: readonly Issue[];
  readonly stamp: ResultStamp & { readonly lists: readonly { readonly id: string; readonly hash: string }[] };
}

/**
 * Options of {@link decideLeniency}.
 * @example
 * ```ts
 * const opts: DecideLeniencyOptions = { asOf: '2025-06-30', ledger: [], lists: defaultLeniencyLists() };
 * ```
 */
export interface DecideLeniencyOptions {
  /** Computation date; the decision date when the case has no `dates.decidedAt`. */
  readonly asOf: CalendarDate;
  /** Default: {@link defaultRulebook}. */
  readonly rulebook?: Rulebook;
  /** Lists to decide on; default {@link defaultLeniencyLists}. Order does not matter. */
  readonly lists?: readonly LeniencyList[];
  /** Prior violations (首违台账). Without it, first-offence conditions are unknown. */
  readonly ledger?: readonly LedgerEntry[];
}

const TIMELY_ANY = ['before_discovery', 'on_the_spot', 'immediately', 'within_ordered_period', 'before_decision'] as const;

interface Verdict {
  outcome: Outcome;
  mandatory: boolean | null;
  item: LeniencyItem | null;
  list: LeniencyList | null;
  conditions: ConditionResult[];
  basis: LegalBasisRef[];
  followUps: FollowUp[];
  review: string[];
  label: string;
}

interface VersionEvaluation {
  date: CalendarDate;
  best: Verdict;
  factsNeeded: string[];
  candidates: CandidateEvaluation[];
  steps: DecisionStep[];
  sawListItem: boolean;
}

const statute = (law: string, article: number, paragraph?: number, item?: number): LegalBasisRef => {
  const provision: Provision = { law, article, ...(paragraph !== undefined ? { paragraph } : {}), ...(item !== undefined ? { item } : {}) };
  return { kind: 'statute', cite: citeProvision(provision), provision };
};
const provisionRef = (p: Provision): LegalBasisRef => ({ kind: 'statute', cite: citeProvision(p), provision: p });
const listRef = (list: LeniencyList, item: LeniencyItem): LegalBasisRef => ({
  kind: 'list',
  cite: `《${list.title}》${list.docNumber ? `（${list.docNumber}）` : ''}第${item.itemNo}项`,
  listId: list.id,
  itemId: item.id,
  ...(list.docNumber ? { docNumber: list.docNumber } : {}),
});

function jurisdictionApplies(list: LeniencyList, caseJurisdiction: string): boolean {
  return list.jurisdiction.appliesIn.some((p) => caseJurisdiction === p || caseJurisdiction.startsWith(`${p}-`));
}

/**
 * True when an item covers the case (every criterion the item states must match).
 * @example
 * ```ts
 * defaultLeniencyLists().flatMap((l) => l.items).filter((it) => itemMatchesCase(it, facts));
 * ```
 */
export function itemMatchesCase(item: LeniencyItem, facts: CaseFacts, measureTarget?: string): boolean {
  const m = item.match;
  if (m.behaviours && !m.behaviours.includes(facts.behaviour)) return false;
  if (m.penaltyProvisions) {
    const prov = facts.penalty.provision;
    if (!prov || !m.penaltyProvisions.some((ip) => provisionCovers(ip, prov))) return false;
  }
  if (m.measureTargets && (measureTarget === undefined || !m.measureTargets.includes(measureTarget as never))) return false;
  return true;
}

function parseCase(input: CaseFactsInput | CaseFacts): CaseFacts {
  const r = caseFactsSchema.safeParse(input);
  if (!r.success) {
    const id = typeof (input as { caseId?: unknown })?.caseId === 'string' ? (input as { caseId: string }).caseId : '(no caseId)';
    const issues = r.error.issues.map((zi) =>
      makeIssue('LENIENCY_CASE_INVALID', { caseId: id, field: zi.path.join('.') || '(case)', reason: zi.code === 'unrecognized_keys' ? `unknown key(s) ${zi.keys.join(', ')}` : zi.message }, {
        path: zi.path.map((p) => (typeof p === 'number' ? p : String(p))),
      }),
    );
    throw new XinfengError(issues as [Issue, ...Issue[]]);
  }
  const c = r.data;
  if (c.dates.continuing && c.dates.endedAt !== undefined && c.dates.endedAt !== null && c.dates.endedAt < c.dates.occurredAt) {
    throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId: c.caseId, field: 'dates.endedAt', reason: 'the act cannot end before it occurred' }));
  }
  if (c.dates.discoveredAt < c.dates.occurredAt) {
    throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId: c.caseId, field: 'dates.discoveredAt', reason: 'discovered before it occurred' }));
  }
  if (c.penalty.fineRange && new Decimal(c.penalty.fineRange.min).gt(c.penalty.fineRange.max)) {
    throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId: c.caseId, field: 'penalty.fineRange', reason: 'min is above max' }));
  }
  return c;
}

/**
 * Validates a ledger (首违台账); throws naming the entry and field.
 * @example
 * ```ts
 * const ledger = parseLedger(JSON.parse(readFileSync('ledger.json', 'utf8')));
 * ```
 */
export function parseLedger(entries: readonly unknown[]): LedgerEntry[] {
  return entries.map((e, i) => {
    const r = ledgerEntrySchema.safeParse(e);
    if (!r.success) {
      const zi = r.error.issues[0]!;
      throw new XinfengError(makeIssue('LENIENCY_LEDGER_INVALID', { index: i, field: zi.path.join('.') || '(entry)', reason: zi.message }));
    }
    return r.data;
  });
}

function mergeNeeded(into: string[], more: readonly string[]): void {
  for (const m of more) if (!into.includes(m)) into.push(m);
}

function collectNeeded(results: readonly ConditionResult[]): string[] {
  const out: string[] = [];
  for (const r of results) if (r.status === 'unknown') mergeNeeded(out, r.factsNeeded);
  return out;
}

function verdict(outcome: Outcome, partial: Partial<Verdict> = {}): Verdict {
  return { outcome, mandatory: null, item: null, list: null, conditions: [], basis: [], followUps: [], review: [], label: outcome, ...partial };
}

function rankOf(v: Verdict): number {
  return leniencyRank(v.outcome) ?? -1;
}

/** Better verdict: more lenient; ties → list item over a statutory test, then mandatory, then item id. */
function better(a: Verdict, b: Verdict): Verdict {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra > rb ? a : b;
  if (!!a.item !== !!b.item) return a.item ? a : b;
  if (a.mandatory !== b.mandatory) return a.mandatory ? a : b;
  const ia = a.item?.id ?? a.label;
  const ib = b.item?.id ?? b.label;
  return ia <= ib ? a : b;
}

function evaluateVersion(
  facts: CaseFacts,
  date: CalendarDate,
  decisionDate: CalendarDate,
  lists: readonly LeniencyList[],
  ledger: readonly LedgerEntry[] | undefined,
  reader: RulebookReader,
  jurisdiction: string,
): VersionEvaluation {
  const steps: DecisionStep[] = [];
  const candidates: CandidateEvaluation[] = [];
  const definite: Verdict[] = [verdict('ordinary_penalty', { label: 'ordinary', basis: [] })];
  const potentials: { rank: number; needed: string[] }[] = [];
  const caseType = facts.violationType ?? (facts.behaviour.includes('.') ? facts.behaviour.slice(0, facts.behaviour.lastIndexOf('.')) : facts.behaviour);
  const systems = reader.get('leniency.enforcementSystems');
  const systemOf = (domain: string): string | undefined => Object.keys(systems).sort().find((k) => (systems[k] as readonly string[]).includes(domain));
  const ctxFor = (policy: FirstOffencePolicy | undefined, vt: readonly string[]): EvaluationContext => ({ facts, decisionDate, violationTypes: vt, ledger, policy, systemOf });
  // 同类 for the statutory tests: the case's own type plus every type a list gives this behaviour.
  const caseTypes = [...new Set([caseType, ...lists.flatMap((l) => l.items.filter((it) => it.match.behaviours?.includes(facts.behaviour)).map((it) => it.violationType))])].sort();

  // 5. Red lines (上海 2022 指导意见): lists and the generic Art. 33 test may not waive them.
  const cats = reader.get('leniency.redLineCategories');
  const rl = facts.redLines ?? {};
  const hit = cats.filter((c) => rl[c.id] === true);
  const unknownCats = cats.filter((c) => rl[c.id] === undefined);
  const redLine: ConditionStatus = hit.length ? 'met' : unknownCats.length ? 'unknown' : 'unmet';
  steps.push({ step: 'red_lines', result: hit.length ? `hit: ${hit.map((c) => c.labelZh).join('、')}` : redLine === 'unknown' ? `unknown: ${unknownCats.map((c) => c.id).join(', ')}` : 'clear' });
  const redLineNeeded = unknownCats.map((c) => `redLines.${c.id}`);
  const leniencyGated = (v: Verdict, needed: string[]): void => {
    // A list/Art. 33 waiver needs the red lines clear.
    if (redLine === 'met') return;
    if (redLine === 'unknown') potentials.push({ rank: rankOf(v), needed: [...needed, ...redLineNeeded] });
    else if (needed.length) potentials.push({ rank: rankOf(v), needed });
    else definite.push(v);
  };

  // 6. Mandatory statutory non-punishment (Arts. 30, 31, 33 ¶2).
  const ages = reader.get('leniency.ageThresholds');
  if (facts.party.type === 'natural') {
    if (facts.party.age === undefined) potentials.push({ rank: 7, needed: ['party.age'] });
    else if (facts.party.age < ages.noPenaltyBelow) {
      definite.push(verdict('no_penalty_mandatory', { mandatory: true, basis: [statute('行政处罚法', 30)], followUps: ['educate'], label: 'art30' }));
    }
    if (facts.party.mentalCapacity === 'none') {
      definite.push(verdict('no_penalty_mandatory', { mandatory: true, basis: [statute('行政处罚法', 31)], followUps: ['educate'], label: 'art31' }));
    }
  }
  if (facts.noFaultProven === true) {
    if (facts.penalty.strictLiability === true) steps.push({ step: 'no_fault', result: 'displaced by strict liability (行政处罚法第三十三条第二款后段)' });
    else definite.push(verdict('no_penalty_mandatory', { mandatory: true, basis: [statute('行政处罚法', 33, 2)], followUps: ['educate'], label: 'art33-2' }));
  }

  // 7. List match (penalty lists) and 9. statute-level special rules.
  let sawListItem = false;
  const items: { list: LeniencyList; item: LeniencyItem }[] = [];
  for (const list of lists) {
    if (list.kind === 'no_compulsion' || !jurisdictionApplies(list, jurisdiction)) continue;
    for (const item of list.items) {
      if (!itemInForce(list, item, date) || !itemMatchesCase(item, facts)) continue;
      items.push({ list, item });
    }
  }
  items.sort((a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  for (const { list, item } of items) {
    const isStatutory = list.kind === 'statutory';
    if (!isStatutory) sawListItem = true;
    const ev = evaluateConditions(item.conditions, ctxFor(list.firstOffencePolicy, [item.violationType]));
    candidates.push({ id: item.id, label: `${list.title} 第${item.itemNo}项：${item.behaviour}`, outcome: item.outcome, status: ev.status, evaluatedAt: date, conditions: ev.results });
    if (ev.status === 'unmet') continue;
    const review: string[] = [];
    if (item.status === 'inferred' || list.status === 'inferred') review.push(`item ${item.id} rests on an inferred source`);
    if (list.firstOffencePolicy?.status === 'inferred' && item.conditions.some(function uses(p: Predicate): boolean { return p.kind === 'firstOffence' || (p.kind === 'not' && uses(p.p)) || ((p.kind === 'all' || p.kind === 'any') && p.ps.some(uses)); })) {
      review.push(`first-offence window of ${list.id} is inferred`);
    }
    const mandatory = item.outcome === 'no_penalty_mandatory' ? true : item.outcome === 'no_penalty_discretionary' ? false : null;
    const v = verdict(item.outcome, {
      mandatory,
      item,
      list,
      conditions: ev.results,
      basis: [...item.legalBasis.map(provisionRef), listRef(list, item)],
      followUps: [...item.followUps],
      review,
      label: item.id,
    });
    const needed = ev.status === 'unknown' ? collectNeeded(ev.results) : [];
    if (isStatutory) {
      // Statute-level rules are law: a local red-line guidance cannot disapply them.
      if (needed.length) potentials.push({ rank: rankOf(v), needed });
      else definite.push(v);
    } else leniencyGated(v, needed);
  }
  steps.push({ step: 'list_match', result: items.length ? `${items.length} item(s) considered` : 'no item covers the behaviour' });

  // 8. Generic Art. 33 test — lists are sufficient, not necessary (入库案例); always manual review.
  const timely: Predicate = { kind: 'corrected', how: [...TIMELY_ANY] };
  const s1 = evaluateConditions([{ kind: 'flag', field: 'minorViolation', equals: true }, timely, { kind: 'noHarmfulConsequence' }], {
    ...ctxFor(undefined, caseTypes),
    facts: { ...facts, facts: { ...facts.facts, minorViolation: facts.minorViolation ?? null } },
  });
  // minorViolation is a top-level case field; show it under its own name.
  const s1res = s1.results.map((r, i) => (i === 0 ? { ...r, facts: [{ name: 'minorViolation', value: facts.minorViolation }], factsNeeded: r.status === 'unknown' ? ['minorViolation'] : [] } : r));
  candidates.push({ id: 'art33-1-s1', label: '行政处罚法第三十三条第一款前段（轻微不罚）', outcome: 'no_penalty_mandatory', status: s1.status, evaluatedAt: date, conditions: s1res });
  if (s1.status !== 'unmet') {
    leniencyGated(
      verdict('no_penalty_mandatory', { mandatory: true, conditions: s1res, basis: [statute('行政处罚法', 33, 1)], followUps: ['educate', 'order_correction'], review: ['generic Art. 33 ¶1 test applied without a list item'], label: 'art33-1-s1' }),
      collectNeeded(s1res),
    );
  }
  const policy = reader.get('leniency.defaultFirstOffencePolicy') as FirstOffencePolicy;
  const s2 = evaluateConditions([{ kind: 'firstOffence' }, { kind: 'harmMinor' }, timely], ctxFor({ ...policy, status: 'secondary' }, caseTypes));
  candidates.push({ id: 'art33-1-s2', label: '行政处罚法第三十三条第一款后段（首违可不罚）', outcome: 'no_penalty_discretionary', status: s2.status, evaluatedAt: date, conditions: s2.results });
  if (s2.status !== 'unmet') {
    leniencyGated(
      verdict('no_penalty_discretionary', { mandatory: false, conditions: s2.results, basis: [statute('行政处罚法', 33, 1)], followUps: ['educate', 'order_correction', 'register_first_offence'], review: ['generic Art. 33 ¶1 first-offence test applied without a list item'], label: 'art33-1-s2' }),
      collectNeeded(s2.results),
    );
  }

  // 10. Mitigation.
  if (facts.party.type === 'natural' && facts.party.age !== undefined && facts.party.age >= ages.noPenaltyBelow && facts.party.age < ages.mitigateBelow) {
    definite.push(verdict('mitigate_lighter_or_reduced', { mandatory: true, basis: [statute('行政处罚法', 30)], label: 'art30-minor' }));
  }
  for (const path of ['leniency.mandatoryMitigatingGrounds', 'leniency.guidanceMitigatingGrounds'] as const) {
    for (const g of reader.get(path)) {
      if (facts.mitigators[g.id] === true) {
        definite.push(verdict('mitigate_lighter_or_reduced', { mandatory: true, basis: [{ kind: 'statute', cite: g.basis }], label: `mitigator:${g.id}`, review: path.includes('guidance') ? [`mitigating ground ${g.id} comes from a secondary source`] : [] }));
      }
    }
  }
  if (facts.party.type === 'natural' && facts.party.mentalCapacity === 'partial') {
    definite.push(verdict('mitigate_lighter_or_reduced', { mandatory: false, basis: [statute('行政处罚法', 31)], label: 'art31-partial' }));
  }
  steps.push({ step: 'mitigation', result: definite.filter((d) => d.outcome.startsWith('mitigate')).map((d) => d.label).join(', ') || 'none' });

  let best = definite.reduce(better);
  const needed: string[] = [];
  for (const p of potentials) if (p.rank > rankOf(best)) mergeNeeded(needed, p.needed);
  if (needed.length) best = verdict('facts_needed', { label: 'facts_needed' });
  return { date, best, factsNeeded: needed, candidates, steps, sawListItem };
}

function fineRanges(facts: CaseFacts, best: Verdict, reader: RulebookReader, lists: readonly LeniencyList[]): FineRanges | null {
  let range = facts.penalty.fineRange;
  if (!range && best.item?.statutoryRange) range = best.item.statutoryRange;
  if (!range) {
    for (const l of lists) for (const it of l.items) if (!range && it.statutoryRange && it.match.behaviours?.includes(facts.behaviour)) range = it.statutoryRange;
  }
  if (!range) return null;
  const share = reader.get('leniency.lighterShare');
  const rounding = reader.get('leniency.fineRounding');
  const min = new Decimal(range.min);
  const max = new Decimal(range.max);
  const top = roundTo(min.plus(max.minus(min).times(share)), rounding.scale, rounding.mode);
  const lighterMax = top.lt(min) ? min : top;
  return {
    statutory: { min: min.toFixed(), max: max.toFixed() },
    lighter: { min: min.toFixed(), max: lighterMax.toFixed() },
    lighterShare: share,
    reduced: { belowMin: min.toFixed(), lighterTypeOnly: min.isZero(), dropConcurrentPenalty: facts.penalty.concurrentPenalty === true },
  };
}

function simpleProcedure(facts: CaseFacts, outcome: Outcome, fine: FineRanges | null, rulebook: Rulebook, decisionDate: CalendarDate, reader: RulebookReader): SimpleProcedureCheck | null {
  if (!['ordinary_penalty', 'mitigate_lighter', 'mitigate_reduced', 'mitigate_lighter_or_reduced'].includes(outcome)) return null;
  const limits = valueAt(rulebook, 'general.simpleProcedureFineLimit', decisionDate).value;
  const limit = new Decimal(facts.party.type === 'natural' ? limits.citizen : limits.organisation);
  const collect = reader.get('leniency.onTheSpotCollectionLimit');
  const basis = '行政处罚法第五十一条、第六十八条';
  const base = { fineLimit: limit.toFixed(), onTheSpotCollectionLimit: collect, basis };
  if (facts.penalty.warningAvailable === true) return { eligible: 'yes', ...base };
  if (!fine) return { eligible: 'unknown', ...base };
  let lo = new Decimal(fine.statutory.min);
  let hi = new Decimal(fine.statutory.max);
  if (outcome === 'mitigate_lighter') hi = new Decimal(fine.lighter.max);
  if (outcome === 'mitigate_reduced' || outcome === 'mitigate_lighter_or_reduced') lo = new Decimal(0);
  if (outcome === 'mitigate_lighter_or_reduced') hi = new Decimal(fine.lighter.max);
  if (outcome === 'mitigate_reduced') hi = new Decimal(fine.statutory.min);
  const eligible = hi.lte(limit) ? 'yes' : lo.gt(limit) ? 'no' : 'if_fine_within_limit';
  return { eligible, ...base };
}

function documentsFor(outcome: Outcome, v: Verdict, facts: CaseFacts, simple: SimpleProcedureCheck | null): RequiredDocument[] {
  const d: RequiredDocument[] = [];
  const corrected = facts.correction.correctedAt !== undefined && facts.correction.correctedAt !== null;
  switch (outcome) {
    case 'no_penalty_mandatory':
    case 'no_penalty_discretionary':
      d.push(DOCUMENTS.noPenaltyDecision, DOCUMENTS.educationRecord);
      if (v.followUps.includes('commitment_letter') || outcome === 'no_penalty_discretionary') d.push(DOCUMENTS.commitmentLetter);
      if (!corrected) d.push(DOCUMENTS.correctionOrder);
      if (v.followUps.includes('register_first_offence')) d.push(DOCUMENTS.firstOffenceRegister);
      break;
    case 'exempt_with_confiscation':
      d.push(DOCUMENTS.noPenaltyDecision, DOCUMENTS.confiscationList, DOCUMENTS.educationRecord);
      if (!corrected) d.push(DOCUMENTS.correctionOrder);
      break;
    case 'order_correction_first':
      d.push(DOCUMENTS.correctionOrder);
      break;
    case 'time_barred':
    case 'facts_not_established':
      d.push(DOCUMENTS.noPenaltyDecision);
      break;
    case 'transfer_criminal':
      d.push(DOCUMENTS.transferLetter);
      break;
    case 'ordinary_penalty':
    case 'mitigate_lighter':
    case 'mitigate_reduced':
    case 'mitigate_lighter_or_reduced':
      if (simple?.eligible === 'yes') d.push(DOCUMENTS.onTheSpotDecision);
      else d.push(DOCUMENTS.penaltyNotice, DOCUMENTS.penaltyDecision);
      if (!corrected) d.push(DOCUMENTS.correctionOrder);
      if (outcome === 'mitigate_reduced' || outcome === 'mitigate_lighter_or_reduced') d.push(DOCUMENTS.legalReview);
      break;
    default:
      break;
  }
  return d;
}

function limitationCheck(facts: CaseFacts, reader: RulebookReader, decisionDate: CalendarDate): { check: LimitationCheck; needed: string[]; basis: LegalBasisRef[] } {
  const d = facts.dates;
  const needed: string[] = [];
  let start: CalendarDate | null;
  if (d.continuing) {
    if (d.endedAt === undefined) {
      needed.push('dates.endedAt');
      start = null;
    } else start = d.endedAt; // null: still ongoing, the period has not begun
  } else start = d.occurredAt;
  const byLaw = reader.get('leniency.limitationByLaw');
  const law = facts.penalty.provision?.law ?? facts.violated[0]?.law;
  const special = law === undefined ? undefined : byLaw.find((b) => b.law === law);
  const general = reader.get('leniency.limitationGeneral').years;
  const aggravated = reader.get('leniency.limitationLifeHealthFinancial').years;
  let years: number | null;
  let basisText: string;
  const basis: LegalBasisRef[] = [statute('行政处罚法', 36)];
  if (special) {
    years = special.years;
    basisText = `${special.law}${special.article}`;
    basis.push({ kind: 'statute', cite: `${special.law}${special.article}` });
  } else {
    const involves = facts.involvesLifeHealthFinancialSafety;
    const harmful = facts.harm === undefined ? undefined : facts.harm !== 'none';
    if (involves === true && harmful === true) years = aggravated;
    else if (involves === false || harmful === false) years = general;
    else years = null;
    basisText = '行政处罚法第三十六条第一款';
  }
  const endsFor = (y: number): CalendarDate | null => (start === null ? null : addPeriod(start, { years: y }));
  const barredFor = (y: number): boolean | null => {
    if (d.continuing && d.endedAt === null) return false;
    const e = endsFor(y);
    return e === null ? null : d.discoveredAt > e;
  };
  let barred: boolean | null;
  if (years !== null) barred = barredFor(years);
  else {
    const a = barredFor(general);
    const b = barredFor(aggravated);
    barred = a !== null && a === b ? a : null;
    if (barred === null && a !== null) {
      if (facts.involvesLifeHealthFinancialSafety === undefined) needed.push('involvesLifeHealthFinancialSafety');
      if (facts.harm === undefined) needed.push('harm');
    }
  }
  return {
    check: { basis: basisText, years, startsOn: start, endsOn: years !== null ? endsFor(years) : null, discoveredAt: d.discoveredAt, barred },
    needed: barred === null ? needed : [],
    basis,
  };
}

/**
 * Decides a case under 行政处罚法 and the published 免罚/免强 lists, in the order of the domain
 * file (§9.3): criminal screen; facts; limitation (Art. 36, via Civil Code period arithmetic);
 * applicable version (Art. 37, the more lenient of act time and decision time); red lines; mandatory
 * non-punishment (Arts. 30, 31, 33 ¶2); list match; the generic Art. 33 test (manual review);
 * statute-level special rules; mitigation with computed fine ranges; Art. 51 simple procedure. Track B
 * (免强) runs whenever a 查封/扣押/冻结 is proposed. Missing facts give `facts_needed` with the list
 * of facts — never a guess. Pure and deterministic: lists and ledger order do not matter.
 *
 * @throws XinfengError `LENIENCY_CASE_INVALID` for a malformed case, `INVALID_CALENDAR_DATE` for a bad asOf.
 * @example
 * ```ts
 * const d = decideLeniency(
 *   {
 *     caseId: 'MH-2025-0001', party: { id: '91310112MA1FL8X0XX', type: 'organisation' },
 *     domain: 'fire', behaviour: 'fire.detector_fault', suspectedCrime: false,
 *     dates: { occurredAt: '2025-05-10', discoveredAt: '2025-05-12' },
 *     harm: 'none', redLines: { nationalSecurity: false, lifeHealthOrMajorProperty: false, basicMarketOrSocialOrder: false },
 *     correction: { correctedAt: '2025-05-12', onTheSpot: true },
 *     facts: { brokenDetectorsPerFloor: 1, systemFunctionUnaffected: true },
 *   },
 *   { asOf: '2025-06-30', ledger: [] },
 * );
 * d.outcome;      // 'no_penalty_mandatory'
 * d.matchedItem?.id; // 'SH-FIRE-2022#1.1'
 * ```
 */
export function decideLeniency(caseFacts: CaseFactsInput | CaseFacts, options: DecideLeniencyOptions): LeniencyDecision {
  const { asOf } = options;
  if (!isCalendarDate(asOf)) throw new XinfengError(makeIssue('INVALID_CALENDAR_DATE', { value: String(asOf) }));
  const facts = parseCase(caseFacts);
  const rulebook = options.rulebook ?? defaultRulebook();
  const lists = combineLeniencyLists(options.lists ?? defaultLeniencyLists());
  // Canonical order so that the ledger's input order never shows in the result.
  const ledger = options.ledger
    ? parseLedger(options.ledger)
        .map((e) => [canonicalJson(e), e] as const)
        .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .map(([, e]) => e)
    : undefined;
  const decisionDate = facts.dates.decidedAt ?? asOf;
  const reader = createRulebookReader(rulebook, decisionDate);
  const warnings: Issue[] = [];
  const steps: DecisionStep[] = [];
  for (const [field, date] of [['dates.occurredAt', facts.dates.occurredAt], ['dates.discoveredAt', facts.dates.discoveredAt], ['dates.endedAt', facts.dates.endedAt], ['correction.correctedAt', facts.correction.correctedAt]] as const) {
    if (typeof date === 'string' && date > asOf) warnings.push(makeIssue('LENIENCY_DATE_AFTER_AS_OF', { caseId: facts.caseId, field, date, asOf }));
  }
  for (const e of ledger ?? []) {
    if (e.partyId === facts.party.id && e.date > asOf) warnings.push(makeIssue('LENIENCY_LEDGER_ENTRY_AFTER_AS_OF', { entry: e.caseId ?? e.behaviour, partyId: e.partyId, date: e.date, asOf }));
  }
  const jurisdiction = facts.jurisdiction ?? reader.get('leniency.defaultCaseJurisdiction');
  const stamp = { ...resultStamp(rulebook, asOf), lists: lists.map((l) => ({ id: l.id, hash: l.hash })) };

  const compulsory = facts.proposedMeasure ? decideCompulsoryMeasure(facts, { decisionDate, lists, ledger, reader, jurisdiction }) : null;

  const finish = (p: {
    outcome: Outcome;
    v?: Verdict;
    needed?: string[];
    candidates?: CandidateEvaluation[];
    limitation?: LimitationCheck | null;
    basis?: LegalBasisRef[];
    applicable?: LeniencyDecision['applicableVersion'];
    review?: string[];
  }): LeniencyDecision => {
    const v = p.v ?? verdict(p.outcome);
    const outcome = p.outcome;
    const fine = ['ordinary_penalty', 'mitigate_lighter', 'mitigate_reduced', 'mitigate_lighter_or_reduced'].includes(outcome) ? fineRanges(facts, v, reader, lists) : null;
    if (!fine && outcome.startsWith('mitigate')) warnings.push(makeIssue('LENIENCY_NO_FINE_RANGE', { caseId: facts.caseId, outcome: OUTCOME_LABELS[outcome].zh }));
    const simple = simpleProcedure(facts, outcome, fine, rulebook, decisionDate, reader);
    const basis = [...(p.basis ?? []), ...v.basis];
    if (p.applicable && p.applicable.chosen === 'decision_time') basis.push(statute('行政处罚法', 37));
    const noPenalty = ['no_penalty_mandatory', 'no_penalty_discretionary', 'exempt_with_confiscation'].includes(outcome);
    const followUps = [...new Set<FollowUp>([...v.followUps, ...(noPenalty ? (['educate'] as FollowUp[]) : [])])].sort();
    const review = [...(p.review ?? []), ...v.review];
    if (outcome === 'mitigate_reduced' || outcome === 'mitigate_lighter_or_reduced') review.push('减轻 may require 法制审核 under local rules (行政处罚法第五十八条)');
    if (v.item && v.item.status !== 'confirmed') warnings.push(makeIssue('LENIENCY_ITEM_NOT_CONFIRMED', { item: v.item.id, status: v.item.status }));
    if (v.item && facts.violated.length && v.item.violated.length && !facts.violated.some((cp) => v.item!.violated.some((ip) => provisionCovers(ip, cp)))) {
      warnings.push(makeIssue('LENIENCY_PROVISION_MISMATCH', { caseId: facts.caseId, item: v.item.id, caseProvisions: facts.violated.map(citeProvision).join('、'), itemProvisions: v.item.violated.map(citeProvision).join('、') }));
    }
    if (compulsory?.manualReview) review.push('compulsory-measure decision needs manual review');
    const kind: LedgerEntry['kind'] | null = ['ordinary_penalty', 'mitigate_lighter', 'mitigate_reduced', 'mitigate_lighter_or_reduced'].includes(outcome)
      ? 'penalty'
      : noPenalty || outcome === 'order_correction_first'
        ? v.item?.listId && v.list?.kind === 'first_offence'
          ? 'first_offence_waiver'
          : v.item && v.list?.kind === 'minor' && v.item.legalBasis.some((b) => b.article === 33 && b.paragraph === 2)
            ? 'no_fault_waiver'
            : v.item && v.list?.kind === 'minor'
              ? 'minor_waiver'
              : v.label === 'art33-2' ? 'no_fault_waiver' : v.label === 'art33-1-s2' ? 'first_offence_waiver' : v.label === 'art33-1-s1' ? 'minor_waiver' : 'other_waiver'
        : null;
    const ledgerEntry: LedgerEntry | null = kind
      ? {
          partyId: facts.party.id,
          date: facts.dates.occurredAt,
          behaviour: facts.behaviour,
          violationType: v.item?.violationType ?? facts.violationType ?? (facts.behaviour.includes('.') ? facts.behaviour.slice(0, facts.behaviour.lastIndexOf('.')) : facts.behaviour),
          domain: facts.domain,
          ...(facts.agency ? { agency: facts.agency } : {}),
          ...(facts.system ? { system: facts.system } : {}),
          kind,
          caseId: facts.caseId,
          ...(v.item ? { itemId: v.item.id } : {}),
        }
      : null;
    warnings.push(...reader.warnings);
    const outcomeMandatory = outcome === 'facts_needed' ? null : v.mandatory;
    return {
      caseId: facts.caseId,
      partyId: facts.party.id,
      outcome,
      outcomeZh: OUTCOME_LABELS[outcome].zh,
      outcomeEn: OUTCOME_LABELS[outcome].en,
      mandatory: outcomeMandatory,
      matchedItem: v.item && v.list
        ? { id: v.item.id, listId: v.list.id, listTitle: v.list.title, ...(v.list.docNumber ? { docNumber: v.list.docNumber } : {}), itemNo: v.item.itemNo, behaviour: v.item.behaviour, status: v.item.status }
        : null,
      conditions: v.conditions,
      candidates: p.candidates ?? [],
      steps,
      factsNeeded: [...(p.needed ?? [])].sort(),
      legalBasis: dedupeBasis(basis),
      documents: documentsFor(outcome, v, facts, simple),
      followUps,
      educationRequired: noPenalty,
      manualReview: review.length > 0,
      manualReviewReasons: [...new Set(review)],
      limitation: p.limitation ?? null,
      applicableVersion: p.applicable ?? null,
      fine,
      simpleProcedure: simple,
      compulsory,
      ledgerEntry,
      warnings: dedupeIssues(warnings),
      stamp,
    };
  };

  // 1. Criminal screen (行政处罚法第二十七条、第五十七条第（四）项).
  if (facts.suspectedCrime === undefined) {
    steps.push({ step: 'criminal_screen', result: 'unknown' });
    return finish({ outcome: 'facts_needed', needed: ['suspectedCrime'] });
  }
  if (facts.suspectedCrime) {
    steps.push({ step: 'criminal_screen', result: 'suspected crime: transfer' });
    return finish({ outcome: 'transfer_criminal', basis: [statute('行政处罚法', 27), statute('行政处罚法', 57, 1, 4)] });
  }
  steps.push({ step: 'criminal_screen', result: 'no suspected crime' });
  // 2. Facts (第五十七条第（三）项).
  if (facts.factsEstablished === false) {
    steps.push({ step: 'facts', result: 'not established' });
    return finish({ outcome: 'facts_not_established', basis: [statute('行政处罚法', 57, 1, 3)] });
  }
  // 3. Limitation (第三十六条).
  const lim = limitationCheck(facts, reader, decisionDate);
  steps.push({ step: 'limitation', result: lim.check.barred === null ? 'unknown' : lim.check.barred ? `barred: discovered ${lim.check.discoveredAt} after ${lim.check.endsOn}` : `within period (ends ${lim.check.endsOn ?? 'not started'})` });
  if (lim.check.barred === null) return finish({ outcome: 'facts_needed', needed: lim.needed, limitation: lim.check });
  if (lim.check.barred) return finish({ outcome: 'time_barred', limitation: lim.check, basis: lim.basis });

  // 4. Applicable version (第三十七条): evaluate at act time and at decision time, keep the more lenient.
  const d = facts.dates;
  const actTime = d.continuing ? (d.endedAt ?? decisionDate) : d.occurredAt;
  const atAct = evaluateVersion(facts, actTime, decisionDate, lists, ledger, reader, jurisdiction);
  const atDecision = actTime === decisionDate ? atAct : evaluateVersion(facts, decisionDate, decisionDate, lists, ledger, reader, jurisdiction);
  steps.push(...atAct.steps.map((s) => ({ step: `${s.step}@${actTime}`, result: s.result })));
  if (atDecision !== atAct) steps.push(...atDecision.steps.map((s) => ({ step: `${s.step}@${decisionDate}`, result: s.result })));
  const candidates = [...atAct.candidates, ...(atDecision !== atAct ? atDecision.candidates : [])];
  if (!atAct.sawListItem && !atDecision.sawListItem) {
    warnings.push(makeIssue('LENIENCY_NO_LIST_ITEM', { caseId: facts.caseId, behaviour: facts.behaviour, jurisdiction }));
  }
  const a = atAct.best;
  const b = atDecision.best;
  let chosen: VersionEvaluation;
  if (a.outcome === 'facts_needed' || b.outcome === 'facts_needed') {
    // Only a definite top result (应当不予处罚) on one side makes the other side's gap irrelevant.
    const definite = [atAct, atDecision].find((e) => e.best.outcome !== 'facts_needed' && rankOf(e.best) >= 7);
    if (!definite) {
      const needed: string[] = [];
      mergeNeeded(needed, atAct.factsNeeded);
      mergeNeeded(needed, atDecision.factsNeeded);
      return finish({ outcome: 'facts_needed', needed, candidates, limitation: lim.check });
    }
    chosen = definite;
  } else chosen = better(b, a) === b && rankOf(b) > rankOf(a) ? atDecision : atAct;
  const applicable = {
    actTime,
    decisionTime: decisionDate,
    chosen: chosen === atAct ? ('act_time' as const) : ('decision_time' as const),
    actTimeOutcome: a.outcome,
    decisionTimeOutcome: b.outcome,
  };
  return finish({ outcome: chosen.best.outcome, v: chosen.best, candidates, limitation: lim.check, applicable });
}

function dedupeBasis(bs: readonly LegalBasisRef[]): LegalBasisRef[] {
  const seen = new Set<string>();
  const out: LegalBasisRef[] = [];
  for (const b of bs) {
    const k = `${b.kind}|${b.cite}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(b);
    }
  }
  return out;
}

function dedupeIssues(is: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return is.filter((i) => {
    const k = `${i.code}|${canonicalJson(i.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The content hash of a decision (for reproducibility checks): sha256 of its canonical JSON.
 * @example
 * ```ts
 * decisionHash(decideLeniency(c, { asOf: '2025-06-30' })); // same inputs → same hash
 * ```
 */
export function decisionHash(d: LeniencyDecision): string {
  return sha256Hex(canonicalJson(d));
}

