/**
 * Records the credit services read (信用记录): the grading credit events plus 行政强制 (compulsory
 * measures such as 查封、扣押), which the grading event union does not carry yet.
 */
import { z } from 'zod';
import { eventDateSchema, usccShapeSchema, KEY_SHAPE, type CreditEvent } from '../grading/schema.js';
import type { CalendarDate } from '../calendar/index.js';

/**
 * Kinds of 行政强制措施 (行政强制法 第九条): 查封, 扣押, 冻结, other.
 *
 * @example
 * ```ts
 * COMPULSORY_MEASURE_KINDS.includes('seizure'); // true
 * ```
 */
export const COMPULSORY_MEASURE_KINDS = ['seal', 'seizure', 'freeze', 'other'] as const;

/**
 * zod schema of a 行政强制措施 record (compulsory measure: 查封场所设施财物、扣押财物、冻结存款汇款…).
 * Modelled here until the grading event union carries it.
 *
 * @example
 * ```ts
 * compulsoryMeasureSchema.parse({
 *   type: 'compulsoryMeasure', id: 'cm-1', uscc: '91310112MA1FL8X00X', date: '2025-03-02',
 *   decisionNumber: '闵市监强〔2025〕12号', authority: '上海市闵行区市场监督管理局', measureKind: 'seizure',
 * });
 * ```
 */
export const compulsoryMeasureSchema = z
  .strictObject({
    type: z.literal('compulsoryMeasure'),
    id: z.string().min(1),
    uscc: usccShapeSchema,
    /** Date the measure was decided (实施日期). */
    date: eventDateSchema,
    /** 行政强制措施决定书文号. */
    decisionNumber: z.string().min(1),
    authority: z.string().min(1),
    sector: z.string().regex(KEY_SHAPE).optional(),
    measureKind: z.enum(COMPULSORY_MEASURE_KINDS),
    /** Date the measure was lifted (解除), if it was. */
    liftedOn: eventDateSchema.optional(),
  })
  .refine((e) => e.liftedOn === undefined || e.liftedOn >= e.date, { message: 'liftedOn is before date', path: ['liftedOn'] });

/**
 * A compulsory measure (行政强制措施) record.
 *
 * @example
 * ```ts
 * const m: CompulsoryMeasureRecord = compulsoryMeasureSchema.parse(row);
 * ```
 */
export type CompulsoryMeasureRecord = z.infer<typeof compulsoryMeasureSchema>;

/**
 * Any record the services read: a grading {@link CreditEvent} or a {@link CompulsoryMeasureRecord}.
 *
 * @example
 * ```ts
 * const records: ServiceRecord[] = [...events, ...measures];
 * ```
 */
export type ServiceRecord = CreditEvent | CompulsoryMeasureRecord;

/** The authority (机关) named on a record, if any; for a 失信被执行人 the court. */
export function recordAuthority(r: ServiceRecord): string | undefined {
  switch (r.type) {
    case 'administrativePenalty':
    case 'compulsoryMeasure':
      return r.authority;
    case 'seriousIllegalListing':
    case 'abnormalOperationListing':
    case 'inspectionResult':
      return r.authority;
    case 'dishonestJudgmentDebtor':
      return r.court;
    default:
      return undefined;
  }
}

/** The sector id on a record, if any. */
export function recordSector(r: ServiceRecord): string | undefined {
  return r.type === 'administrativePenalty' || r.type === 'compulsoryMeasure' ? r.sector : undefined;
}

/** Open/closed state of a listing-like record on a date. */
interface ListingInterval {
  readonly id: string;
  readonly from: CalendarDate;
  /** Day the entity left the list (removal date), if it did by the date considered. */
  readonly until?: CalendarDate;
}

/**
 * Pairs listings with their removals (`ofRecord`, or the latest listing still open on the removal
 * date) and returns the interval of each listing. Removals after `asOf` are ignored.
 * Deterministic: listings and removals are processed in (date, id) order.
 *
 * @internal
 */
export function listingIntervals(
  records: readonly ServiceRecord[],
  listingType: 'seriousIllegalListing' | 'abnormalOperationListing',
  asOf: CalendarDate,
): { intervals: ListingInterval[]; removalOf: Map<string, { removal: string; on: CalendarDate }>; unmatched: string[] } {
  const removalType = listingType === 'seriousIllegalListing' ? 'seriousIllegalRemoval' : 'abnormalOperationRemoval';
  const byDateId = (a: ServiceRecord, b: ServiceRecord): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const listings = records.filter((r) => r.type === listingType && r.date <= asOf).sort(byDateId);
  const removals = records.filter((r) => r.type === removalType && r.date <= asOf).sort(byDateId);
  const removalOf = new Map<string, { removal: string; on: CalendarDate }>();
  const unmatched: string[] = [];
  for (const rem of removals) {
    const of = (rem as { ofRecord?: string }).ofRecord;
    let target: ServiceRecord | undefined;
    if (of !== undefined) target = listings.find((l) => l.id === of);
    else {
      for (let i = listings.length - 1; i >= 0; i--) {
        const l = listings[i]!;
        if (l.date <= rem.date && !removalOf.has(l.id)) {
          target = l;
          break;
        }
      }
    }
    if (!target) {
      unmatched.push(rem.id);
      continue;
    }
    const prev = removalOf.get(target.id);
    if (!prev || rem.date < prev.on) removalOf.set(target.id, { removal: rem.id, on: rem.date });
  }
  const intervals = listings.map((l) => {
    const rem = removalOf.get(l.id);
    return rem ? { id: l.id, from: l.date, until: rem.on } : { id: l.id, from: l.date };
  });
  return { intervals, removalOf, unmatched };
}

/** True when some listing interval is open on `date` (listed on or before, not removed by then). */
export function isListedOn(intervals: readonly ListingInterval[], date: CalendarDate): boolean {
  return intervals.some((i) => i.from <= date && (i.until === undefined || i.until > date));
}
