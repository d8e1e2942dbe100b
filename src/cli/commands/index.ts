import type { CliCommand } from '../command.js';
import { rulesCommand } from './rules.js';
import { gradeCommand } from './grade.js';
import { explainCommand } from './explain.js';
import { reportCommand } from './report.js';
import { diffCommand } from './diff.js';
import { benchCommand } from './bench.js';
import { planCommand } from './plan.js';
import { verifyPlanCommand } from './verify-plan.js';
import { demoCommand } from './demo.js';
import { checkCommand } from './check.js';
import { noticesCommand } from './notices.js';
import { remindersCommand } from './reminders.js';
import { reportCreditCommand } from './report-credit.js';
import { leniencyCommand } from './leniency.js';

/**
 * Every CLI command, in the order `xinfeng --help` lists them.
 * Areas add their commands here (one import and one entry each).
 */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  gradeCommand,
  explainCommand,
  planCommand,
  verifyPlanCommand,
  noticesCommand,
  leniencyCommand,
  reportCreditCommand,
  remindersCommand,
  reportCommand,
  diffCommand,
  rulesCommand,
  checkCommand,
  benchCommand,
];
