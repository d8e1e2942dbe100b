import type { CliCommand } from '../command.js';
import { rulesCommand } from './rules.js';
import { demoCommand } from './demo.js';
import { checkCommand } from './check.js';

/**
 * Every CLI command, in the order `xinfeng --help` lists them.
 * Areas add their commands here (one import and one entry each).
 */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  rulesCommand,
  checkCommand,
];
