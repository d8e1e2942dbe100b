import type { MessageTable } from './types.js';

/** Issue codes of the `inspection` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const inspectionMessages = {
  INSPECTION_NO_SUPERVISION_CLASSES: {
    severity: 'error',
    en: 'The rulebook has no supervision classes (grading.supervisionClasses) in force on {asOf}',
    zh: '规则集在 {asOf} 没有有效的监管类别（grading.supervisionClasses）',
  },
  INSPECTION_UNKNOWN_CLASS: {
    severity: 'error',
    en: 'Enterprise {uscc} has supervision class "{classId}", which the rulebook does not define (known: {known})',
    zh: '企业 {uscc} 的监管类别“{classId}”未在规则集中定义（已定义：{known}）',
  },
  INSPECTION_INVALID_USCC: {
    severity: 'error',
    en: 'Not a valid unified social credit code in {where}: "{value}"',
    zh: '{where} 中的统一社会信用代码无效：“{value}”',
  },
  INSPECTION_DUPLICATE_ENTERPRISE: {
    severity: 'error',
    en: 'Enterprise {uscc} appears more than once in the graded population',
    zh: '企业 {uscc} 在分级名单中出现多次',
  },
  INSPECTION_INVALID_INPUT: {
    severity: 'error',
    en: 'Invalid {input} at {path}: {reason}',
    zh: '{input} 在 {path} 处无效：{reason}',
  },
  INSPECTION_UNKNOWN_ITEM: {
    severity: 'warning',
    en: '{where} refers to inspection item "{itemId}" of agency {agency}, which is not in the item catalogue',
    zh: '{where} 引用了检查事项目录中不存在的事项“{itemId}”（部门 {agency}）',
  },
  INSPECTION_DUPLICATE_ITEM: {
    severity: 'error',
    en: 'Inspection item "{itemId}" appears more than once in the catalogue',
    zh: '检查事项“{itemId}”在事项目录中重复',
  },
  INSPECTION_CLASS_NOT_MONOTONE: {
    severity: 'warning',
    en: 'Supervision class {worse} (rank {worseRank}) has a lower sampling ratio ({worseRatio}) than the lighter class {better} ({betterRatio}); a worse class should never be sampled less (国市监信发〔2022〕6号)',
    zh: '监管类别 {worse}（等级 {worseRank}）的抽查比例 {worseRatio} 低于更轻的类别 {better}（{betterRatio}）；风险更高的类别不应抽得更少（国市监信发〔2022〕6号）',
  },
  INSPECTION_SHARD_MISMATCH: {
    severity: 'error',
    en: 'Shard results cannot be merged: {reason}',
    zh: '分片结果无法合并：{reason}',
  },
  INSPECTION_TRIGGER_REASON_REQUIRED: {
    severity: 'error',
    en: 'A triggered inspection needs a trigger reason (one of {allowed})',
    zh: '触发式检查必须写明触发原因（{allowed} 之一）',
  },
  INSPECTION_TRIGGER_REASON_UNKNOWN: {
    severity: 'warning',
    en: 'Triggered task {taskId}: reason "{reason}" is not a trigger reason in force (allowed: {allowed}); task not planned',
    zh: '触发式任务 {taskId}：原因“{reason}”不是有效的触发原因（允许：{allowed}），未纳入计划',
  },
  INSPECTION_TRIGGER_OUTSIDE_YEAR: {
    severity: 'warning',
    en: 'Triggered task {taskId} is dated {date}, outside plan year {year}; task not planned',
    zh: '触发式任务 {taskId} 的日期 {date} 不在计划年度 {year} 内，未纳入计划',
  },
  INSPECTION_TRIGGER_DUPLICATE: {
    severity: 'error',
    en: 'Triggered task id {taskId} appears more than once',
    zh: '触发式任务编号 {taskId} 重复',
  },
  INSPECTION_UNSTAFFABLE: {
    severity: 'error',
    en: 'Agency {agency} cannot staff {count} inspection(s) in stratum {stratum}: {shortfall} inspector assignment(s) short (need {need} per inspection; roster {roster}, load cap {loadCap})',
    zh: '部门 {agency} 无法为层 {stratum} 的 {count} 次检查配齐检查人员：缺 {shortfall} 人次（每次需 {need} 人；名录 {roster} 人，每人上限 {loadCap} 次）',
  },
  INSPECTION_CAP_DEFERRED: {
    severity: 'warning',
    en: 'Planned inspection of {uscc} by {agency} deferred: the yearly cap of {cap} would be exceeded ({counted} already counted)',
    zh: '{agency} 对 {uscc} 的计划检查顺延：将超过年度上限 {cap} 次（已计 {counted} 次）',
  },
  INSPECTION_CAP_EXCEEDED_BY_TRIGGERED: {
    severity: 'warning',
    en: 'Triggered inspections of {uscc} by {agency} ({counted}) exceed the yearly cap of {cap}; triggered inspections are not deferred',
    zh: '{agency} 对 {uscc} 的触发式检查（{counted} 次）超过年度上限 {cap} 次；触发式检查不顺延',
  },
  INSPECTION_ROSTER_DUPLICATE: {
    severity: 'error',
    en: 'Inspector {inspectorId} appears more than once in the rosters',
    zh: '检查人员 {inspectorId} 在名录中重复',
  },
  INSPECTION_CODE_INVALID_ARGUMENT: {
    severity: 'error',
    en: 'Cannot issue inspection code: {reason}',
    zh: '无法生成检查码：{reason}',
  },
  INSPECTION_CODE_KEY_TOO_SHORT: {
    severity: 'error',
    en: 'The agency signing key must have at least {min} bytes',
    zh: '部门签名密钥至少应有 {min} 字节',
  },
  INSPECTION_EVALUATION_INVALID: {
    severity: 'error',
    en: 'Visit evaluation rejected: {reason}',
    zh: '检查评价无效：{reason}',
  },
  INSPECTION_SEED_EMPTY: {
    severity: 'error',
    en: 'The draw seed must not be empty',
    zh: '抽取种子不能为空',
  },
} as const satisfies MessageTable;
