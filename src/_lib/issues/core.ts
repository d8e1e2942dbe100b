import type { MessageTable } from './types.js';

/** Issue codes of the foundation: package misuse, rulebook, calendar, USCC. */
export const coreMessages = {
  INVALID_ARGUMENT: {
    severity: 'error',
    en: 'Invalid argument {name}: {reason}',
    zh: '参数 {name} 无效：{reason}',
  },
  INVALID_CALENDAR_DATE: {
    severity: 'error',
    en: 'Not a valid calendar date (YYYY-MM-DD): "{value}"',
    zh: '不是有效的日期（YYYY-MM-DD）：“{value}”',
  },
  CALENDAR_YEAR_NOT_COVERED: {
    severity: 'error',
    en: 'No holiday calendar covers {date} (covered years: {covered}); supply a calendar for {year}',
    zh: '节假日日历未覆盖 {date}（已覆盖年份：{covered}），请提供 {year} 年的日历',
  },
  CALENDAR_DATA_INVALID: {
    severity: 'error',
    en: 'Holiday calendar data is invalid at {path}: {reason}',
    zh: '节假日日历数据在 {path} 处无效：{reason}',
  },
  USCC_EMPTY: {
    severity: 'error',
    en: 'The unified social credit code is empty',
    zh: '统一社会信用代码为空',
  },
  USCC_LENGTH: {
    severity: 'error',
    en: 'The unified social credit code must have 18 characters, found {length}: "{value}"',
    zh: '统一社会信用代码应为18位，实际为{length}位：“{value}”',
  },
  USCC_CHARSET: {
    severity: 'error',
    en: 'Character "{char}" at position {position} is not allowed in a unified social credit code: "{value}"',
    zh: '统一社会信用代码第{position}位字符“{char}”不合法：“{value}”',
  },
  USCC_DIVISION_CODE: {
    severity: 'error',
    en: 'Positions 3–8 (administrative division code) must be digits: "{value}"',
    zh: '统一社会信用代码第3–8位（行政区划码）应为数字：“{value}”',
  },
  USCC_ORG_CODE_CHECK: {
    severity: 'error',
    en: 'The embedded organisation-code check character (position 17) is "{found}", expected "{expected}": "{value}"',
    zh: '主体标识码校验位（第17位）为“{found}”，应为“{expected}”：“{value}”',
  },
  USCC_CHECK_CHARACTER: {
    severity: 'error',
    en: 'The check character (position 18) is "{found}", expected "{expected}": "{value}"',
    zh: '统一社会信用代码校验码（第18位）为“{found}”，应为“{expected}”：“{value}”',
  },
  USCC_LEGACY_ACCEPTED: {
    severity: 'warning',
    en: 'Accepted legacy code "{value}" that fails the {check} check (lenient mode)',
    zh: '宽松模式下接受未通过{check}校验的历史代码“{value}”',
  },
  USCC_UNKNOWN_DEPARTMENT: {
    severity: 'warning',
    en: 'Registration department code "{code}" (position 1) is not in the GB 32100-2015 table: "{value}"',
    zh: '统一社会信用代码第1位登记管理部门代码“{code}”不在 GB 32100-2015 代码表中：“{value}”',
  },
  RULEBOOK_INVALID: {
    severity: 'error',
    en: 'Rulebook {source} is invalid at {path}: {reason}',
    zh: '规则集 {source} 在 {path} 处无效：{reason}',
  },
  RULEBOOK_UNKNOWN_KEY: {
    severity: 'error',
    en: 'Rulebook {source} has an unknown key "{key}" at {path}{suggestion}',
    zh: '规则集 {source} 在 {path} 处有未知键“{key}”{suggestionZh}',
  },
  RULEBOOK_JSON_SYNTAX: {
    severity: 'error',
    en: 'Rulebook {source} is not valid JSON: {reason}',
    zh: '规则集 {source} 不是有效的 JSON：{reason}',
  },
  RULEBOOK_UNKNOWN_PATH: {
    severity: 'error',
    en: 'No rulebook parameter at path "{path}"{suggestion}',
    zh: '规则集中没有参数“{path}”{suggestionZh}',
  },
  RULEBOOK_NO_VALUE_AT_DATE: {
    severity: 'error',
    en: 'Rulebook parameter "{path}" has no value in force on {asOf} (covered: {covered})',
    zh: '规则集参数“{path}”在 {asOf} 没有有效值（覆盖期间：{covered}）',
  },
  RULEBOOK_STALE_VALUE: {
    severity: 'warning',
    en: 'Rulebook parameter "{path}" was due for review by {reviewBy} (asOf {asOf}); last verified {lastVerifiedOn}',
    zh: '规则集参数“{path}”应于 {reviewBy} 前复核（计算日 {asOf}），上次核实于 {lastVerifiedOn}',
  },
  RULEBOOK_OVERRIDE_INVALID: {
    severity: 'error',
    en: 'Override patch makes the rulebook invalid at {path}: {reason}',
    zh: '覆盖补丁使规则集在 {path} 处无效：{reason}',
  },
  CONFORMANCE_CASE_INVALID: {
    severity: 'error',
    en: 'Conformance case file {source} is invalid at {path}: {reason}',
    zh: '一致性用例文件 {source} 在 {path} 处无效：{reason}',
  },
  FILE_READ_FAILED: {
    severity: 'error',
    en: 'Cannot read file {file}: {reason}',
    zh: '无法读取文件 {file}：{reason}',
  },
} as const satisfies MessageTable;
