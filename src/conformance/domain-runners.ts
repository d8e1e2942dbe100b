import { z } from 'zod';
import { buildNotices, penaltyDecisionSchema, publicityInputSchema, publicityWindow } from '../repair/index.js';
import { decideLeniency } from '../leniency/index.js';
import { assessOnsiteReviewExemption, planPermitReminders, renewalDeadline } from '../services/index.js';
import { gradeEnterprise } from '../grading/index.js';
import { formatInspectionCode, issueInspectionCode, parseInspectionCode, sampleSize, verifyInspectionCode } from '../inspection/index.js';
import type { ConformanceArea } from './schema.js';
import type { ConformanceRunner } from './runners.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// repair: a PublicityInput, or { notice: { decision, agency } } for the 信用修复告知书.
const repairNoticeInput = z.strictObject({
  notice: z.strictObject({ decision: z.unknown(), agency: z.unknown() }),
});

// leniency: the case facts (validated by decideLeniency itself, so a bad case is LENIENCY_CASE_INVALID) and the 首违台账.
const leniencyInput = z.strictObject({ case: z.unknown(), ledger: z.array(z.unknown()).optional() });

const recordShape = z.looseObject({ type: z.string().min(1), id: z.string().min(1), uscc: z.string().min(1), date: z.string() });
const servicesInput = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('permitReminders'), permits: z.array(z.unknown()) }),
  z.strictObject({
    op: z.literal('renewalDeadline'),
    lead: z.union([z.strictObject({ calendarDays: z.int().min(1) }), z.strictObject({ workingDays: z.int().min(1) })]),
    expiresOn: z.string(),
    restDayRule: z.enum(['previousWorkingDay', 'nextWorkingDay', 'none']),
  }),
  z.strictObject({
    op: z.literal('exemption'),
    enterprise: z.looseObject({ uscc: z.string().min(1), status: z.string().min(1), name: z.string().optional() }),
    records: z.array(recordShape),
    grade: z.strictObject({ grade: z.string(), riskLevel: z.string() }),
    unavailableKinds: z.array(z.string()).optional(),
    matter: z.string().optional(),
  }),
]);

// grading: one enterprise and its records; the grader validates both (GRADING_INVALID_ENTERPRISE, issues per record).
const gradingInput = z.strictObject({ enterprise: z.unknown(), events: z.array(z.unknown()) });

// inspection: the deterministic pieces a second implementation must reproduce exactly.
const inspectorShape = z.strictObject({ inspectorId: z.string().min(1), agency: z.string().min(1), certificateNo: z.string().min(1) });
const issueShape = z.strictObject({
  code: z.string(),
  kind: z.enum(['planned', 'triggered']),
  uscc: z.string(),
  agencies: z.array(z.string()),
  leadAgency: z.string().optional(),
  items: z.array(z.string()),
  inspectors: z.array(inspectorShape),
  validFrom: z.string(),
  validTo: z.string().optional(),
  planId: z.string().optional(),
  triggerReason: z.string().optional(),
});
const inspectionInput = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('sampleSize'), ratio: z.string(), N: z.int().min(0), mode: z.enum(['half-up', 'half-even', 'ceil', 'floor']) }),
  z.strictObject({ op: z.literal('formatCode'), agency: z.string(), year: z.int(), sequence: z.int() }),
  z.strictObject({ op: z.literal('parseCode'), code: z.string() }),
  z.strictObject({ op: z.literal('issueCode'), issue: issueShape, key: z.string() }),
  z.strictObject({
    op: z.literal('verifyCode'),
    issue: issueShape,
    key: z.string(),
    /** Verification on another date / for an enterprise / with another key, code or payload (tampering cases). */
    verify: z.strictObject({
      asOf: z.string(),
      uscc: z.string(),
      revoked: z.array(z.string()).optional(),
      key: z.string().optional(),
      code: z.string().optional(),
      payload: z.string().optional(),
    }),
  }),
]);

/**
 * Runners of the domain areas (grading, repair, leniency, inspection, services): each turns a case
 * input into the area engine's result with the case's `asOf` and rulebook. Inputs are validated
 * with zod (a malformed case is reported, never guessed); domain errors thrown by the engines
 * become `{ error: CODE }` in {@link runConformanceCase}.
 *
 * - `repair`: a `PublicityInput` → `publicityWindow(input, rulebook)`; or
 *   `{ notice: { decision, agency } }` → the structured 信用修复告知书 (`buildNotices`, first notice).
 * - `leniency`: `{ case, ledger? }` → `decideLeniency(case, { asOf, rulebook, ledger })`.
 * - `grading`: `{ enterprise, events }` → `gradeEnterprise(enterprise, events, { rulebook, asOf })`.
 * - `inspection`: `{ op: 'sampleSize', ratio, N, mode }`; `{ op: 'formatCode', agency, year, sequence }`;
 *   `{ op: 'parseCode', code }` (null when rejected); `{ op: 'issueCode', issue, key }` (issued on asOf);
 *   `{ op: 'verifyCode', issue, key, verify: { asOf, uscc, revoked?, key?, code?, payload? } }` (issued on
 *   the case's asOf, then verified as given).
 * - `services`: `{ op: 'permitReminders', permits }` → `planPermitReminders`;
 *   `{ op: 'renewalDeadline', lead, expiresOn, restDayRule }` → `renewalDeadline`;
 *   `{ op: 'exemption', enterprise, records, grade, unavailableKinds?, matter? }` → `assessOnsiteReviewExemption`.
 *
 * @example
 * ```ts
 * domainRunners.repair?.({ decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' },
 *   { asOf: '2025-03-10', rulebook: defaultRulebook() }); // { tier: 'general', earliestRepairDate: '2025-06-11', … }
 * ```
 */
export const domainRunners: Partial<Record<ConformanceArea, ConformanceRunner>> = {
  repair(input, ctx) {
    if (isPlainObject(input) && Object.prototype.hasOwnProperty.call(input, 'notice')) {
      const { notice } = repairNoticeInput.parse(input);
      const decision = penaltyDecisionSchema.parse(notice.decision);
      // The agency is validated by buildNotices (REPAIR_AGENCY_INVALID / REPAIR_NOTICE_PATTERN_INVALID).
      const batch = buildNotices([decision], notice.agency as Parameters<typeof buildNotices>[1], { rulebook: ctx.rulebook, asOf: ctx.asOf });
      return batch.notices[0] ?? { rejected: batch.rejected };
    }
    return publicityWindow(publicityInputSchema.parse(input), ctx.rulebook);
  },

  leniency(input, ctx) {
    const i = leniencyInput.parse(input);
    return decideLeniency(i.case as Parameters<typeof decideLeniency>[0], {
      asOf: ctx.asOf,
      rulebook: ctx.rulebook,
      ...(i.ledger !== undefined ? { ledger: i.ledger as NonNullable<Parameters<typeof decideLeniency>[1]['ledger']> } : {}),
    });
  },

  grading(input, ctx) {
    const i = gradingInput.parse(input);
    return gradeEnterprise(i.enterprise as Parameters<typeof gradeEnterprise>[0], i.events, { rulebook: ctx.rulebook, asOf: ctx.asOf });
  },

  inspection(input, ctx) {
    const i = inspectionInput.parse(input);
    type Issue = Parameters<typeof issueInspectionCode>[0];
    switch (i.op) {
      case 'sampleSize':
        return sampleSize(i.ratio, i.N, i.mode);
      case 'formatCode':
        return formatInspectionCode(i.agency, i.year, i.sequence);
      case 'parseCode':
        return parseInspectionCode(i.code) ?? null;
      case 'issueCode':
        return issueInspectionCode(i.issue as Issue, i.key, { rulebook: ctx.rulebook, asOf: ctx.asOf });
      case 'verifyCode': {
        const signed = issueInspectionCode(i.issue as Issue, i.key, { rulebook: ctx.rulebook, asOf: ctx.asOf });
        const v = i.verify;
        return verifyInspectionCode(v.code ?? signed.code, v.payload ?? signed.payload, v.key ?? i.key, {
          asOf: v.asOf,
          uscc: v.uscc,
          ...(v.revoked !== undefined ? { revoked: v.revoked } : {}),
        });
      }
    }
  },

  services(input, ctx) {
    const i = servicesInput.parse(input);
    switch (i.op) {
      case 'permitReminders':
        return planPermitReminders(i.permits, { rulebook: ctx.rulebook, asOf: ctx.asOf });
      case 'renewalDeadline':
        return renewalDeadline(i.lead, i.expiresOn, i.restDayRule);
      case 'exemption': {
        type In = Parameters<typeof assessOnsiteReviewExemption>[0];
        const ex = {
          enterprise: i.enterprise,
          records: i.records,
          grade: i.grade,
          ...(i.unavailableKinds !== undefined ? { unavailableKinds: i.unavailableKinds } : {}),
        } as unknown as In;
        return assessOnsiteReviewExemption(ex, { rulebook: ctx.rulebook, asOf: ctx.asOf, ...(i.matter !== undefined ? { matter: i.matter } : {}) });
      }
    }
  },
};
