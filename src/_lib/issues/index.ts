import { coreMessages } from './core.js';
import { gradingMessages } from './grading.js';
import { inspectionMessages } from './inspection.js';
import { repairMessages } from './repair.js';
import { leniencyMessages } from './leniency.js';
import { servicesMessages } from './services.js';
import { ioMessages } from './io.js';
import { cliMessages } from './cli.js';
import type { IssueSeverity, MessageTemplate } from './types.js';

export type { IssueSeverity, MessageTemplate, MessageTable } from './types.js';

/**
 * Every issue code xinfeng can raise, with its zh-CN and English message templates.
 * The union of codes is closed: consumers `switch` on `issue.code`.
 */
export const ISSUE_MESSAGES = {
  ...coreMessages,
  ...gradingMessages,
  ...inspectionMessages,
  ...repairMessages,
  ...leniencyMessages,
  ...servicesMessages,
  ...ioMessages,
  ...cliMessages,
} as const;

/** The closed union of issue codes. */
export type IssueCode = keyof typeof ISSUE_MESSAGES;

/** A parameter value interpolated into a message. */
export type IssueParam = string | number | boolean | null;

/** Where in an input file an issue was found. */
export interface IssueLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string | number;
  readonly value?: string;
  readonly record?: string;
}

/**
 * An issue: typed data describing an error or warning, with messages in English and zh-CN.
 *
 * @example
 * ```ts
 * const r = parseUscc('91310000MA1FL8X');
 * if (!r.ok) console.log(r.issue.code, r.issue.messageZh);
 * ```
 */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  /** English message. */
  readonly message: string;
  /** zh-CN message. */
  readonly messageZh: string;
  readonly params: Readonly<Record<string, IssueParam>>;
  /** Path inside a structured input (JSON path segments). */
  readonly path?: readonly (string | number)[];
  readonly location?: IssueLocation;
}

function fill(template: string, params: Readonly<Record<string, IssueParam>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(params, k) ? String(params[k] ?? '') : m,
  );
}

/**
 * Builds an {@link Issue} from its code and params.
 *
 * @example
 * ```ts
 * makeIssue('INVALID_CALENDAR_DATE', { value: '2025-02-30' }).messageZh;
 * // '不是有效的日期（YYYY-MM-DD）：“2025-02-30”'
 * ```
 */
export function makeIssue(
  code: IssueCode,
  params: Readonly<Record<string, IssueParam>> = {},
  extra: { severity?: IssueSeverity; path?: readonly (string | number)[]; location?: IssueLocation } = {},
): Issue {
  const t: MessageTemplate = ISSUE_MESSAGES[code];
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = {
    code,
    severity: extra.severity ?? t.severity,
    message: fill(t.en, params),
    messageZh: fill(t.zh, params),
    params: Object.freeze({ ...params }),
  };
  if (extra.path) issue.path = Object.freeze([...extra.path]);
  if (extra.location) issue.location = Object.freeze({ ...extra.location });
  return Object.freeze(issue);
}

/**
 * Renders an issue's message in a locale.
 *
 * @example
 * ```ts
 * formatIssue(issue, 'en'); // English text; default 'zh-CN'
 * ```
 */
export function formatIssue(issue: Issue, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return locale === 'en' ? issue.message : issue.messageZh;
}

/**
 * The one error class xinfeng throws, for programmer misuse and unrecoverable input.
 * Match on `err.code` (never `instanceof`: dual ESM/CJS installs break it).
 *
 * @example
 * ```ts
 * try { addPeriod('2025-02-30', { days: 1 }); }
 * catch (e) { if (isXinfengError(e) && e.code === 'INVALID_CALENDAR_DATE') {  } }
 * ```
 */
export class XinfengError extends Error {
  readonly code: IssueCode;
  readonly issue: Issue;
  readonly issues: readonly Issue[];
  readonly isXinfengError = true as const;
  constructor(issues: Issue | readonly [Issue, ...Issue[]]) {
    const list: readonly Issue[] = Array.isArray(issues) ? issues : [issues as Issue];
    const first = list[0]!;
    super(list.length === 1 ? first.message : `${first.message} (+${list.length - 1} more)`);
    this.name = 'XinfengError';
    this.code = first.code;
    this.issue = first;
    this.issues = list;
  }
}

/**
 * True when `e` is an error thrown by xinfeng (works across module systems).
 *
 * @example
 * ```ts
 * try { loadRulebook(text); } catch (e) { if (isXinfengError(e)) console.error(e.issues); }
 * ```
 */
export function isXinfengError(e: unknown): e is XinfengError {
  return typeof e === 'object' && e !== null && (e as { isXinfengError?: unknown }).isXinfengError === true;
}

/**
 * Throws a {@link XinfengError} for one issue (internal helper for misuse).
 *
 * @example
 * ```ts
 * fail('INVALID_ARGUMENT', { name: 'n', reason: 'must be an integer' });
 * ```
 */
export function fail(
  code: IssueCode,
  params: Readonly<Record<string, IssueParam>> = {},
  extra: { path?: readonly (string | number)[]; location?: IssueLocation } = {},
): never {
  throw new XinfengError(makeIssue(code, params, { ...extra, severity: 'error' }));
}
