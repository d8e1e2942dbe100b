import type { MessageTable } from './types.js';

/** Issue codes of the `repair` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const repairMessages = {
  REPAIR_INVALID_INPUT: {
    severity: 'error',
    en: 'Invalid penalty decision field {field}: {reason}',
    zh: '处罚决定字段 {field} 无效：{reason}',
  },
  REPAIR_UNKNOWN_PENALTY_KIND: {
    severity: 'error',
    en: 'Unknown penalty kind "{kind}" (allowed: {allowed})',
    zh: '未知的处罚种类“{kind}”（可选：{allowed}）',
  },
  REPAIR_UNKNOWN_SECTOR: {
    severity: 'warning',
    en: 'Sector "{sector}" is not in the rulebook (known: {known}); no sector rule applied',
    zh: '行业领域“{sector}”不在规则集中（已知：{known}），未适用行业规则',
  },
  REPAIR_NO_RULE_SET: {
    severity: 'warning',
    en: 'No {platform} publicity rule set is in force on {date}; that platform is not assessed',
    zh: '{date} 没有有效的{platform}公示规则集，未评估该平台',
  },
  REPAIR_PUBLICATION_BEFORE_DECISION: {
    severity: 'warning',
    en: 'Publication date {publicationDate} is before the decision date {decisionDate}; the decision date is used',
    zh: '公示日期 {publicationDate} 早于处罚决定日期 {decisionDate}，按决定日期计算',
  },
  REPAIR_PUBLICATION_DATE_ASSUMED: {
    severity: 'warning',
    en: 'Publication date unknown; {assumed} is assumed ({how}) for periods counted from publication',
    zh: '公示日期未知，按 {assumed}（{howZh}）推算自公示之日起算的期限',
  },
  REPAIR_FINE_AMOUNT_MISSING: {
    severity: 'warning',
    en: 'The decision imposes a fine but no amount is given; it is not treated as a lower or huge fine',
    zh: '处罚决定含罚款但未提供金额，不按较低数额罚款或巨额罚款处理',
  },
  REPAIR_LOW_FINE_THRESHOLD_MISSING: {
    severity: 'warning',
    en: 'No lower-fine threshold is in force on {date}; the fine is not treated as a lower fine',
    zh: '{date} 没有有效的较低数额罚款标准，罚款不按较低数额罚款处理',
  },
  REPAIR_TIER_RAISED_BY_SERIOUS_LIST: {
    severity: 'warning',
    en: 'Tier "{given}" was given, but the decision lists the party as seriously dishonest: tier "{tier}" applies',
    zh: '给定等级为“{given}”，但决定将当事人列入严重失信主体名单，按“{tier}”处理',
  },
  REPAIR_REPAIRED_BEFORE_ELIGIBLE: {
    severity: 'warning',
    en: 'Repair recorded on {repairedOn}, before the earliest repair date {earliest}; the earliest repair date is used',
    zh: '记录的修复日期 {repairedOn} 早于最早可申请修复日 {earliest}，按最早可申请修复日计算',
  },
  REPAIR_NOT_REPAIRABLE: {
    severity: 'warning',
    en: 'Repair recorded on {repairedOn}, but this record cannot be repaired early ({reason}); it stops counting at the automatic end',
    zh: '记录的修复日期为 {repairedOn}，但该信息不适用提前修复（{reason}），按公示期满自动停止计算',
  },
  REPAIR_DEADLINE_NOT_ROLLED: {
    severity: 'warning',
    en: 'The holiday calendar does not cover {date}; the deadline is not rolled to a working day',
    zh: '节假日日历未覆盖 {date}，期限末日未顺延至工作日',
  },
  REPAIR_DECISION_AFTER_AS_OF: {
    severity: 'warning',
    en: 'Decision {decisionNo} is dated {decisionDate}, after asOf {asOf}',
    zh: '处罚决定 {decisionNo} 的日期 {decisionDate} 晚于计算日 {asOf}',
  },
  REPAIR_NOTICE_PATTERN_INVALID: {
    severity: 'error',
    en: 'Notice-number pattern "{pattern}" is invalid: {reason}',
    zh: '告知书编号模板“{pattern}”无效：{reason}',
  },
  REPAIR_AGENCY_INVALID: {
    severity: 'error',
    en: 'Agency settings are invalid at {path}: {reason}',
    zh: '机关设置在 {path} 处无效：{reason}',
  },
  REPAIR_DECISION_FIELD_INVALID: {
    severity: 'error',
    en: 'Column {column}: {reason}',
    zh: '列 {column}：{reasonZh}',
  },
  REPAIR_DECISION_DUPLICATE: {
    severity: 'error',
    en: 'Decision number {decisionNo} appears more than once (first at line {firstLine})',
    zh: '处罚决定书文号 {decisionNo} 重复（首次出现于第 {firstLine} 行）',
  },
  REPAIR_DECISIONS_MISSING_COLUMN: {
    severity: 'error',
    en: 'Decisions file {file} lacks required column(s): {columns}',
    zh: '处罚决定文件 {file} 缺少必需列：{columns}',
  },
} as const satisfies MessageTable;
