import type { MessageTable } from './types.js';

/** Issue codes of the `leniency` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const leniencyMessages = {
  LENIENCY_LIST_INVALID: {
    severity: 'error',
    en: 'Leniency list {list} is invalid at {item}, field {field}: {reason}',
    zh: '免罚/免强清单 {list} 在 {item} 的字段 {field} 处无效：{reason}',
  },
  LENIENCY_LIST_JSON_SYNTAX: {
    severity: 'error',
    en: 'Leniency list {list} is not valid JSON: {reason}',
    zh: '免罚/免强清单 {list} 不是有效的 JSON：{reason}',
  },
  LENIENCY_LIST_DUPLICATE: {
    severity: 'error',
    en: 'Leniency list id "{id}" is given twice ({first} and {second})',
    zh: '清单编号“{id}”重复（{first} 与 {second}）',
  },
  LENIENCY_CASE_INVALID: {
    severity: 'error',
    en: 'Case {caseId} is invalid at {field}: {reason}',
    zh: '案件 {caseId} 的字段 {field} 无效：{reason}',
  },
  LENIENCY_LEDGER_INVALID: {
    severity: 'error',
    en: 'Prior-violation ledger entry {index} is invalid at {field}: {reason}',
    zh: '首违台账第 {index} 条在字段 {field} 处无效：{reason}',
  },
  LENIENCY_DATE_AFTER_AS_OF: {
    severity: 'warning',
    en: 'Case {caseId}: {field} {date} is after asOf {asOf}',
    zh: '案件 {caseId}：{field}（{date}）晚于计算日 {asOf}',
  },
  LENIENCY_LEDGER_ENTRY_AFTER_AS_OF: {
    severity: 'warning',
    en: 'Ledger entry {entry} for party {partyId} is dated {date}, after asOf {asOf}; it is still counted',
    zh: '台账记录 {entry}（当事人 {partyId}）日期 {date} 晚于计算日 {asOf}，仍予计入',
  },
  LENIENCY_ITEM_NOT_CONFIRMED: {
    severity: 'warning',
    en: 'Decisive item {item} rests on a {status} source; verify it against the published list before relying on it',
    zh: '决定所依据的清单事项 {item} 来源状态为 {status}，使用前请与公布的清单原文核对',
  },
  LENIENCY_PROVISION_MISMATCH: {
    severity: 'warning',
    en: 'Case {caseId} matches item {item} by behaviour, but its violated provisions ({caseProvisions}) differ from the item ({itemProvisions})',
    zh: '案件 {caseId} 按违法行为匹配到清单事项 {item}，但违反条款（{caseProvisions}）与清单（{itemProvisions}）不一致',
  },
  LENIENCY_NO_LIST_ITEM: {
    severity: 'warning',
    en: 'Case {caseId}: no list item in force covers behaviour "{behaviour}" in {jurisdiction}; the generic Art. 33 test was applied',
    zh: '案件 {caseId}：{jurisdiction} 没有有效清单事项覆盖违法行为“{behaviour}”，已按行政处罚法第三十三条一般规定判断',
  },
  LENIENCY_NO_FINE_RANGE: {
    severity: 'warning',
    en: 'Case {caseId}: no statutory fine range given, so the {outcome} range cannot be computed',
    zh: '案件 {caseId}：未提供法定罚款幅度，无法计算{outcome}的罚款区间',
  },
  LENIENCY_CASES_FILE_INVALID: {
    severity: 'error',
    en: 'Cases file {file} is not readable as cases: {reason}',
    zh: '案件文件 {file} 无法按案件读取：{reason}',
  },
  LENIENCY_CASE_REJECTED: {
    severity: 'warning',
    en: 'Record {record} of {file} was rejected: {reason}',
    zh: '{file} 的第 {record} 条记录被拒绝：{reason}',
  },
} as const satisfies MessageTable;
