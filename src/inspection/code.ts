/**
 * Inspection codes (检查码): "无码不检查、检查必亮码、查后可评价" (plan 三(二)1). The readable code
 * (code-format.ts) is xinfeng's own format; the signed payload binds code, enterprise, items,
 * inspectors and validity window:
 *
 *   payload = base64url(canonicalJson(body)) + "." + hex(HMAC-SHA-256(agencyKey, that base64url text))
 *
 * The agency key is supplied by the caller and never appears in outputs or errors.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { fail } from '../_lib/issues/index.js';
import { addPeriod, isCalendarDate } from '../calendar/index.js';
import { createRulebookReader, type Rulebook } from '../rulebook/index.js';
import { isValidUscc } from '../uscc/index.js';
import { parseInspectionCode } from './code-format.js';
import type { TriggerReason } from './inputs.js';
import type { PlannedInspection } from './plan.js';

const MIN_KEY_BYTES = 16;

/**
 * What a signed code binds.
 *
 * @example
 * ```ts
 * const body: InspectionCodeBody = issued.body; body.validTo;
 * ```
 */
export interface InspectionCodeBody {
  readonly v: 1;
  readonly code: string;
  readonly kind: 'planned' | 'triggered';
  readonly uscc: string;
  readonly agencies: readonly string[];
  readonly leadAgency: string;
  readonly items: readonly string[];
  readonly inspectors: readonly { readonly inspectorId: string; readonly agency: string; readonly certificateNo: string }[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly planId?: string;
  readonly triggerReason?: TriggerReason;
}

/**
 * Input of {@link issueInspectionCode}.
 *
 * @example
 * ```ts
 * const input: IssueInspectionCodeInput = { code, kind: 'planned', uscc, agencies: ['SCJG'], items: ['SCJG-01'], inspectors, validFrom: '2025-03-01' };
 * ```
 */
export interface IssueInspectionCodeInput {
  readonly code: string;
  readonly kind: 'planned' | 'triggered';
  readonly uscc: string;
  readonly agencies: readonly string[];
  readonly leadAgency?: string;
  readonly items: readonly string[];
  readonly inspectors: InspectionCodeBody['inspectors'];
  readonly validFrom: string;
  /** Last day valid (inclusive); default validFrom + inspection.codeValidityDays − 1. */
  readonly validTo?: string;
  readonly planId?: string;
  /** Required for a triggered inspection. */
  readonly triggerReason?: TriggerReason;
}

/**
 * A signed inspection code.
 *
 * @example
 * ```ts
 * const { code, payload } = issueInspectionCode(input, key, { rulebook, asOf });
 * ```
 */
export interface SignedInspectionCode {
  readonly code: string;
  /** The token shown as QR content: base64url(body) + "." + signature. */
  readonly payload: string;
  readonly body: InspectionCodeBody;
}

function keyBytes(key: string | Uint8Array): Uint8Array {
  const b = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (b.length < MIN_KEY_BYTES) fail('INSPECTION_CODE_KEY_TOO_SHORT', { min: MIN_KEY_BYTES });
  return b;
}

function sign(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/**
 * Issues a signed inspection code for a planned or triggered on-site inspection. Throws on
 * misuse: a triggered code without a reason in force, fewer inspectors than the rulebook
 * requires per agency, an invalid USCC, a malformed code or dates, a short key.
 *
 * @example
 * ```ts
 * const signed = issueInspectionCode({ code: 'SCJG-2025-000001-…', kind: 'triggered', triggerReason: 'complaintOrReport',
 *   uscc, agencies: ['SCJG'], items: ['SCJG-01'], inspectors, validFrom: '2025-03-14' }, agencyKey, { rulebook, asOf: '2025-03-14' });
 * ```
 */
export function issueInspectionCode(
  input: IssueInspectionCodeInput,
  key: string | Uint8Array,
  context: { readonly rulebook: Rulebook; readonly asOf: string },
): SignedInspectionCode {
  const kb = keyBytes(key);
  const reader = createRulebookReader(context.rulebook, context.asOf);
  const bad = (reason: string): never => fail('INSPECTION_CODE_INVALID_ARGUMENT', { reason });
  const parts = parseInspectionCode(input.code);
  if (!parts || parts.agency !== input.code.split('-')[0]) bad(`"${input.code}" is not a well-formed inspection code`);
  if (input.kind === 'triggered') {
    const allowed = reader.get('inspection.triggerReasons');
    if (!input.triggerReason || !allowed.includes(input.triggerReason)) fail('INSPECTION_TRIGGER_REASON_REQUIRED', { allowed: allowed.join(', ') });
  }
  if (!isValidUscc(input.uscc)) bad('invalid unified social credit code');
  if (input.agencies.length === 0) bad('no agency');
  const lead = input.leadAgency ?? input.agencies[0]!;
  if (!input.agencies.includes(lead)) bad(`lead agency ${lead} is not among the agencies`);
  if (parts!.agency !== lead) bad(`the code belongs to agency ${parts!.agency}, the lead agency is ${lead}`);
  if (input.items.length === 0) bad('no inspection item');
  const k = reader.get('inspection.inspectorsPerInspection');
  for (const a of input.agencies) {
    const n = new Set(input.inspectors.filter((i) => i.agency === a).map((i) => i.inspectorId)).size;
    if (n < k) bad(`agency ${a} has ${n} inspector(s); at least ${k} are required`);
  }
  if (!isCalendarDate(input.validFrom)) bad(`validFrom "${input.validFrom}" is not a date`);
  const validTo = input.validTo ?? addPeriod(input.validFrom, { days: reader.get('inspection.codeValidityDays') - 1 });
  if (!isCalendarDate(validTo) || validTo < input.validFrom) bad(`validTo "${validTo}" is not a date on or after validFrom`);
  const body: InspectionCodeBody = {
    v: 1,
    code: input.code,
    kind: input.kind,
    uscc: input.uscc,
    agencies: [...input.agencies].sort(),
    leadAgency: lead,
    items: [...input.items].sort(),
    inspectors: [...input.inspectors].sort((a, b) => (a.inspectorId < b.inspectorId ? -1 : 1)).map((i) => ({ inspectorId: i.inspectorId, agency: i.agency, certificateNo: i.certificateNo })),
    validFrom: input.validFrom,
    validTo,
    ...(input.planId ? { planId: input.planId } : {}),
    ...(input.kind === 'triggered' && input.triggerReason ? { triggerReason: input.triggerReason } : {}),
  };
  const text = Buffer.from(canonicalJson(body), 'utf8').toString('base64url');
  return { code: input.code, payload: `${text}.${sign(kb, text)}`, body };
}

/**
 * Issues the signed code of a planned inspection from the plan: valid for its scheduled month
 * (triggered ones: from their date for inspection.codeValidityDays).
 *
 * @example
 * ```ts
 * const signed = issuePlannedInspectionCode(plan.inspections[0], 2025, agencyKey, { rulebook, asOf, planId: 'MH-2025' });
 * ```
 */
export function issuePlannedInspectionCode(
  inspection: PlannedInspection,
  year: number,
  key: string | Uint8Array,
  context: { readonly rulebook: Rulebook; readonly asOf: string; readonly planId?: string },
): SignedInspectionCode {
  const mm = String(inspection.month).padStart(2, '0');
  const first = `${year}-${mm}-01`;
  const last = addPeriod(addPeriod(first, { months: 1 }), { days: -1 });
  const reason = inspection.triggerReasons[0];
  return issueInspectionCode(
    {
      code: inspection.code,
      kind: inspection.kind,
      uscc: inspection.uscc,
      agencies: inspection.agencies,
      leadAgency: inspection.leadAgency,
      items: inspection.items.map((i) => i.itemId),
      inspectors: inspection.inspectors,
      validFrom: inspection.kind === 'triggered' && inspection.date ? inspection.date : first,
      ...(inspection.kind === 'planned' ? { validTo: last } : {}),
      ...(context.planId ? { planId: context.planId } : {}),
      ...(reason ? { triggerReason: reason } : {}),
    },
    key,
    context,
  );
}

/**
 * Why a code does not verify.
 *
 * @example
 * ```ts
 * const r = verifyInspectionCode(code, payload, key, { asOf, uscc }); if (!r.valid) r.reason satisfies CodeRejection;
 * ```
 */
export type CodeRejection = 'unknown' | 'altered' | 'expired' | 'notYetValid' | 'notThisEnterprise' | 'revoked';

/**
 * Result of {@link verifyInspectionCode}.
 *
 * @example
 * ```ts
 * const r: CodeVerification = verifyInspectionCode(code, payload, key, { asOf, uscc });
 * ```
 */
export type CodeVerification =
  | { readonly valid: true; readonly body: InspectionCodeBody }
  | { readonly valid: false; readonly reason: CodeRejection };

/**
 * Verifies a code shown at the door: the readable code and its signed payload, for this
 * enterprise, on this date. Returns a typed reason, never throws on a bad code (only on a short key).
 * Order: unknown (malformed code or payload for another code) → altered (signature or encoding) →
 * revoked → notThisEnterprise → notYetValid / expired.
 *
 * @example
 * ```ts
 * const r = verifyInspectionCode(code, payload, agencyKey, { asOf: '2025-03-15', uscc });
 * if (!r.valid) console.log(r.reason); // 'expired'
 * ```
 */
export function verifyInspectionCode(
  code: string,
  payload: string,
  key: string | Uint8Array,
  options: { readonly asOf: string; readonly uscc: string; readonly revoked?: ReadonlySet<string> | readonly string[] },
): CodeVerification {
  const kb = keyBytes(key);
  if (!parseInspectionCode(code)) return { valid: false, reason: 'unknown' };
  const dot = payload.indexOf('.');
  if (dot <= 0 || payload.indexOf('.', dot + 1) !== -1) return { valid: false, reason: 'altered' };
  const text = payload.slice(0, dot);
  const sig = payload.slice(dot + 1);
  const expected = sign(kb, text);
  if (!/^[0-9a-f]{64}$/.test(sig) || !timingSafeEqual(Buffer.from(sig, 'latin1'), Buffer.from(expected, 'latin1'))) return { valid: false, reason: 'altered' };
  let body: InspectionCodeBody;
  try {
    const raw = Buffer.from(text, 'base64url');
    if (raw.toString('base64url') !== text) return { valid: false, reason: 'altered' };
    body = JSON.parse(raw.toString('utf8')) as InspectionCodeBody;
  } catch {
    return { valid: false, reason: 'altered' };
  }
  if (body.code !== code) return { valid: false, reason: 'unknown' };
  const revoked = options.revoked;
  if (revoked && (Array.isArray(revoked) ? (revoked as readonly string[]).includes(code) : (revoked as ReadonlySet<string>).has(code))) return { valid: false, reason: 'revoked' };
  if (body.uscc !== options.uscc) return { valid: false, reason: 'notThisEnterprise' };
  if (options.asOf < body.validFrom) return { valid: false, reason: 'notYetValid' };
  if (options.asOf > body.validTo) return { valid: false, reason: 'expired' };
  return { valid: true, body };
}

/**
 * A visit evaluation (查后可评价) attached to a code.
 *
 * @example
 * ```ts
 * const ev: VisitEvaluation = attachEvaluation(signed, { uscc, submittedOn, rating: 5, codeShown: true }, { rulebook });
 * ```
 */
export interface VisitEvaluation {
  readonly code: string;
  /** SHA-256 of the signed payload the evaluation refers to. */
  readonly payloadDigest: string;
  readonly uscc: string;
  readonly submittedOn: string;
  readonly rating: number;
  readonly ratingLabel?: string;
  readonly comment?: string;
  /** Whether inspectors showed the code on entry (检查必亮码). */
  readonly codeShown: boolean;
}

/**
 * Attaches an enterprise's evaluation to a signed code (scale from inspection.evaluationScale).
 * Throws INSPECTION_EVALUATION_INVALID for a rating off the scale, another enterprise, a date
 * before the code's validity starts, or a payload that is not a code.
 *
 * @example
 * ```ts
 * const ev = attachEvaluation(signed, { uscc, submittedOn: '2025-03-20', rating: 5, codeShown: true }, { rulebook });
 * ```
 */
export function attachEvaluation(
  signed: SignedInspectionCode,
  input: { readonly uscc: string; readonly submittedOn: string; readonly rating: number; readonly comment?: string; readonly codeShown: boolean },
  context: { readonly rulebook: Rulebook },
): VisitEvaluation {
  const bad = (reason: string): never => fail('INSPECTION_EVALUATION_INVALID', { reason });
  if (!isCalendarDate(input.submittedOn)) bad(`submittedOn "${input.submittedOn}" is not a date`);
  const scale = createRulebookReader(context.rulebook, input.submittedOn).get('inspection.evaluationScale');
  if (!Number.isInteger(input.rating) || input.rating < scale.min || input.rating > scale.max) bad(`rating ${input.rating} is outside ${scale.min}–${scale.max}`);
  if (input.uscc !== signed.body.uscc) bad('the evaluation is by another enterprise than the inspected one');
  if (input.submittedOn < signed.body.validFrom) bad(`submitted ${input.submittedOn}, before the inspection could take place (${signed.body.validFrom})`);
  const label = scale.labels[String(input.rating)];
  return {
    code: signed.code,
    payloadDigest: sha256Hex(signed.payload),
    uscc: input.uscc,
    submittedOn: input.submittedOn,
    rating: input.rating,
    ...(label ? { ratingLabel: label } : {}),
    ...(input.comment ? { comment: input.comment } : {}),
    codeShown: input.codeShown,
  };
}
