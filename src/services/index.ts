/**
 * Credit services around the grade (plan 三(一)2): the 专用信用报告 (special credit report replacing
 * 有无违法记录证明) with its verification digest, reminders for time-limited permits
 * (限定期限行政许可全过程提醒), and the 低风险免于现场审核 exemption for pilot licensing matters.
 */
export {
  COMPULSORY_MEASURE_KINDS,
  compulsoryMeasureSchema,
  type CompulsoryMeasureRecord,
  type ServiceRecord,
} from './records.js';
export { assignDomain, type ReportDomainCatalogue, type ReportDomain, type DomainAssignment } from './domains.js';
export {
  CREDIT_REPORT_FORMAT,
  REPORT_RECORD_KIND_ZH,
  NO_RECORD_STATEMENT,
  buildCreditReport,
  creditReportDigest,
  type ReportRecordKind,
  type PublicityLookup,
  type RecordPublicity,
  type CreditReportRecord,
  type CreditReportDomain,
  type CreditReportContent,
  type CreditReport,
  type ReportExclusionReason,
  type ReportExclusion,
  type CreditReportSubject,
  type CreditReportRequest,
  type CreditReportOptions,
  type CreditReportResult,
} from './credit-report.js';
export { repairPublicityLookup } from './publicity.js';
export {
  renderCreditReportText,
  renderCreditReportHtml,
  verifyCreditReport,
  recordStatusZh,
  type CreditReportVerification,
  type VerifyCreditReportOptions,
} from './render.js';
export {
  permitSchema,
  PERMIT_STATUSES,
  renewalDeadline,
  planPermitReminders,
  type Permit,
  type PermitStatus,
  type PermitTypeRule,
  type RenewalLeadTime,
  type DeadlineRestDayRule,
  type RenewalDeadline,
  type ScheduledReminder,
  type PermitReminder,
  type RejectedPermit,
  type PermitReminderResult,
  type PermitOptions,
} from './permits.js';
export {
  exemptionMatters,
  assessOnsiteReviewExemption,
  type ExemptionConditionId,
  type ExemptionCondition,
  type GradeInput,
  type ExemptionInput,
  type ExemptionOptions,
  type ExemptionAssessment,
} from './exemption.js';
