import type { MessageTable } from './types.js';

/** Issue codes of the `cli` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const cliMessages = {
  CLI_OUTPUT_WRITE_FAILED: {
    severity: 'error',
    en: 'Cannot write output {file}: {reason}',
    zh: '无法写入输出文件 {file}：{reason}',
  },
  CLI_INPUT_INVALID: {
    severity: 'error',
    en: 'Input {file} is invalid: {reason}',
    zh: '输入文件 {file} 无效：{reason}',
  },
  CLI_DEMO_STEP_SKIPPED: {
    severity: 'warning',
    en: 'Demo step {step} skipped: {reason}',
    zh: '演示步骤 {step} 已跳过：{reason}',
  },
} as const satisfies MessageTable;
