import type { MessageTable } from './types.js';

/** Issue codes of the `grading` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const gradingMessages = {
  GRADING_INVALID_ENTERPRISE: {
    severity: 'error',
    en: 'Enterprise {record} is invalid at {field}: {reason}',
    zh: '企业 {record} 的字段 {field} 无效：{reason}',
  },
  GRADING_INVALID_EVENT: {
    severity: 'warning',
    en: 'Credit record {record} is invalid at {field}: {reason}; it was not counted',
    zh: '信用记录 {record} 的字段 {field} 无效：{reason}；未计入评价',
  },
  GRADING_UNKNOWN_EVENT_TYPE: {
    severity: 'warning',
    en: 'Credit record {record} has an unknown type "{type}"; it was not counted',
    zh: '信用记录 {record} 的类型“{type}”未知；未计入评价',
  },
  GRADING_EVENT_OTHER_ENTERPRISE: {
    severity: 'warning',
    en: 'Credit record {record} belongs to {eventUscc}, not to {uscc}; it was not counted',
    zh: '信用记录 {record} 属于 {eventUscc}，不属于 {uscc}；未计入评价',
  },
  GRADING_EVENT_NO_ENTERPRISE: {
    severity: 'warning',
    en: 'Credit record {record} is for {eventUscc}, which is not among the enterprises graded; it was not counted',
    zh: '信用记录 {record} 所属企业 {eventUscc} 不在本次评价的企业中；未计入评价',
  },
  GRADING_EVENT_AFTER_ASOF: {
    severity: 'warning',
    en: 'Credit record {record} is dated {date}, after the evaluation date {asOf}; it was not counted',
    zh: '信用记录 {record} 的日期 {date} 晚于评价日 {asOf}；未计入评价',
  },
  GRADING_DUPLICATE_EVENT_ID: {
    severity: 'warning',
    en: 'Credit record id {record} appears more than once for {uscc}; only the first was counted',
    zh: '企业 {uscc} 的信用记录编号 {record} 重复；仅计入第一条',
  },
  GRADING_REPAIR_TARGET_UNKNOWN: {
    severity: 'warning',
    en: 'Credit repair {record} refers to record {target}, which is not among the records of {uscc} (or cannot be repaired)',
    zh: '信用修复记录 {record} 指向的记录 {target} 不在企业 {uscc} 的信用记录中（或不可修复）',
  },
  GRADING_REMOVAL_WITHOUT_LISTING: {
    severity: 'warning',
    en: 'Removal {record} has no matching open listing for {uscc}',
    zh: '移出记录 {record} 在企业 {uscc} 中没有对应的列入记录',
  },
  GRADING_INDUSTRY_UNRESOLVED: {
    severity: 'warning',
    en: 'Industry code "{industryCode}" of {uscc} matches no entry of the industry-risk table; the default risk level {level} was used',
    zh: '企业 {uscc} 的行业代码“{industryCode}”未匹配行业风险表；采用默认风险等级 {level}',
  },
  GRADING_UNKNOWN_LICENCE: {
    severity: 'warning',
    en: 'Licence "{licence}" of {uscc} is not in the licence-risk table; it did not change the risk level',
    zh: '企业 {uscc} 的许可“{licence}”不在许可风险表中；未影响风险等级',
  },
  GRADING_PUBLICITY_FAILED: {
    severity: 'warning',
    en: 'The publicity period of penalty {record} could not be computed ({reason}); the penalty was counted as in force',
    zh: '无法计算行政处罚 {record} 的公示期（{reason}）；按仍在公示期内计入',
  },
  GRADING_MATRIX_NOT_MONOTONE: {
    severity: 'error',
    en: 'Supervision class matrix is not monotone: {detail}',
    zh: '监管类别矩阵不单调：{detail}',
  },
} as const satisfies MessageTable;
