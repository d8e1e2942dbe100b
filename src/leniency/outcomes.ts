import type { Outcome } from './schema.js';

/**
 * zh-CN and English labels of every outcome id.
 * @example
 * ```ts
 * OUTCOME_LABELS.no_penalty_discretionary.zh; // '可以不予处罚'
 * ```
 */
export const OUTCOME_LABELS: Readonly<Record<Outcome, { readonly zh: string; readonly en: string }>> = Object.freeze({
  no_penalty_mandatory: { zh: '应当不予处罚', en: 'no penalty (mandatory)' },
  no_penalty_discretionary: { zh: '可以不予处罚', en: 'no penalty (discretionary)' },
  exempt_with_confiscation: { zh: '免予处罚但没收', en: 'exempt from penalty, goods confiscated' },
  order_correction_first: { zh: '责令改正在先', en: 'order correction first (fine only on refusal)' },
  mitigate_lighter: { zh: '从轻处罚', en: 'lighter penalty (从轻)' },
  mitigate_reduced: { zh: '减轻处罚', en: 'reduced penalty (减轻)' },
  mitigate_lighter_or_reduced: { zh: '从轻或者减轻处罚', en: 'lighter or reduced penalty' },
  no_compulsory_measure: { zh: '免予实施行政强制措施（免强）', en: 'no compulsory measure (免强)' },
  time_barred: { zh: '超过追责时效', en: 'time-barred' },
  transfer_criminal: { zh: '移送司法机关', en: 'transfer to the judicial authorities' },
  facts_not_established: { zh: '违法事实不能成立，不予处罚', en: 'facts not established, no penalty' },
  ordinary_penalty: { zh: '依法处罚', en: 'ordinary penalty under the 裁量基准' },
  facts_needed: { zh: '需补充事实', en: 'facts needed' },
});

/**
 * How lenient a Track A outcome is (higher = more lenient); used to pick the more lenient version
 * under 行政处罚法第三十七条 and by the auditors' monotonicity properties. Outcomes that are not on
 * the penalty scale (移送, 需补充事实, 免强) have no rank.
 *
 * @example
 * ```ts
 * leniencyRank('no_penalty_mandatory') > leniencyRank('mitigate_lighter'); // true
 * ```
 */
export function leniencyRank(o: Outcome): number | undefined {
  switch (o) {
    case 'time_barred': return 9;
    case 'facts_not_established': return 8;
    case 'no_penalty_mandatory': return 7;
    case 'no_penalty_discretionary': return 6;
    case 'exempt_with_confiscation': return 5;
    case 'order_correction_first': return 4;
    case 'mitigate_reduced': return 3;
    case 'mitigate_lighter_or_reduced': return 2;
    case 'mitigate_lighter': return 1;
    case 'ordinary_penalty': return 0;
    default: return undefined;
  }
}

/**
 * A document a decision requires.
 * @example
 * ```ts
 * d.documents.map((x: RequiredDocument) => x.zh); // ['不予行政处罚决定书', '批评教育记录']
 * ```
 */
export interface RequiredDocument {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /** The article that requires it. */
  readonly basis: string;
}

/**
 * The document catalogue (行政处罚法, 行政强制法, SAMR 文书格式范本 names).
 * @example
 * ```ts
 * DOCUMENTS.correctionOrder.zh; // '责令改正通知书'
 * ```
 */
export const DOCUMENTS = Object.freeze({
  noPenaltyDecision: { id: 'no_penalty_decision', zh: '不予行政处罚决定书', en: 'decision not to impose a penalty', basis: '行政处罚法第五十七条' },
  educationRecord: { id: 'education_record', zh: '批评教育记录', en: 'education record', basis: '行政处罚法第三十三条第三款' },
  commitmentLetter: { id: 'commitment_letter', zh: '包容免罚告知承诺书', en: 'leniency notice and commitment letter', basis: '轻微违法不予处罚告知承诺制' },
  correctionOrder: { id: 'correction_order', zh: '责令改正通知书', en: 'order to correct', basis: '行政处罚法第二十八条' },
  penaltyNotice: { id: 'penalty_notice', zh: '行政处罚告知书', en: 'notice of intended penalty', basis: '行政处罚法第四十四条' },
  penaltyDecision: { id: 'penalty_decision', zh: '行政处罚决定书', en: 'penalty decision', basis: '行政处罚法第五十九条' },
  onTheSpotDecision: { id: 'on_the_spot_decision', zh: '当场行政处罚决定书', en: 'on-the-spot penalty decision', basis: '行政处罚法第五十二条' },
  legalReview: { id: 'legal_review', zh: '法制审核意见', en: 'legal review', basis: '行政处罚法第五十八条' },
  transferLetter: { id: 'transfer_letter', zh: '涉嫌犯罪案件移送书', en: 'criminal case transfer letter', basis: '行政处罚法第二十七条' },
  confiscationList: { id: 'confiscation_list', zh: '没收物品清单', en: 'list of confiscated goods', basis: '食品安全法第一百三十六条' },
  firstOffenceRegister: { id: 'first_offence_register', zh: '首违台账登记', en: 'first-offence register entry', basis: '首次违法登记确认制度' },
  measureDecision: { id: 'measure_decision', zh: '查封扣押决定书', en: 'sealing/seizure decision', basis: '行政强制法第二十四条' },
  measureList: { id: 'measure_list', zh: '场所、设施、财物清单（一式二份）', en: 'inventory of premises, facilities and property (two copies)', basis: '行政强制法第二十四条' },
  freezeDecision: { id: 'freeze_decision', zh: '冻结决定书', en: 'freezing decision', basis: '行政强制法第三十一条' },
  onSiteRecord: { id: 'on_site_record', zh: '现场笔录', en: 'on-site record', basis: '行政强制法第十八条' },
  approvalRecord: { id: 'approval_record', zh: '行政机关负责人批准记录', en: 'approval by the agency head', basis: '行政强制法第十八条、第十九条' },
  extensionNotice: { id: 'extension_notice', zh: '延长查封扣押期限通知书', en: 'extension notice', basis: '行政强制法第二十五条' },
  testingNotice: { id: 'testing_notice', zh: '检测检验期间告知书', en: 'testing-period notice', basis: '行政强制法第二十五条' },
  releaseDecision: { id: 'release_decision', zh: '解除查封扣押决定书', en: 'release decision', basis: '行政强制法第二十八条' },
} satisfies Record<string, RequiredDocument>);
