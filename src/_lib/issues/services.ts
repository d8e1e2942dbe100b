import type { MessageTable } from './types.js';

/** Issue codes of the `services` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const servicesMessages = {
  SERVICES_REPORT_RANGE_INVALID: {
    severity: 'error',
    en: 'Report range is invalid: from {from} is after to {to}',
    zh: '报告期间无效：起始日 {from} 晚于截止日 {to}',
  },
  SERVICES_REPORT_RANGE_TOO_LONG: {
    severity: 'error',
    en: 'Report range {from} – {to} is longer than the {years} years the rulebook allows (last allowed end date {lastTo})',
    zh: '报告期间 {from} 至 {to} 超过规则集允许的 {years} 年（截止日最晚为 {lastTo}）',
  },
  SERVICES_REPORT_RANGE_AFTER_CUTOFF: {
    severity: 'error',
    en: 'Report range ends on {to}, after the data cut-off date {asOf}; a report cannot state that no record exists for days the data does not cover',
    zh: '报告期间截止于 {to}，晚于数据截止日 {asOf}；数据未覆盖的日期不能出具“无记录”的结论',
  },
  SERVICES_UNKNOWN_DOMAIN: {
    severity: 'error',
    en: 'Unknown report domain "{domain}"{suggestion}; known domains: {known}',
    zh: '未知的报告领域“{domain}”{suggestionZh}；可选领域：{known}',
  },
  SERVICES_RECORD_OTHER_ENTERPRISE: {
    severity: 'warning',
    en: 'Record {record} belongs to {recordUscc}, not to {uscc}; it is not part of this report',
    zh: '记录 {record} 属于 {recordUscc}，不属于 {uscc}，未列入本报告',
  },
  SERVICES_RECORD_AFTER_CUTOFF: {
    severity: 'warning',
    en: 'Record {record} is dated {date}, after the data cut-off date {asOf}; it is ignored',
    zh: '记录 {record} 的日期 {date} 晚于数据截止日 {asOf}，已忽略',
  },
  SERVICES_RECORD_FALLBACK_DOMAIN: {
    severity: 'warning',
    en: 'Record {record} (authority "{authority}", sector "{sector}") matches no domain mapping; it is reported under "{domain}"',
    zh: '记录 {record}（机关“{authority}”，领域代码“{sector}”）未匹配任何领域，归入“{domain}”',
  },
  SERVICES_REPAIR_UNKNOWN_RECORD: {
    severity: 'warning',
    en: 'Repair or removal {record} refers to record "{ofRecord}", which is not among the enterprise\'s records',
    zh: '修复或移出记录 {record} 指向的记录“{ofRecord}”不在该企业的记录中',
  },
  SERVICES_DUPLICATE_RECORD_ID: {
    severity: 'warning',
    en: 'Record id "{record}" appears {count} times for {uscc}; each occurrence is listed',
    zh: '记录编号“{record}”在 {uscc} 的记录中出现 {count} 次，均予列示',
  },
  SERVICES_CATEGORY_NOT_IN_DATA: {
    severity: 'warning',
    en: 'The report must cover {category}, but the input data carries no such records; the report says so',
    zh: '报告应涵盖{categoryZh}，但输入数据不含此类记录，报告中已注明',
  },
  SERVICES_PUBLICITY_UNKNOWN: {
    severity: 'warning',
    en: 'The publicity of penalty {record} could not be determined: {reason}; the report does not state it',
    zh: '无法确定行政处罚 {record} 的公示状态：{reasonZh}；报告未注明其公示状态',
  },
  SERVICES_RECORD_INVALID: {
    severity: 'error',
    en: 'Row {line} of {file} is invalid at {path}: {reason}',
    zh: '{file} 第 {line} 行在 {path} 处无效：{reason}',
  },
  SERVICES_CONDITION_UNVERIFIED: {
    severity: 'warning',
    en: 'Condition "{condition}" cannot be verified: the input carries no {kind} records; the enterprise is not assessed as eligible',
    zh: '条件“{conditionZh}”无法核查：输入数据不含{kindZh}记录，不认定为符合免于现场审核条件',
  },
  SERVICES_REPORT_MALFORMED: {
    severity: 'error',
    en: 'Not a xinfeng credit report, or its embedded data is damaged: {reason}',
    zh: '不是 xinfeng 专用信用报告，或其内嵌数据已损坏：{reason}',
  },
  SERVICES_REPORT_DIGEST_MISMATCH: {
    severity: 'error',
    en: 'The report content does not match its verification digest (stated {stated}, computed {computed})',
    zh: '报告内容与其校验码不符（标注 {stated}，计算 {computed}）',
  },
  SERVICES_REPORT_RENDERING_MISMATCH: {
    severity: 'error',
    en: 'The {format} document differs from the rendering of its embedded data (first difference at character {position})',
    zh: '{format} 文档与其内嵌数据的标准呈现不一致（首个差异位于第 {position} 个字符）',
  },
  SERVICES_REPORT_EXPECTED_DIGEST: {
    severity: 'error',
    en: 'The report digest {stated} is not the digest {expected} recorded by the issuer',
    zh: '报告校验码 {stated} 与出具方登记的校验码 {expected} 不一致',
  },
  SERVICES_REPORT_RULEBOOK_MISMATCH: {
    severity: 'error',
    en: 'The report was computed with rulebook {stated}, not with the rulebook supplied ({expected})',
    zh: '报告依据的规则集为 {stated}，与所提供的规则集（{expected}）不一致',
  },
  SERVICES_PERMIT_INVALID: {
    severity: 'error',
    en: 'Permit #{index} is invalid at {path}: {reason}',
    zh: '第 {index} 项许可证在 {path} 处无效：{reason}',
  },
  SERVICES_PERMIT_UNKNOWN_TYPE: {
    severity: 'error',
    en: 'Permit {number}: unknown permit type "{permitType}"{suggestion}; known types: {known}',
    zh: '许可证 {number}：未知的许可证类型“{permitType}”{suggestionZh}；已知类型：{known}',
  },
  SERVICES_PERMIT_DATES: {
    severity: 'error',
    en: 'Permit {number}: expiry {expiresOn} is before issue {issuedOn}',
    zh: '许可证 {number}：有效期截止日 {expiresOn} 早于发证日 {issuedOn}',
  },
  SERVICES_PERMIT_HOLDER_USCC: {
    severity: 'warning',
    en: 'Permit {number}: holder code "{uscc}": {reason}',
    zh: '许可证 {number}：持证单位代码“{uscc}”：{reasonZh}',
  },
  SERVICES_PERMIT_VALIDITY_TOO_LONG: {
    severity: 'warning',
    en: 'Permit {number}: validity {issuedOn} – {expiresOn} is longer than the {years} years a {permitType} can have; check the dates',
    zh: '许可证 {number}：有效期 {issuedOn} 至 {expiresOn} 超过{permitType}最长 {years} 年，请核对日期',
  },
  SERVICES_PERMIT_DUPLICATE: {
    severity: 'warning',
    en: 'Permit number {number} of type {permitType} appears {count} times; each row is listed',
    zh: '{permitType}编号 {number} 出现 {count} 次，逐条列示',
  },
  SERVICES_PERMIT_ISSUED_AFTER_ASOF: {
    severity: 'warning',
    en: 'Permit {number} is issued on {issuedOn}, after asOf {asOf}',
    zh: '许可证 {number} 的发证日 {issuedOn} 晚于计算日 {asOf}',
  },
  SERVICES_DEADLINE_PROVISIONAL: {
    severity: 'warning',
    en: 'Permit {number}: the holiday calendar does not cover {year}; the renewal deadline {deadline} counts weekends only and is provisional until the State Council publishes the {year} calendar',
    zh: '许可证 {number}：节假日日历未覆盖 {year} 年，续期截止日 {deadline} 仅按周末推算，待国务院公布 {year} 年安排后重新计算',
  },
  SERVICES_EXEMPTION_UNKNOWN_MATTER: {
    severity: 'error',
    en: 'Unknown exemption pilot matter "{matter}"{suggestion}; known matters: {known}',
    zh: '未知的免于现场审核试点事项“{matter}”{suggestionZh}；已知事项：{known}',
  },
} as const satisfies MessageTable;
