/**
 * 免罚 / 免强 (plan 三(一)3): 轻微不罚、首违不罚、无过错不罚, 从轻/减轻 and 不予实施行政强制措施,
 * decided from the published lists as data, with the legal basis and a "why not" for every condition.
 */
export {
  outcomeSchema,
  domainSchema,
  listKindSchema,
  confidenceSchema,
  provisionSchema,
  correctionHowSchema,
  firstOffencePolicySchema,
  predicateSchema,
  followUpSchema,
  leniencyItemSchema,
  leniencyListSchema,
  caseFactsSchema,
  ledgerEntrySchema,
  factValueSchema,
  type Outcome,
  type Domain,
  type ListKind,
  type Confidence,
  type Provision,
  type CorrectionHow,
  type FirstOffencePolicy,
  type Predicate,
  type FollowUp,
  type LeniencyItemData,
  type LeniencyListData,
  type CaseFacts,
  type CaseFactsInput,
  type LedgerEntry,
} from './schema.js';
export {
  loadLeniencyList,
  safeLoadLeniencyList,
  defaultLeniencyLists,
  combineLeniencyLists,
  itemInForce,
  type LeniencyList,
  type LeniencyItem,
  type LoadLeniencyListResult,
} from './lists.js';
export {
  evaluatePredicate,
  evaluateConditions,
  checkFirstOffence,
  correctionStatus,
  type ConditionStatus,
  type ConditionResult,
  type FactUsed,
  type FirstOffenceCheck,
  type EvaluationContext,
} from './conditions.js';
export { OUTCOME_LABELS, leniencyRank, DOCUMENTS, type RequiredDocument } from './outcomes.js';
export { citeProvision, provisionCovers, chineseNumeral } from './provisions.js';
export {
  decideLeniency,
  decisionHash,
  itemMatchesCase,
  parseLedger,
  type DecideLeniencyOptions,
  type LeniencyDecision,
  type LegalBasisRef,
  type MatchedItem,
  type CandidateEvaluation,
  type LimitationCheck,
  type FineInterval,
  type FineRanges,
  type SimpleProcedureCheck,
  type DecisionStep,
} from './decide.js';
export {
  decideCompulsoryMeasure,
  COMPULSORY_OUTCOME_LABELS,
  type CompulsoryOutcome,
  type CompulsoryDecision,
  type LegalityCheck,
} from './compulsory.js';
export {
  caseFromFlatRecord,
  decisionToFlatRow,
  ledgerEntryFromFlatRecord,
  FLAT_CASE_COLUMNS,
  LENIENCY_RESULTS_HEADER,
} from './flat.js';
