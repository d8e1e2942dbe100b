import { Decimal } from '../_lib/decimal.js';
import { addPeriod, type CalendarDate } from '../calendar/index.js';
import type { CaseFacts, CorrectionHow, FirstOffencePolicy, LedgerEntry, Predicate } from './schema.js';

/**
 * Three-valued result of a condition: the facts show it holds, fails, or cannot tell yet.
 * @example
 * ```ts
 * const s: ConditionStatus = decideLeniency(c, { asOf }).conditions[0]?.status ?? 'unknown';
 * ```
 */
export type ConditionStatus = 'met' | 'unmet' | 'unknown';

/**
 * A fact a condition looked at (name as in the case JSON, value as given; undefined = not given).
 * @example
 * ```ts
 * d.conditions.flatMap((c) => c.facts).map((f: FactUsed) => `${f.name}=${String(f.value)}`);
 * ```
 */
export interface FactUsed {
  readonly name: string;
  readonly value: string | number | boolean | null | undefined;
}

/**
 * One evaluated condition: its status, a zh/en description, the facts behind it, and what is missing.
 * @example
 * ```ts
 * for (const r of d.conditions) console.log(r.status, r.descriptionZh, r.factsNeeded);
 * ```
 */
export interface ConditionResult {
  readonly kind: Predicate['kind'];
  readonly status: ConditionStatus;
  readonly descriptionZh: string;
  readonly description: string;
  readonly facts: readonly FactUsed[];
  /** Facts that would settle an `unknown` status. */
  readonly factsNeeded: readonly string[];
  readonly children?: readonly ConditionResult[];
}

/**
 * Result of the first-offence check against the ledger.
 * @example
 * ```ts
 * const fo: FirstOffenceCheck = checkFirstOffence(ctx); fo.priorViolations.length;
 * ```
 */
export interface FirstOffenceCheck {
  readonly status: ConditionStatus;
  readonly windowStart: CalendarDate | null;
  /** Ledger entries that defeat 初次违法 (counted for sure). */
  readonly priorViolations: readonly LedgerEntry[];
  /** Entries that count only if a missing attribute (agency/system) matches. */
  readonly possiblePrior: readonly LedgerEntry[];
  readonly factsNeeded: readonly string[];
}

/**
 * What predicates are evaluated against.
 * @example
 * ```ts
 * const ctx: EvaluationContext = { facts, decisionDate: '2025-06-30', violationTypes: ['食品标签'], ledger: [], policy };
 * ```
 */
export interface EvaluationContext {
  readonly facts: CaseFacts;
  readonly decisionDate: CalendarDate;
  /** Type keys for 同类: the item's own, or for a statutory test every type the lists give the behaviour. */
  readonly violationTypes: readonly string[];
  readonly ledger: readonly LedgerEntry[] | undefined;
  readonly policy: FirstOffencePolicy | undefined;
  /** Enforcement system of a domain (rulebook `leniency.enforcementSystems`), for scope `same_system`. */
  readonly systemOf?: (domain: string) => string | undefined;
}

const HOW_ZH: Record<CorrectionHow, string> = {
  before_discovery: '发现前主动改正',
  on_the_spot: '当场改正',
  immediately: '立即自行改正',
  within_ordered_period: '责令改正期限内改正',
  before_decision: '作出决定前改正',
};

function kleeneAll(ss: readonly ConditionStatus[]): ConditionStatus {
  if (ss.includes('unmet')) return 'unmet';
  return ss.includes('unknown') ? 'unknown' : 'met';
}
function kleeneAny(ss: readonly ConditionStatus[]): ConditionStatus {
  if (ss.includes('met')) return 'met';
  return ss.includes('unknown') ? 'unknown' : 'unmet';
}

/**
 * Which ways of correcting the facts establish: met / unmet / unknown for each.
 * @example
 * ```ts
 * correctionStatus(facts, '2025-06-30').on_the_spot; // 'met' | 'unmet' | 'unknown'
 * ```
 */
export function correctionStatus(facts: CaseFacts, decisionDate: CalendarDate): Record<CorrectionHow, ConditionStatus> {
  const c = facts.correction;
  const at = c.correctedAt;
  const disc = facts.dates.discoveredAt;
  const out: Record<CorrectionHow, ConditionStatus> = {
    before_discovery: 'unknown',
    on_the_spot: 'unknown',
    immediately: 'unknown',
    within_ordered_period: 'unknown',
    before_decision: 'unknown',
  };
  if (at === null) {
    for (const k of Object.keys(out) as CorrectionHow[]) out[k] = 'unmet';
    return out;
  }
  if (at === undefined) {
    // Only an on-the-spot correction can be known without its date.
    if (c.onTheSpot === true) {
      out.on_the_spot = 'met';
      out.immediately = 'met';
      out.before_decision = 'met';
      out.within_ordered_period = 'met'; // on the spot is before any deadline
    }
    return out;
  }
  out.before_discovery = at < disc ? 'met' : 'unmet';
  // On the spot = when pointed out at discovery; correcting before discovery satisfies it a fortiori;
  // a later date rules it out; the same day needs the flag.
  out.on_the_spot = at < disc ? 'met' : at > disc ? 'unmet' : c.onTheSpot === undefined ? 'unknown' : c.onTheSpot ? 'met' : 'unmet';
  out.immediately = kleeneAny([out.before_discovery, out.on_the_spot]);
  if (c.orderedDeadline !== undefined) out.within_ordered_period = at <= c.orderedDeadline ? 'met' : 'unmet';
  else out.within_ordered_period = out.immediately === 'met' ? 'met' : 'unknown'; // corrected before any order could run out
  out.before_decision = at <= decisionDate ? 'met' : 'unmet';
  return out;
}

function jsonScalar(v: unknown): FactUsed['value'] {
  return v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

function factValue(facts: CaseFacts, field: string): FactUsed['value'] {
  if (Object.prototype.hasOwnProperty.call(facts.facts, field)) return jsonScalar(facts.facts[field]);
  if (Object.prototype.hasOwnProperty.call(facts.amounts, field)) return facts.amounts[field];
  return undefined;
}

function toDecimal(v: FactUsed['value']): Decimal | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Decimal(String(v));
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return new Decimal(v);
  return undefined;
}

function within(value: Decimal, max: Decimal, inclusive: boolean): boolean {
  return inclusive ? value.lte(max) : value.lt(max);
}

function scopeMatches(policy: FirstOffencePolicy, facts: CaseFacts, e: LedgerEntry, systemOf: EvaluationContext['systemOf']): 'yes' | 'no' | 'maybe' {
  if (policy.scope === 'nationwide') return 'yes';
  const key = policy.scope === 'same_agency' ? 'agency' : 'system';
  const mine = key === 'system' ? (facts.system ?? systemOf?.(facts.domain)) : facts.agency;
  const theirs = key === 'system' ? (e.system ?? systemOf?.(e.domain)) : e.agency;
  if (mine === undefined || theirs === undefined) return 'maybe';
  return mine === theirs ? 'yes' : 'no';
}

/**
 * 初次违法 check: prior violations of the same party in the look-back window before the act that
 * count under the policy's scope and sameness. No ledger → unknown (never assumed first).
 * @example
 * ```ts
 * checkFirstOffence({ facts, decisionDate: '2025-06-30', violationTypes: ['食品标签'], ledger, policy }).status;
 * ```
 */
export function checkFirstOffence(ctx: EvaluationContext): FirstOffenceCheck {
  const { facts, policy, ledger } = ctx;
  if (!policy) return { status: 'unknown', windowStart: null, priorViolations: [], possiblePrior: [], factsNeeded: ['firstOffencePolicy'] };
  const act = facts.dates.occurredAt;
  let windowStart = policy.lookbackMonths === null ? null : addPeriod(act, { months: -policy.lookbackMonths });
  if (policy.countsFrom && (windowStart === null || policy.countsFrom > windowStart)) windowStart = policy.countsFrom;
  if (!ledger) return { status: 'unknown', windowStart, priorViolations: [], possiblePrior: [], factsNeeded: ['ledger'] };
  const prior: LedgerEntry[] = [];
  const possible: LedgerEntry[] = [];
  for (const e of ledger) {
    if (e.partyId !== facts.party.id) continue;
    if (e.caseId !== undefined && e.caseId === facts.caseId) continue;
    if (e.date > act) continue;
    if (windowStart !== null && e.date < windowStart) continue;
    const same =
      policy.sameness === 'same_act'
        ? e.behaviour === facts.behaviour
        : policy.sameness === 'same_type'
          ? e.behaviour === facts.behaviour || ctx.violationTypes.includes(e.violationType)
          : e.domain === facts.domain;
    if (!same) continue;
    const s = scopeMatches(policy, facts, e, ctx.systemOf);
    if (s === 'yes') prior.push(e);
    else if (s === 'maybe') possible.push(e);
  }
  const status: ConditionStatus = prior.length ? 'unmet' : possible.length ? 'unknown' : 'met';
  const needed = status === 'unknown' ? [policy.scope === 'same_agency' ? 'agency' : 'system'] : [];
  return { status, windowStart, priorViolations: prior, possiblePrior: possible, factsNeeded: needed };
}

function leaf(
  p: Predicate,
  status: ConditionStatus,
  descriptionZh: string,
  description: string,
  facts: FactUsed[],
  factsNeeded: string[] = [],
): ConditionResult {
  return { kind: p.kind, status, descriptionZh, description, facts, factsNeeded: status === 'unknown' ? factsNeeded : [] };
}

function periodText(m: { days: number } | { months: number } | { years: number }): [string, string] {
  if ('days' in m) return [`${m.days}日`, `${m.days} days`];
  if ('months' in m) return [`${m.months}个月`, `${m.months} months`];
  return [`${m.years}年`, `${m.years} years`];
}

/**
 * Evaluates one condition against the case facts with three-valued logic (Kleene): `not` of
 * unknown is unknown; `all` fails on any failure; `any` holds on any success.
 *
 * @example
 * ```ts
 * evaluatePredicate({ kind: 'harmMinor' }, ctx).status; // 'met' when facts.harm is 'none' or 'minor'
 * ```
 */
export function evaluatePredicate(p: Predicate, ctx: EvaluationContext): ConditionResult {
  const f = ctx.facts;
  switch (p.kind) {
    case 'firstOffence': {
      const r = checkFirstOffence(ctx);
      const pol = ctx.policy;
      const win = pol?.lookbackMonths == null ? '不限期' : `${pol.lookbackMonths}个月内`;
      return {
        ...leaf(
          p,
          r.status,
          `初次违法（${win}，${pol?.sameness ?? '?'}，${pol?.scope ?? '?'}）：台账中${r.priorViolations.length ? `有${r.priorViolations.length}条在先违法` : r.possiblePrior.length ? '有归属不明的在先违法' : '无在先违法'}`,
          `first offence (${pol?.lookbackMonths ?? 'no limit'} months, ${pol?.sameness ?? '?'}, ${pol?.scope ?? '?'}): ${r.priorViolations.length} prior violation(s) in the ledger`,
          [
            { name: 'party.id', value: f.party.id },
            { name: 'windowStart', value: r.windowStart },
            { name: 'priorViolations', value: [...r.priorViolations, ...r.possiblePrior].map((e) => `${e.date} ${e.behaviour}${e.caseId ? ` (${e.caseId})` : ''}`).join('; ') || null },
          ],
          r.factsNeeded as string[],
        ),
      };
    }
    case 'corrected': {
      const st = correctionStatus(f, ctx.decisionDate);
      const status = kleeneAny(p.how.map((h) => st[h]));
      return leaf(
        p,
        status,
        `及时改正：${p.how.map((h) => HOW_ZH[h]).join('或')}`,
        `corrected: ${p.how.join(' or ')}`,
        [
          { name: 'correction.correctedAt', value: f.correction.correctedAt },
          { name: 'correction.onTheSpot', value: f.correction.onTheSpot },
          { name: 'correction.orderedDeadline', value: f.correction.orderedDeadline },
          { name: 'dates.discoveredAt', value: f.dates.discoveredAt },
        ],
        f.correction.correctedAt === undefined ? ['correction.correctedAt'] : p.how.includes('on_the_spot') || p.how.includes('immediately') ? ['correction.onTheSpot', 'correction.orderedDeadline'] : ['correction.orderedDeadline'],
      );
    }
    case 'noHarmfulConsequence':
      return leaf(p, f.harm === undefined ? 'unknown' : f.harm === 'none' ? 'met' : 'unmet', '没有造成危害后果', 'no harmful consequence', [{ name: 'harm', value: f.harm }], ['harm']);
    case 'harmMinor':
      return leaf(p, f.harm === undefined ? 'unknown' : f.harm === 'serious' ? 'unmet' : 'met', '危害后果轻微', 'harmful consequence minor', [{ name: 'harm', value: f.harm }], ['harm']);
    case 'noIllegalGains': {
      const v = f.amounts.illegalGains;
      const d = v === undefined ? undefined : new Decimal(v);
      return leaf(p, d === undefined ? 'unknown' : d.isZero() ? 'met' : 'unmet', '没有违法所得', 'no illegal gains', [{ name: 'amounts.illegalGains', value: v }], ['amounts.illegalGains']);
    }
    case 'amountMax': {
      const v = factValue(f, p.field);
      const d = toDecimal(v);
      const op = p.inclusive ? '≤' : '<';
      return leaf(p, d === undefined ? 'unknown' : within(d, new Decimal(p.max), p.inclusive) ? 'met' : 'unmet', `${p.field} ${op} ${p.max}元`, `${p.field} ${op} ${p.max} CNY`, [{ name: `amounts.${p.field}`, value: v }], [`amounts.${p.field}`]);
    }
    case 'countMax': {
      const v = factValue(f, p.field);
      const ok = typeof v === 'number' && Number.isInteger(v) && v >= 0;
      const op = p.inclusive ? '≤' : '<';
      return leaf(p, !ok ? 'unknown' : (p.inclusive ? v <= p.max : v < p.max) ? 'met' : 'unmet', `${p.field} ${op} ${p.max}${p.unit}`, `${p.field} ${op} ${p.max} (${p.unit})`, [{ name: `facts.${p.field}`, value: v }], [`facts.${p.field}`]);
    }
    case 'ratioMax': {
      const nv = factValue(f, p.numerator);
      const dv = factValue(f, p.denominator);
      const n = toDecimal(nv);
      const d = toDecimal(dv);
      const op = p.inclusive ? '≤' : '<';
      let status: ConditionStatus = 'unknown';
      if (n !== undefined && d !== undefined && d.gt(0) && n.gte(0)) status = within(n.div(d), new Decimal(p.max), p.inclusive) ? 'met' : 'unmet';
      return leaf(p, status, `${p.numerator}/${p.denominator} ${op} ${p.max}`, `${p.numerator}/${p.denominator} ${op} ${p.max}`, [
        { name: `facts.${p.numerator}`, value: nv },
        { name: `facts.${p.denominator}`, value: dv },
      ], [`facts.${p.numerator}`, `facts.${p.denominator}`]);
    }
    case 'durationMax': {
      const start = factValue(f, p.startField);
      let end: FactUsed['value'];
      let endName: string;
      if (p.endField) {
        end = factValue(f, p.endField);
        endName = `facts.${p.endField}`;
      } else if (f.dates.continuing) {
        // A continuing act lasts until it ended, or (still ongoing) until the decision.
        end = f.dates.endedAt === null ? ctx.decisionDate : f.dates.endedAt;
        endName = 'dates.endedAt';
      } else {
        end = f.dates.occurredAt;
        endName = 'dates.occurredAt';
      }
      const [zh, en] = periodText(p.max);
      let status: ConditionStatus = 'unknown';
      if (typeof start === 'string' && typeof end === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start) && /^\d{4}-\d{2}-\d{2}$/.test(end)) {
        const limit = addPeriod(start, p.max);
        status = (p.inclusive ? end <= limit : end < limit) ? 'met' : 'unmet';
      }
      return leaf(p, status, `自${p.startField}起持续${p.inclusive ? '不超过' : '不足'}${zh}`, `lasting ${p.inclusive ? 'at most' : 'less than'} ${en} from ${p.startField}`, [
        { name: `facts.${p.startField}`, value: start },
        { name: endName, value: end },
      ], [`facts.${p.startField}`, endName]);
    }
    case 'flag': {
      const v = factValue(f, p.field);
      return leaf(p, typeof v !== 'boolean' ? 'unknown' : v === p.equals ? 'met' : 'unmet', `${p.field} = ${p.equals ? '是' : '否'}`, `${p.field} is ${p.equals}`, [{ name: `facts.${p.field}`, value: v }], [`facts.${p.field}`]);
    }
    case 'enumIn': {
      const v = factValue(f, p.field);
      return leaf(p, typeof v !== 'string' ? 'unknown' : p.values.includes(v) ? 'met' : 'unmet', `${p.field} ∈ {${p.values.join('、')}}`, `${p.field} in {${p.values.join(', ')}}`, [{ name: `facts.${p.field}`, value: v }], [`facts.${p.field}`]);
    }
    case 'not': {
      const c = evaluatePredicate(p.p, ctx);
      const status: ConditionStatus = c.status === 'unknown' ? 'unknown' : c.status === 'met' ? 'unmet' : 'met';
      return { kind: p.kind, status, descriptionZh: `非（${c.descriptionZh}）`, description: `not (${c.description})`, facts: c.facts, factsNeeded: status === 'unknown' ? c.factsNeeded : [], children: [c] };
    }
    case 'all':
    case 'any': {
      const cs = p.ps.map((q) => evaluatePredicate(q, ctx));
      const status = p.kind === 'all' ? kleeneAll(cs.map((c) => c.status)) : kleeneAny(cs.map((c) => c.status));
      const j = p.kind === 'all' ? ['且', ' and '] : ['或', ' or '];
      return {
        kind: p.kind,
        status,
        descriptionZh: cs.map((c) => c.descriptionZh).join(j[0]),
        description: cs.map((c) => c.description).join(j[1]),
        facts: cs.flatMap((c) => c.facts),
        factsNeeded: status === 'unknown' ? [...new Set(cs.filter((c) => c.status === 'unknown').flatMap((c) => c.factsNeeded))] : [],
        children: cs,
      };
    }
  }
}

/**
 * Evaluates a conjunction of conditions: the overall status and each condition's result.
 * @example
 * ```ts
 * evaluateConditions(item.conditions, ctx).status; // 'met' when every condition holds
 * ```
 */
export function evaluateConditions(ps: readonly Predicate[], ctx: EvaluationContext): { status: ConditionStatus; results: ConditionResult[] } {
  const results = ps.map((p) => evaluatePredicate(p, ctx));
  return { status: kleeneAll(results.map((r) => r.status)), results };
}

export { kleeneAll, kleeneAny };
