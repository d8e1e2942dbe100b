import { isCalendarDate } from '../calendar/index.js';
import type { ParseArgsConfig } from 'node:util';

/** Exit codes of the xinfeng CLI (documented in `xinfeng --help`). */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** The work ran, and its answer is "no" (a verification found differences, a check failed). */
  FINDINGS: 1,
  /** Usage error: unknown command or option, missing argument. */
  USAGE: 2,
  /** Input error: a file is missing, unreadable or invalid (a fatal header problem, a broken rulebook). */
  INPUT: 3,
  /** Internal error: a bug in xinfeng; please report it. */
  INTERNAL: 4,
} as const;

/** Streams and environment a command runs with (injected so commands can be tested). */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  /** True when stderr is a terminal (progress lines redraw in place). */
  readonly isTTY: boolean;
}

/** One CLI sub-command. */
export interface CliCommand {
  readonly name: string;
  /** One line, English. */
  readonly summary: string;
  /** One line, zh-CN. */
  readonly summaryZh: string;
  /** Full help text printed by `xinfeng <name> --help`. */
  readonly help: string;
  /** Options in node:util parseArgs form (`--help` is added automatically). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly allowPositionals?: boolean;
  run(
    args: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] },
    ctx: CliContext,
  ): Promise<number>;
}

/** Reads a string option, or undefined. */
export function optString(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Reads a repeatable string option. */
export function optStrings(values: Record<string, unknown>, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : [];
}

/** A usage error the dispatcher prints with the command's help and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Checks a date option's value: a calendar date `YYYY-MM-DD`, else a usage error naming `--name`.
 *
 * @example
 * ```ts
 * checkDate(requireString(values, 'as-of'), 'as-of');
 * ```
 */
export function checkDate(value: string, name: string): string {
  if (!isCalendarDate(value)) throw new UsageError(`--${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Requires a string option. */
export function requireString(values: Record<string, unknown>, name: string): string {
  const v = optString(values, name);
  if (v === undefined || v === '') throw new UsageError(`missing required option --${name}`);
  return v;
}
