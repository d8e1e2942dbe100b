/**
 * 信用修复 (credit repair) and 两书同达 notices: publicity periods by rule set and date, earliest
 * repair dates, automatic end of publication, and the 信用修复告知书 served with each penalty decision
 * (plan 三(一)2).
 */
export {
  type PenaltyKind,
  type PublicityTier,
  type PublicityInput,
  type PublicityWindow,
  type PlatformPublicity,
  type PublicityCitation,
  type UnpublishedReason,
  type PublicityCalculator,
  type CountingWindow,
  PENALTY_KINDS,
  PUBLICITY_TIERS,
  PENALTY_KIND_NAMES_ZH,
  PUBLICITY_TIER_NAMES_ZH,
  penaltyKindSchema,
  publicityTierSchema,
  publicityInputSchema,
  createPublicityCalculator,
  publicityWindow,
} from './publicity.js';
export {
  type PenaltyDecision,
  type AgencySettings,
  type CreditRepairNotice,
  type NoticePlatformLine,
  type NoticeOptions,
  type NoticeBatch,
  penaltyDecisionSchema,
  agencySettingsSchema,
  formatNoticeNumber,
  validateNoticePattern,
  periodZh,
  createNoticeBuilder,
  buildNotices,
} from './notice.js';
export { renderNoticeText, renderNoticeHtml } from './render.js';
export {
  publicityRuleSetSchema,
  tierTableSchema,
  type PublicityRuleSet,
} from '../rulebook/areas/repair.js';
