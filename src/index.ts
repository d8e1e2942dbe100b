/**
 * xinfeng (信风): exact, auditable computation of 信用+风险 graded supervision.
 * Public API. Internals live in src/_lib and are not exported except where re-exported here.
 * @packageDocumentation
 */
export {
  ISSUE_MESSAGES,
  makeIssue,
  formatIssue,
  XinfengError,
  isXinfengError,
  type Issue,
  type IssueCode,
  type IssueParam,
  type IssueLocation,
  type IssueSeverity,
} from './_lib/issues/index.js';
export { LIBRARY_VERSION } from './_lib/version.js';
export { canonicalJson } from './_lib/hash.js';
export * from './rulebook/index.js';
export * from './calendar/index.js';
export * from './uscc/index.js';
export * from './grading/index.js';
export * from './inspection/index.js';
export * from './repair/index.js';
export * from './leniency/index.js';
export * from './services/index.js';
export * from './io/index.js';
export * from './conformance/index.js';
