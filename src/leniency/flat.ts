import { makeIssue, XinfengError } from '../_lib/issues/index.js';
import type { LeniencyDecision } from './decide.js';
import type { CaseFactsInput, LedgerEntry } from './schema.js';

const TRUE = new Set(['true', '是', '1', 'y', 'yes', '有']);
const FALSE = new Set(['false', '否', '0', 'n', 'no', '无']);

function bool(v: string, caseId: string, field: string): boolean {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId, field, reason: `expected 是/否 or true/false, got "${v}"` }));
}
function int(v: string, caseId: string, field: string): number {
  if (!/^\d+$/.test(v.trim())) throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId, field, reason: `expected a whole number, got "${v}"` }));
  return Number(v.trim());
}
/** A free fact cell: 是/否 → boolean, digits → number, else the text (dates, decimals, enums). */
function factCell(v: string): boolean | number | string | null {
  const s = v.trim();
  const l = s.toLowerCase();
  if (l === 'null') return null;
  if (TRUE.has(l) && l !== '1') return true;
  if (FALSE.has(l) && l !== '0') return false;
  if (/^\d+$/.test(s)) return Number(s);
  return s;
}

/**
 * Column names of the flat (CSV) case layout. Dynamic groups use a prefix: `redLines.<id>`,
 * `amounts.<name>` (yuan, exact decimal), `mitigators.<id>`, `facts.<name>`. An empty cell means
 * "not given" (never "false").
 * @example
 * ```ts
 * FLAT_CASE_COLUMNS.includes('occurredAt'); // true
 * ```
 */
export const FLAT_CASE_COLUMNS = [
  'caseId', 'partyId', 'partyName', 'partyType', 'partyAge', 'mentalCapacity', 'jurisdiction', 'domain', 'behaviour', 'violationType',
  'agency', 'system', 'violated', 'occurredAt', 'continuing', 'endedAt', 'discoveredAt', 'decidedAt', 'suspectedCrime', 'factsEstablished',
  'involvesLifeHealthFinancialSafety', 'harm', 'minorViolation', 'noFaultProven', 'correctedAt', 'correctedOnTheSpot', 'orderedDeadline',
  'penaltyLaw', 'penaltyArticle', 'penaltyParagraph', 'penaltyItem', 'fineMin', 'fineMax', 'concurrentPenalty', 'warningAvailable', 'strictLiability',
  'measureType', 'measureTarget', 'measureEmergency', 'measureStartOn', 'measureTestingDays', 'measureAuthorisedByLaw', 'measureTargetRelatedToCase',
  'measureNecessitiesOfLife', 'measureAlreadySealed', 'measureLesserSuffices',
] as const;

/** Parses `法律名:条:款:项` items separated by `;` (e.g. `食品安全法:34::10;食品安全法:124:1:5`). */
function provisions(v: string, caseId: string): { law: string; article: number; paragraph?: number; item?: number }[] {
  return v.split(/[;；]/).map((s) => s.trim()).filter(Boolean).map((s) => {
    const [law, a, p, i] = s.split(/[:：]/);
    if (!law || !a || !/^\d+$/.test(a)) throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId, field: 'violated', reason: `expected 法律名:条[:款[:项]], got "${s}"` }));
    return { law, article: Number(a), ...(p ? { paragraph: Number(p) } : {}), ...(i ? { item: Number(i) } : {}) };
  });
}

/**
 * Builds case facts from one flat record (a CSV row keyed by header), for {@link decideLeniency}.
 * Cells are strings; empty cells are "not given". Unknown columns are rejected so that a typo never
 * silently drops a fact.
 *
 * @throws XinfengError `LENIENCY_CASE_INVALID` naming the column.
 * @example
 * ```ts
 * caseFromFlatRecord({ caseId: 'C1', partyId: '91310112MA1FL8X09J', partyType: 'organisation', domain: 'fire',
 *   behaviour: 'fire.detector_fault', occurredAt: '2025-05-10', discoveredAt: '2025-05-12', 'facts.brokenDetectorsPerFloor': '1' });
 * ```
 */
export function caseFromFlatRecord(rec: Readonly<Record<string, string | undefined>>): CaseFactsInput {
  const caseId = rec.caseId?.trim() || '(no caseId)';
  const known = new Set<string>(FLAT_CASE_COLUMNS);
  const g = (k: string): string | undefined => {
    const v = rec[k];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const out: Record<string, unknown> = { caseId: g('caseId') };
  const party: Record<string, unknown> = { id: g('partyId'), type: g('partyType') };
  if (g('partyName')) party.name = g('partyName');
  if (g('partyAge')) party.age = int(g('partyAge')!, caseId, 'partyAge');
  if (g('mentalCapacity')) party.mentalCapacity = g('mentalCapacity');
  out.party = party;
  for (const k of ['jurisdiction', 'domain', 'behaviour', 'violationType', 'agency', 'system', 'harm'] as const) if (g(k)) out[k] = g(k);
  for (const k of ['suspectedCrime', 'factsEstablished', 'involvesLifeHealthFinancialSafety', 'minorViolation', 'noFaultProven'] as const) if (g(k)) out[k] = bool(g(k)!, caseId, k);
  if (g('violated')) out.violated = provisions(g('violated')!, caseId);
  const dates: Record<string, unknown> = { occurredAt: g('occurredAt'), discoveredAt: g('discoveredAt') };
  if (g('continuing')) dates.continuing = bool(g('continuing')!, caseId, 'continuing');
  if (g('endedAt')) dates.endedAt = g('endedAt') === 'ongoing' ? null : g('endedAt');
  if (g('decidedAt')) dates.decidedAt = g('decidedAt');
  out.dates = dates;
  const correction: Record<string, unknown> = {};
  if (g('correctedAt')) correction.correctedAt = g('correctedAt') === 'not_corrected' || g('correctedAt') === '未改正' ? null : g('correctedAt');
  if (g('correctedOnTheSpot')) correction.onTheSpot = bool(g('correctedOnTheSpot')!, caseId, 'correctedOnTheSpot');
  if (g('orderedDeadline')) correction.orderedDeadline = g('orderedDeadline');
  out.correction = correction;
  const penalty: Record<string, unknown> = {};
  if (g('penaltyLaw') || g('penaltyArticle')) {
    penalty.provision = {
      law: g('penaltyLaw'),
      article: g('penaltyArticle') ? int(g('penaltyArticle')!, caseId, 'penaltyArticle') : undefined,
      ...(g('penaltyParagraph') ? { paragraph: int(g('penaltyParagraph')!, caseId, 'penaltyParagraph') } : {}),
      ...(g('penaltyItem') ? { item: int(g('penaltyItem')!, caseId, 'penaltyItem') } : {}),
    };
  }
  if (g('fineMin') || g('fineMax')) penalty.fineRange = { min: g('fineMin'), max: g('fineMax') };
  for (const [col, key] of [['concurrentPenalty', 'concurrentPenalty'], ['warningAvailable', 'warningAvailable'], ['strictLiability', 'strictLiability']] as const) {
    if (g(col)) penalty[key] = bool(g(col)!, caseId, col);
  }
  out.penalty = penalty;
  if (g('measureType') || g('measureTarget')) {
    const m: Record<string, unknown> = { type: g('measureType'), target: g('measureTarget') };
    const b = (col: string, key: string): void => {
      if (g(col)) m[key] = bool(g(col)!, caseId, col);
    };
    b('measureEmergency', 'emergency');
    b('measureAuthorisedByLaw', 'authorisedByLaw');
    b('measureTargetRelatedToCase', 'targetRelatedToCase');
    b('measureNecessitiesOfLife', 'necessitiesOfLife');
    b('measureAlreadySealed', 'alreadySealedByAnotherOrgan');
    b('measureLesserSuffices', 'lesserMeasureSuffices');
    if (g('measureStartOn')) m.startOn = g('measureStartOn');
    if (g('measureTestingDays')) m.testingDays = int(g('measureTestingDays')!, caseId, 'measureTestingDays');
    out.proposedMeasure = m;
  }
  const groups: Record<string, Record<string, unknown>> = { redLines: {}, amounts: {}, mitigators: {}, facts: {} };
  for (const [k, raw] of Object.entries(rec)) {
    if (known.has(k)) continue;
    const dot = k.indexOf('.');
    const grp = dot > 0 ? k.slice(0, dot) : '';
    const name = k.slice(dot + 1);
    if (!(grp in groups) || !name) throw new XinfengError(makeIssue('LENIENCY_CASE_INVALID', { caseId, field: k, reason: 'unknown column' }));
    const v = raw?.trim() ?? '';
    if (v === '') continue;
    if (grp === 'redLines' || grp === 'mitigators') groups[grp]![name] = bool(v, caseId, k);
    else if (grp === 'amounts') groups[grp]![name] = v;
    else groups[grp]![name] = factCell(v);
  }
  for (const [grp, vals] of Object.entries(groups)) if (Object.keys(vals).length) out[grp] = vals;
  return out as CaseFactsInput;
}

/**
 * Header of the flat results CSV. Other systems script against these names: never change them.
 * @example
 * ```ts
 * csvLine(LENIENCY_RESULTS_HEADER);
 * ```
 */
export const LENIENCY_RESULTS_HEADER = [
  'case_id', 'party_id', 'outcome', 'outcome_zh', 'mandatory', 'matched_item', 'legal_basis', 'facts_needed', 'documents', 'follow_ups',
  'manual_review', 'manual_review_reasons', 'lighter_fine_max', 'simple_procedure', 'compulsory_outcome', 'compulsory_item', 'compulsory_last_day',
  'ledger_entry_kind', 'warnings', 'rulebook_id', 'rulebook_hash', 'as_of',
] as const;

/**
 * One decision as a flat row (cells in {@link LENIENCY_RESULTS_HEADER} order).
 *
 * @example
 * ```ts
 * const row = decisionToFlatRow(decideLeniency(c, { asOf: '2025-06-30' }));
 * ```
 */
export function decisionToFlatRow(d: LeniencyDecision): string[] {
  return [
    d.caseId,
    d.partyId,
    d.outcome,
    d.outcomeZh,
    d.mandatory === null ? '' : d.mandatory ? '应当' : '可以',
    d.matchedItem?.id ?? '',
    d.legalBasis.map((b) => b.cite).join('；'),
    d.factsNeeded.join(' '),
    d.documents.map((x) => x.zh).join('；'),
    d.followUps.join(' '),
    d.manualReview ? 'yes' : 'no',
    d.manualReviewReasons.join('；'),
    d.fine?.lighter.max ?? '',
    d.simpleProcedure?.eligible ?? '',
    d.compulsory?.outcome ?? '',
    d.compulsory?.matchedItem?.id ?? '',
    d.compulsory?.deadline?.lastDay ?? '',
    d.ledgerEntry?.kind ?? '',
    d.warnings.map((w) => w.code).join(' '),
    d.stamp.rulebookId,
    d.stamp.rulebookHash,
    d.stamp.asOf,
  ];
}

/**
 * Parses a flat ledger record (CSV row) into a ledger entry (validated later by decideLeniency).
 * @example
 * ```ts
 * ledgerEntryFromFlatRecord({ partyId: '91310112MA1FL8X09J', date: '2024-02-20', behaviour: 'food.label_defect', violationType: '食品标签', domain: 'food', kind: 'penalty' });
 * ```
 */
export function ledgerEntryFromFlatRecord(rec: Readonly<Record<string, string | undefined>>): LedgerEntry {
  const e: Record<string, unknown> = {};
  for (const k of ['partyId', 'date', 'behaviour', 'violationType', 'domain', 'agency', 'system', 'kind', 'caseId', 'itemId']) {
    const v = rec[k]?.trim();
    if (v) e[k] = v;
  }
  return e as unknown as LedgerEntry;
}
