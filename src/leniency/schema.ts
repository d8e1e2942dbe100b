import { z } from 'zod';
import { calendarDateSchema, decimalStringSchema } from '../rulebook/primitives.js';

/**
 * Outcome ids of a leniency decision (Track A) and of a compulsory-measure decision (Track B).
 * zh labels in {@link OUTCOME_LABELS}.
 * @example
 * ```ts
 * outcomeSchema.parse('no_penalty_mandatory');
 * ```
 */
export const outcomeSchema = z.enum([
  'no_penalty_mandatory',
  'no_penalty_discretionary',
  'exempt_with_confiscation',
  'order_correction_first',
  'mitigate_lighter',
  'mitigate_reduced',
  'mitigate_lighter_or_reduced',
  'no_compulsory_measure',
  'time_barred',
  'transfer_criminal',
  'facts_not_established',
  'ordinary_penalty',
  'facts_needed',
]);
/**
 * Outcome id, e.g. `'no_penalty_mandatory'` (应当不予处罚).
 * @example
 * ```ts
 * const o: Outcome = 'mitigate_lighter';
 * ```
 */
export type Outcome = z.infer<typeof outcomeSchema>;

/**
 * Enforcement domain (执法领域) of a list item or a case.
 * @example
 * ```ts
 * domainSchema.options; // ['market', 'food', …]
 * ```
 */
export const domainSchema = z.enum([
  'market', 'food', 'drug', 'advertising', 'price', 'tax', 'culture',
  'transport', 'city_management', 'fire', 'ecology', 'other',
]);
/**
 * Enforcement domain.
 * @example
 * ```ts
 * const dom: Domain = 'fire';
 * ```
 */
export type Domain = z.infer<typeof domainSchema>;

/**
 * Kind of list: 首违不罚, 轻微不罚, 无过错不罚, 减轻清单, 从轻清单, 免强, or statute-level special rules.
 * @example
 * ```ts
 * listKindSchema.parse('first_offence');
 * ```
 */
export const listKindSchema = z.enum(['first_offence', 'minor', 'no_fault', 'reduce', 'lighter', 'no_compulsion', 'statutory']);
/**
 * Kind of list.
 * @example
 * ```ts
 * const k: ListKind = 'no_compulsion';
 * ```
 */
export type ListKind = z.infer<typeof listKindSchema>;

/**
 * Status marker of the domain files (CONFIRMED / SECONDARY / INFERRED).
 * @example
 * ```ts
 * confidenceSchema.parse('secondary');
 * ```
 */
export const confidenceSchema = z.enum(['confirmed', 'secondary', 'inferred']);
/**
 * Status marker.
 * @example
 * ```ts
 * const s: Confidence = 'inferred';
 * ```
 */
export type Confidence = z.infer<typeof confidenceSchema>;

/**
 * A statutory provision: law, article, optional paragraph (款) and item (项).
 * @example
 * ```ts
 * provisionSchema.parse({ law: '消防法', article: 60, paragraph: 1, item: 3 });
 * ```
 */
export const provisionSchema = z.strictObject({
  law: z.string().min(1),
  article: z.number().int().min(1),
  paragraph: z.number().int().min(1).optional(),
  item: z.number().int().min(1).optional(),
  text: z.string().optional(),
});
/**
 * A statutory provision.
 * @example
 * ```ts
 * const p: Provision = { law: '行政处罚法', article: 33, paragraph: 1 };
 * ```
 */
export type Provision = z.infer<typeof provisionSchema>;

/**
 * How a correction (改正) was made; the facts decide which of these hold.
 * @example
 * ```ts
 * correctionHowSchema.parse('on_the_spot');
 * ```
 */
export const correctionHowSchema = z.enum(['before_discovery', 'on_the_spot', 'immediately', 'within_ordered_period', 'before_decision']);
/**
 * How a correction was made.
 * @example
 * ```ts
 * const h: CorrectionHow = 'within_ordered_period';
 * ```
 */
export type CorrectionHow = z.infer<typeof correctionHowSchema>;

/** A length of time for a duration predicate (Civil Code arithmetic via the calendar). */
const durationSchema = z.union([
  z.strictObject({ days: z.number().int().min(1) }),
  z.strictObject({ months: z.number().int().min(1) }),
  z.strictObject({ years: z.number().int().min(1) }),
]);

/**
 * First-offence policy of a list (look-back window, scope, sameness — §6 of the domain file).
 * @example
 * ```ts
 * firstOffencePolicySchema.parse({ lookbackMonths: 24, scope: 'same_system', sameness: 'same_type', status: 'secondary' });
 * ```
 */
export const firstOffencePolicySchema = z.strictObject({
  /** Months before the act in which a prior violation defeats 首违; null = no limit. */
  lookbackMonths: z.number().int().min(1).max(600).nullable(),
  /** Whose records count: the same agency, the same enforcement system, or any. */
  scope: z.enum(['same_agency', 'same_system', 'nationwide']),
  /** Which prior acts count: the same behaviour, the same type (同类), or any act in the domain. */
  sameness: z.enum(['same_act', 'same_type', 'any_in_domain']),
  /** Prior acts before this date are not counted (e.g. a list's own start). */
  countsFrom: calendarDateSchema.optional(),
  status: confidenceSchema,
  note: z.string().optional(),
});
/**
 * First-offence policy of a list.
 * @example
 * ```ts
 * const p: FirstOffencePolicy = { lookbackMonths: null, scope: 'same_system', sameness: 'same_act', status: 'inferred' };
 * ```
 */
export type FirstOffencePolicy = z.infer<typeof firstOffencePolicySchema>;

const factKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, { message: 'expected a camelCase fact name' });

/**
 * A condition of a list item as a typed predicate. Every threshold carries its unit and whether the
 * bound is inclusive; amounts are exact decimal strings in yuan.
 * @example
 * ```ts
 * const p: Predicate = { kind: 'amountMax', field: 'goodsValue', max: '500', inclusive: true, currency: 'CNY' };
 * ```
 */
export type Predicate =
  | { kind: 'firstOffence' }
  | { kind: 'corrected'; how: CorrectionHow[] }
  | { kind: 'noHarmfulConsequence' }
  | { kind: 'harmMinor' }
  | { kind: 'noIllegalGains' }
  | { kind: 'amountMax'; field: string; max: string; inclusive: boolean; currency: 'CNY' }
  | { kind: 'countMax'; field: string; max: number; inclusive: boolean; unit: string }
  | { kind: 'ratioMax'; numerator: string; denominator: string; max: string; inclusive: boolean }
  | { kind: 'durationMax'; startField: string; endField?: string | undefined; max: { days: number } | { months: number } | { years: number }; inclusive: boolean }
  | { kind: 'flag'; field: string; equals: boolean }
  | { kind: 'enumIn'; field: string; values: string[] }
  | { kind: 'not'; p: Predicate }
  | { kind: 'all'; ps: Predicate[] }
  | { kind: 'any'; ps: Predicate[] };

/**
 * zod schema of a {@link Predicate}.
 * @example
 * ```ts
 * predicateSchema.parse({ kind: 'countMax', field: 'openFireDoors', max: 3, inclusive: true, unit: '处' });
 * ```
 */
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('firstOffence') }),
    z.strictObject({ kind: z.literal('corrected'), how: z.array(correctionHowSchema).min(1) }),
    z.strictObject({ kind: z.literal('noHarmfulConsequence') }),
    z.strictObject({ kind: z.literal('harmMinor') }),
    z.strictObject({ kind: z.literal('noIllegalGains') }),
    z.strictObject({ kind: z.literal('amountMax'), field: factKey, max: decimalStringSchema, inclusive: z.boolean(), currency: z.literal('CNY') }),
    z.strictObject({ kind: z.literal('countMax'), field: factKey, max: z.number().int().min(0), inclusive: z.boolean(), unit: z.string().min(1) }),
    z.strictObject({ kind: z.literal('ratioMax'), numerator: factKey, denominator: factKey, max: decimalStringSchema, inclusive: z.boolean() }),
    z.strictObject({ kind: z.literal('durationMax'), startField: factKey, endField: factKey.optional(), max: durationSchema, inclusive: z.boolean() }),
    z.strictObject({ kind: z.literal('flag'), field: factKey, equals: z.boolean() }),
    z.strictObject({ kind: z.literal('enumIn'), field: factKey, values: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ kind: z.literal('not'), p: predicateSchema }),
    z.strictObject({ kind: z.literal('all'), ps: z.array(predicateSchema).min(1) }),
    z.strictObject({ kind: z.literal('any'), ps: z.array(predicateSchema).min(1) }),
  ]),
) as z.ZodType<Predicate>;

/**
 * Follow-up duties attached to an item.
 * @example
 * ```ts
 * followUpSchema.parse('commitment_letter');
 * ```
 */
export const followUpSchema = z.enum([
  'educate', 'order_correction', 'commitment_letter', 'refund_consumers', 'recall',
  'register_first_offence', 'confiscate_illegal_goods', 'stop_violation', 'tax_guidance',
]);
/**
 * A follow-up duty.
 * @example
 * ```ts
 * const f: FollowUp = 'educate';
 * ```
 */
export type FollowUp = z.infer<typeof followUpSchema>;

/**
 * Which cases an item covers: the behaviour codes and/or penalty provisions, and for 免强 items the measure targets.
 * @example
 * ```ts
 * itemMatchSchema.parse({ behaviours: ['food.expired'] });
 * ```
 */
export const itemMatchSchema = z
  .strictObject({
    /** Behaviour codes (stable keys such as `food.expired`); a case names its behaviour code. */
    behaviours: z.array(z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/)).optional(),
    /** Penalty provisions: a case whose penalty provision equals one of these is covered. */
    penaltyProvisions: z.array(provisionSchema).optional(),
    /** For 免强 items: categories of the property a proposed measure targets. */
    measureTargets: z.array(z.enum(['documents', 'tools_equipment', 'materials', 'facilities', 'premises', 'goods', 'funds'])).optional(),
  })
  .refine((m) => (m.behaviours?.length ?? 0) + (m.penaltyProvisions?.length ?? 0) + (m.measureTargets?.length ?? 0) > 0, {
    message: 'an item must match at least one behaviour, penalty provision or measure target',
  });

/**
 * One item of a leniency list.
 * @example
 * ```ts
 * leniencyItemSchema.safeParse(item).success;
 * ```
 */
export const leniencyItemSchema = z.strictObject({
  /** Item number as published, e.g. "1", "1.4", "NF1". The full id is `${list.id}#${itemNo}`. */
  itemNo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/),
  domain: domainSchema,
  /** 违法行为, as published. */
  behaviour: z.string().min(1),
  /** Type key for "同类违法行为" (first-offence sameness `same_type`). */
  violationType: z.string().min(1),
  match: itemMatchSchema,
  /** 违反条款. */
  violated: z.array(provisionSchema),
  /** 处罚依据 (or, for 免强, the disapplied power). */
  penaltyBasis: z.array(provisionSchema),
  /** Statutory fine range for reference (yuan); a case may give its own. */
  statutoryRange: z.strictObject({ min: decimalStringSchema, max: decimalStringSchema }).optional(),
  /** All must hold. */
  conditions: z.array(predicateSchema),
  outcome: outcomeSchema,
  /** Exceptions as published (informational; the conditions encode them). */
  exceptions: z.array(z.string()).optional(),
  followUps: z.array(followUpSchema),
  /** Legal basis of the leniency itself, e.g. 行政处罚法 33①. */
  legalBasis: z.array(provisionSchema).min(1),
  status: confidenceSchema,
  /** Item-level effective dates inside the list's, when they differ. */
  effectiveFrom: calendarDateSchema.optional(),
  effectiveTo: calendarDateSchema.optional(),
  note: z.string().optional(),
});
/**
 * One item of a leniency list.
 * @example
 * ```ts
 * const items: LeniencyItemData[] = JSON.parse(text).items;
 * ```
 */
export type LeniencyItemData = z.infer<typeof leniencyItemSchema>;

/**
 * A published leniency list (免罚/免强清单) as data.
 * @example
 * ```ts
 * leniencyListSchema.safeParse(JSON.parse(text)).success; // prefer loadLeniencyList for messages
 * ```
 */
export const leniencyListSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, { message: 'expected an upper-case id such as "SAMR-2025-10-FV"' }),
    title: z.string().min(1),
    docNumber: z.string().min(1).optional(),
    issuers: z.array(z.string().min(1)).min(1),
    jurisdiction: z.strictObject({
      /** Code of the issuing jurisdiction, e.g. CN, CN-SH, YRD. */
      code: z.string().min(1),
      name: z.string().min(1),
      /** Case-jurisdiction prefixes the list applies in (CN matches CN-SH-MH). */
      appliesIn: z.array(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]+)*$/)).min(1),
    }),
    kind: listKindSchema,
    issuedOn: calendarDateSchema.optional(),
    effectiveFrom: calendarDateSchema,
    /** Last day in force (inclusive). */
    effectiveTo: calendarDateSchema.optional(),
    supersededBy: z.string().min(1).optional(),
    firstOffencePolicy: firstOffencePolicySchema.optional(),
    urls: z.array(z.string().url()).optional(),
    status: confidenceSchema,
    note: z.string().optional(),
    items: z.array(leniencyItemSchema).min(1),
  })
  .superRefine((l, ctx) => {
    if (l.effectiveTo !== undefined && l.effectiveTo < l.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: `ends ${l.effectiveTo} before it starts ${l.effectiveFrom}` });
    }
    const seen = new Set<string>();
    l.items.forEach((it, i) => {
      if (seen.has(it.itemNo)) ctx.addIssue({ code: 'custom', path: ['items', i, 'itemNo'], message: `item number ${it.itemNo} appears twice` });
      seen.add(it.itemNo);
      const uses = (p: Predicate): boolean =>
        p.kind === 'firstOffence' || (p.kind === 'not' && uses(p.p)) || ((p.kind === 'all' || p.kind === 'any') && p.ps.some(uses));
      it.conditions.forEach((c, j) => {
        if (uses(c) && !l.firstOffencePolicy) {
          ctx.addIssue({ code: 'custom', path: ['items', i, 'conditions', j], message: 'a firstOffence condition needs the list to declare firstOffencePolicy' });
        }
      });
      if (it.effectiveFrom && it.effectiveFrom < l.effectiveFrom) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'effectiveFrom'], message: 'item starts before its list' });
      }
      if (it.effectiveTo && l.effectiveTo && it.effectiveTo > l.effectiveTo) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'effectiveTo'], message: 'item ends after its list' });
      }
      if (it.statutoryRange && Number(it.statutoryRange.min) > Number(it.statutoryRange.max)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'statutoryRange'], message: 'min is above max' });
      }
      const noCompulsion = it.outcome === 'no_compulsory_measure';
      if (!noCompulsion && it.match.measureTargets) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'match', 'measureTargets'], message: 'only 免强 items match measure targets' });
      }
      if (!noCompulsion && !it.match.behaviours && !it.match.penaltyProvisions) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'match'], message: 'a penalty item must match behaviours or penalty provisions' });
      }
      if (noCompulsion !== (l.kind === 'no_compulsion')) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'outcome'], message: `outcome ${it.outcome} does not fit a ${l.kind} list` });
      }
      if (['facts_needed', 'time_barred', 'transfer_criminal', 'facts_not_established', 'ordinary_penalty'].includes(it.outcome)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'outcome'], message: `outcome ${it.outcome} cannot be granted by a list item` });
      }
    });
  });
/**
 * A validated leniency list (input JSON shape).
 * @example
 * ```ts
 * const data: LeniencyListData = leniencyListSchema.parse(json);
 * ```
 */
export type LeniencyListData = z.infer<typeof leniencyListSchema>;

/**
 * A fact value: boolean flag, number (count), decimal string (amount), date or enum string; null = known absent.
 * @example
 * ```ts
 * factValueSchema.parse(3);
 * ```
 */
export const factValueSchema = z.union([z.boolean(), z.number(), z.string(), z.null()]);

/**
 * The facts of one case (案件事实) that {@link decideLeniency} decides.
 * @example
 * ```ts
 * caseFactsSchema.parse(input).dates.continuing; // false when not given
 * ```
 */
export const caseFactsSchema = z.strictObject({
  caseId: z.string().min(1),
  party: z.strictObject({
    /** Stable party id for the ledger: the USCC for organisations, an id number or other key for persons. */
    id: z.string().min(1),
    name: z.string().optional(),
    type: z.enum(['natural', 'organisation']),
    /** Age at the time of the act (natural persons; 行政处罚法第三十条). */
    age: z.number().int().min(0).max(150).optional(),
    /** Raised only when claimed: absent means capacity is presumed (行政处罚法第三十一条). */
    mentalCapacity: z.enum(['full', 'none', 'partial', 'intermittent_normal']).optional(),
  }),
  /** Case jurisdiction, e.g. CN-SH-MH; default from the rulebook. */
  jurisdiction: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]+)*$/).optional(),
  domain: domainSchema,
  /** Behaviour code (matches list items' `match.behaviours`). */
  behaviour: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/),
  /** Type key for "同类"; default: the behaviour code without its last segment. */
  violationType: z.string().min(1).optional(),
  /** Deciding agency and its system (for first-offence scope). */
  agency: z.string().min(1).optional(),
  system: z.string().min(1).optional(),
  violated: z.array(provisionSchema).default([]),
  penalty: z
    .strictObject({
      provision: provisionSchema.optional(),
      /** Statutory fine range in yuan (min may be "0" for "…以下"). */
      fineRange: z.strictObject({ min: decimalStringSchema, max: decimalStringSchema }).optional(),
      /** The provision also prescribes a 并处 penalty (dropped under 减轻). */
      concurrentPenalty: z.boolean().optional(),
      /** A warning (警告) is among the prescribed penalties. */
      warningAvailable: z.boolean().optional(),
      /** The law makes liability strict (无过错不罚 displaced, Art. 33 ¶2 s2). */
      strictLiability: z.boolean().optional(),
    })
    .default({}),
  dates: z.strictObject({
    occurredAt: calendarDateSchema,
    /** The act is continuing (连续或者继续状态). */
    continuing: z.boolean().default(false),
    /** Day the continuing act ended; null = still ongoing. */
    endedAt: calendarDateSchema.nullable().optional(),
    discoveredAt: calendarDateSchema,
    /** Decision date (default: asOf). */
    decidedAt: calendarDateSchema.optional(),
  }),
  /** Whether the violation facts are established (false → 行政处罚法第五十七条第（三）项). */
  factsEstablished: z.boolean().optional(),
  suspectedCrime: z.boolean().optional(),
  /** Red-line categories (rulebook `leniency.redLineCategories`): true = the act falls in it. */
  redLines: z.record(z.string(), z.boolean()).optional(),
  /** Involves 公民生命健康安全 or 金融安全 (Art. 36 ¶1). */
  involvesLifeHealthFinancialSafety: z.boolean().optional(),
  harm: z.enum(['none', 'minor', 'serious']).optional(),
  /** 违法行为轻微 (generic Art. 33 ¶1 s1). */
  minorViolation: z.boolean().optional(),
  /** The party has evidence sufficient to prove no subjective fault (Art. 33 ¶2). */
  noFaultProven: z.boolean().optional(),
  correction: z
    .strictObject({
      /** Day corrected; null = not corrected. */
      correctedAt: calendarDateSchema.nullable().optional(),
      onTheSpot: z.boolean().optional(),
      /** Deadline of the 责令改正通知书, if one was issued. */
      orderedDeadline: calendarDateSchema.optional(),
    })
    .default({}),
  /** Amounts in yuan as exact decimal strings, e.g. goodsValue, illegalGains. */
  amounts: z.record(z.string(), decimalStringSchema).default({}),
  /** Grounds of 从轻/减轻 (rulebook ids) that hold. */
  mitigators: z.record(z.string(), z.boolean()).default({}),
  /** Further facts named by list conditions (flags, counts, dates, enums). */
  facts: z.record(z.string(), factValueSchema).default({}),
  /** A proposed 查封/扣押/冻结 (Track B). */
  proposedMeasure: z
    .strictObject({
      type: z.enum(['seal', 'seize', 'freeze']),
      target: z.enum(['documents', 'tools_equipment', 'materials', 'facilities', 'premises', 'goods', 'funds']),
      /** Measure taken on the spot in an emergency (行政强制法第十九条). */
      emergency: z.boolean().optional(),
      startOn: calendarDateSchema.optional(),
      /** Days of testing/inspection/appraisal excluded from the period (Art. 25 ¶2). */
      testingDays: z.number().int().min(0).optional(),
      /** Facts of the legality checks and the ladder. */
      authorisedByLaw: z.boolean().optional(),
      targetRelatedToCase: z.boolean().optional(),
      necessitiesOfLife: z.boolean().optional(),
      alreadySealedByAnotherOrgan: z.boolean().optional(),
      lesserMeasureSuffices: z.boolean().optional(),
    })
    .optional(),
});
/**
 * Case facts as given (input).
 * @example
 * ```ts
 * const c: CaseFactsInput = { caseId: 'C1', party: { id: '91310112MA1FL8X09J', type: 'organisation' }, domain: 'fire', behaviour: 'fire.detector_fault', dates: { occurredAt: '2025-05-10', discoveredAt: '2025-05-12' } };
 * ```
 */
export type CaseFactsInput = z.input<typeof caseFactsSchema>;
/**
 * Case facts after validation (defaults filled).
 * @example
 * ```ts
 * const f: CaseFacts = caseFactsSchema.parse(input);
 * ```
 */
export type CaseFacts = z.output<typeof caseFactsSchema>;

/**
 * One entry of the prior-violation ledger (首违台账).
 * @example
 * ```ts
 * ledgerEntrySchema.parse({ partyId: 'P', date: '2024-01-01', behaviour: 'food.expired', violationType: '食品保质期', domain: 'food', kind: 'penalty' });
 * ```
 */
export const ledgerEntrySchema = z.strictObject({
  partyId: z.string().min(1),
  /** Day of the prior act. */
  date: calendarDateSchema,
  behaviour: z.string().min(1),
  violationType: z.string().min(1),
  domain: domainSchema,
  agency: z.string().min(1).optional(),
  system: z.string().min(1).optional(),
  /** What happened: punished, waived as first offence, waived as minor, etc. */
  kind: z.enum(['penalty', 'first_offence_waiver', 'minor_waiver', 'no_fault_waiver', 'other_waiver']),
  caseId: z.string().min(1).optional(),
  itemId: z.string().min(1).optional(),
});
/**
 * One entry of the prior-violation ledger (首违台账).
 * @example
 * ```ts
 * const ledger: LedgerEntry[] = [...previous, decision.ledgerEntry!];
 * ```
 */
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
