import type { MessageTable } from './types.js';

/** Issue codes of the `io` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const ioMessages = {
  IO_MISSING_COLUMNS: {
    severity: 'error',
    en: 'File {file} lacks required column(s) {missing}; columns found: {found}',
    zh: '文件 {file} 缺少必需列 {missing}；实际列：{found}',
  },
  IO_DUPLICATE_COLUMN: {
    severity: 'error',
    en: 'File {file}: columns "{first}" and "{second}" both map to field {field}',
    zh: '文件 {file}：列“{first}”与“{second}”都对应字段 {field}',
  },
  IO_UNSUPPORTED_ENCODING: {
    severity: 'error',
    en: 'Unsupported encoding "{encoding}" (supported: {supported})',
    zh: '不支持的编码“{encoding}”（支持：{supported}）',
  },
  IO_MAPPING_INVALID: {
    severity: 'error',
    en: 'Column mapping file {file} is invalid: {reason}',
    zh: '列映射文件 {file} 无效：{reason}',
  },
  IO_EMPTY_FILE: {
    severity: 'error',
    en: 'File {file} has no header row',
    zh: '文件 {file} 没有表头行',
  },
  IO_CSV_MALFORMED: {
    severity: 'error',
    en: 'Malformed CSV ({reason})',
    zh: 'CSV 格式错误（{reason}）',
  },
  IO_FIELD_COUNT: {
    severity: 'error',
    en: 'Row has {found} fields, the header has {expected}',
    zh: '该行有 {found} 个字段，表头为 {expected} 个',
  },
  IO_REQUIRED_EMPTY: {
    severity: 'error',
    en: 'Required field {column} is empty',
    zh: '必填字段 {column} 为空',
  },
  IO_INVALID_DATE: {
    severity: 'error',
    en: 'Not a recognised date: "{value}" (accepted: 2025-01-05, 2025/1/5, 20250105, 2025年1月5日)',
    zh: '无法识别的日期：“{value}”（可用格式：2025-01-05、2025/1/5、20250105、2025年1月5日）',
  },
  IO_INVALID_AMOUNT: {
    severity: 'error',
    en: 'Not a recognised amount: "{value}" (e.g. 1,234.56 / 1.5万元 / ￥300)',
    zh: '无法识别的金额：“{value}”（例如 1,234.56、1.5万元、￥300）',
  },
  IO_INVALID_INTEGER: {
    severity: 'error',
    en: 'Not a whole number: "{value}"',
    zh: '不是整数：“{value}”',
  },
  IO_UNKNOWN_EVENT_TYPE: {
    severity: 'error',
    en: 'Unknown record type "{value}" (known: {known})',
    zh: '未知的记录类型“{value}”（可用：{known}）',
  },
  IO_INVALID_VALUE: {
    severity: 'error',
    en: 'Invalid value for {column}: {reason}',
    zh: '字段 {column} 的值无效：{reason}',
  },
  IO_DUPLICATE_ENTERPRISE: {
    severity: 'error',
    en: 'Enterprise {uscc} appears more than once; the row at line {keptLine} is used, this one is not',
    zh: '企业 {uscc} 重复出现；采用第 {keptLine} 行，本行未使用',
  },
  IO_DUPLICATE_RECORD: {
    severity: 'error',
    en: 'Record {type} {decisionNo} of {uscc} appears more than once (same id or decision number); the row at line {keptLine} is used, this one is not',
    zh: '企业 {uscc} 的记录 {type}（编号/文书号 {decisionNo}）重复；采用第 {keptLine} 行，本行未使用',
  },
  IO_ORPHAN_RECORD: {
    severity: 'error',
    en: 'Record for {uscc}, which is not in the enterprise file',
    zh: '记录所属企业 {uscc} 不在企业名录文件中',
  },
  IO_RECONCILIATION_FAILED: {
    severity: 'error',
    en: 'Reconciliation failed for {file}: read {read} ≠ accepted {accepted} + rejected {rejected}',
    zh: '文件 {file} 对账失败：读取 {read} ≠ 接受 {accepted} + 拒绝 {rejected}',
  },
  IO_WORKER_FAILED: {
    severity: 'error',
    en: 'Grading worker failed: {reason}',
    zh: '评级工作线程失败：{reason}',
  },
  IO_STREAM_ROW_KIND: {
    severity: 'error',
    en: 'Streaming input row must start with E (enterprise) or R (record), got "{value}"',
    zh: '流式输入行应以 E（企业）或 R（记录）开头，实际为“{value}”',
  },
  IO_GRADER_UNAVAILABLE: {
    severity: 'error',
    en: 'The grading engine is not available in this build ({reason})',
    zh: '本构建中没有评级引擎（{reason}）',
  },
  IO_GRADING_WARNING: {
    severity: 'warning',
    en: 'Grading warning for {uscc}: {reason}',
    zh: '企业 {uscc} 评级警告：{reason}',
  },
} as const satisfies MessageTable;
