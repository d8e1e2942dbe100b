/**
 * 信用修复告知书 (credit-repair notice) served together with a penalty decision (两书同达,
 * plan 三(一)2; 国办发〔2025〕22号; SAMR Order 45 Art. 8).
 */
import { z } from 'zod';
import { fail, isXinfengError, makeIssue, type Issue } from '../_lib/issues/index.js';
import { addPeriod, isCalendarDate, rollToWorkingDay, type Period } from '../calendar/index.js';
import { parameterAt, pickDatedValue, valueAt } from '../rulebook/value-at.js';
import { resultStamp, type ResultStamp } from '../rulebook/stamp.js';
import type { DatedValue } from '../rulebook/primitives.js';
import type { PublicityRuleSet } from '../rulebook/areas/repair.js';
import type { Rulebook } from '../rulebook/schema.js';
import {
  PENALTY_KIND_NAMES_ZH,
  PUBLICITY_TIER_NAMES_ZH,
  createPublicityCalculator,
  publicityInputFields as F,
  type PenaltyKind,
  type PublicityCitation,
  type PublicityInput,
  type PublicityTier,
  type PublicityWindow,
  type UnpublishedReason,
} from './publicity.js';

const dateSchema = z.string().refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });

/**
 * zod schema of a penalty decision (行政处罚决定) as the notice needs it.
 *
 * @example
 * ```ts
 * penaltyDecisionSchema.parse({ decisionNo: '闵市监处罚〔2025〕101号', decisionDate: '2025-03-10', partyName: '上海某餐饮有限公司',
 *   authority: '上海市闵行区市场监督管理局', violationType: '经营超过保质期的食品', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' });
 * ```
 */
export const penaltyDecisionSchema = z.strictObject({
  decisionNo: z.string().min(1),
  decisionDate: F.decisionDate,
  publicationDate: F.publicationDate,
  /** Date the decision (and the notice) is served; default the decision date. */
  servedOn: dateSchema.optional(),
  partyName: z.string().min(1),
  /** 统一社会信用代码 (organisations). */
  uscc: z.string().length(18).optional(),
  partyType: F.partyType,
  legalRep: z.string().min(1).optional(),
  authority: z.string().min(1),
  violationType: z.string().min(1),
  // The publicity facts are defined once, with the publicity calculator's input (field order kept).
  penaltyKinds: F.penaltyKinds,
  fineAmountFen: F.fineAmountFen,
  procedure: F.procedure,
  sector: F.sector,
  tier: F.tier,
  seriousList: F.seriousList,
  marketRegulation: F.marketRegulation,
  repairedOn: F.repairedOn,
});

/**
 * A penalty decision: the publicity facts plus what the notice names.
 *
 * @example
 * ```ts
 * const d: PenaltyDecision = { decisionNo: '闵市监处罚〔2025〕101号', decisionDate: '2025-03-10', partyName: '上海某餐饮有限公司',
 *   authority: '上海市闵行区市场监督管理局', violationType: '经营超过保质期的食品', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary', sector: 'food' };
 * ```
 */
export interface PenaltyDecision extends PublicityInput {
  decisionNo: string;
  servedOn?: string;
  partyName: string;
  uscc?: string;
  legalRep?: string;
  authority: string;
  violationType: string;
}

/**
 * zod schema of the agency settings (机关设置) used on every notice.
 *
 * @example
 * ```ts
 * agencySettingsSchema.parse({ name: '上海市闵行区市场监督管理局', contact: { dept: '信用监管科', phone: '021-00000000' },
 *   objectionChannel: '“信用中国”网站异议申诉栏目', noticeNumberPattern: '闵市监信修告〔{year}〕{seq:5}号' });
 * ```
 */
export const agencySettingsSchema = z.strictObject({
  name: z.string().min(1),
  contact: z.strictObject({ dept: z.string().min(1), phone: z.string().min(1), address: z.string().min(1).optional() }),
  objectionChannel: z.string().min(1),
  /** Placeholders: {year} (year of the decision), {seq} or {seq:N} (sequence, zero-padded to N). */
  noticeNumberPattern: z.string().min(1),
  /** First sequence number of each year (default 1). */
  startSequence: z.number().int().min(1).optional(),
});
/**
 * Agency settings.
 *
 * @example
 * ```ts
 * const a: AgencySettings = { name: '上海市闵行区市场监督管理局', contact: { dept: '信用监管科', phone: '021-00000000' }, objectionChannel: '…', noticeNumberPattern: '闵市监信修告〔{year}〕{seq:5}号' };
 * ```
 */
export type AgencySettings = z.infer<typeof agencySettingsSchema>;

const PLACEHOLDER = /\{([a-z]+)(?::(\d+))?\}/g;

/**
 * Formats a notice number from the agency's pattern.
 *
 * @throws XinfengError `REPAIR_NOTICE_PATTERN_INVALID` when the pattern has no `{seq}` or an unknown placeholder.
 * @example
 * ```ts
 * formatNoticeNumber('闵市监信修告〔{year}〕{seq:5}号', 2025, 12); // '闵市监信修告〔2025〕00012号'
 * ```
 */
export function formatNoticeNumber(pattern: string, year: number, seq: number): string {
  validateNoticePattern(pattern);
  return pattern.replace(PLACEHOLDER, (_m, name: string, width?: string) => {
    const v = String(name === 'year' ? year : seq);
    return width ? v.padStart(Number(width), '0') : v;
  });
}

/**
 * Checks a notice-number pattern.
 *
 * @throws XinfengError `REPAIR_NOTICE_PATTERN_INVALID`.
 * @example
 * ```ts
 * validateNoticePattern('闵市监信修告〔{year}〕{seq:5}号'); // ok
 * ```
 */
export function validateNoticePattern(pattern: string): void {
  let hasSeq = false;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    if (m[1] === 'seq') hasSeq = true;
    else if (m[1] !== 'year') fail('REPAIR_NOTICE_PATTERN_INVALID', { pattern, reason: `unknown placeholder {${m[1]}} (use {year}, {seq} or {seq:N})` });
    if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12)) fail('REPAIR_NOTICE_PATTERN_INVALID', { pattern, reason: 'width must be 1–12' });
  }
  if (!hasSeq) fail('REPAIR_NOTICE_PATTERN_INVALID', { pattern, reason: 'a {seq} placeholder is required so that numbers are unique' });
}

/** One platform's publicity as stated in the notice. */
export interface NoticePlatformLine {
  readonly platformsZh: readonly string[];
  readonly ruleSetName: string;
  readonly ruleSetIds: readonly string[];
  readonly published: boolean;
  readonly unpublishedReasonZh?: string;
  readonly basisZh: string;
  readonly basisDate: string;
  readonly basisAssumed: boolean;
  readonly minimumPeriodZh?: string;
  readonly maximumPeriodZh?: string;
  readonly minimumPeriodEnd?: string;
  readonly earliestRepairDate?: string;
  readonly maximumPeriodEnd?: string;
  readonly automaticEnd?: string;
  readonly repairable: boolean;
  readonly nonRepairableZh?: string;
}

/** Repair requirements of one published rule set (e.g. 信用中国 under Order 58, GSXT under SAMR rules). */
export interface NoticeRepairGroup {
  readonly platformsZh: readonly string[];
  readonly ruleSetName: string;
  readonly conditions: readonly string[];
  readonly materials: readonly string[];
  readonly channels: readonly string[];
  readonly offlineWindow?: string;
  readonly nonRepairable: readonly string[];
  readonly handling?: string;
}

/**
 * The structured 信用修复告知书 (fields of credit-repair.md §F).
 */
export interface CreditRepairNotice {
  readonly noticeNo: string;
  readonly agencyName: string;
  /** Date of the notice = date served with the decision (两书同达). */
  readonly issuedOn: string;
  readonly servedWithDecision: true;
  readonly party: { readonly name: string; readonly uscc?: string; readonly type: 'organisation' | 'person'; readonly legalRep?: string };
  readonly penalty: {
    readonly decisionNo: string;
    readonly decisionDate: string;
    readonly publicationDate?: string;
    readonly authority: string;
    readonly violationType: string;
    readonly kinds: readonly PenaltyKind[];
    readonly kindsZh: readonly string[];
    readonly fineAmountFen?: number;
    readonly procedure: 'simple' | 'ordinary';
    readonly sector?: string;
  };
  readonly publication: {
    readonly willBePublished: boolean;
    readonly unpublishedReason?: UnpublishedReason;
    readonly unpublishedReasonZh?: string;
    readonly platforms: readonly { readonly id: string; readonly nameZh: string; readonly url?: string }[];
    readonly tier: PublicityTier;
    readonly tierZh: string;
    readonly tierBasis: 'authority' | 'derived';
    readonly basis: 'decisionDate' | 'publicationDate';
    readonly basisDate: string;
    readonly minimumPeriodEnd?: string;
    readonly earliestRepairDate?: string;
    readonly earliestClearDate?: string;
    readonly maximumPeriodEnd?: string;
    readonly automaticEnd?: string;
    readonly byPlatform: readonly NoticePlatformLine[];
  };
  readonly repair: {
    readonly repairable: boolean;
    /** Conditions, materials and channels per published rule set (platform group). */
    readonly byRuleSet: readonly NoticeRepairGroup[];
    readonly conditions: readonly string[];
    readonly materials: readonly string[];
    readonly channels: readonly string[];
    readonly offlineWindows: readonly string[];
    readonly nonRepairable: readonly string[];
    readonly handling: readonly string[];
    readonly freeOfChargeReminder: true;
  };
  readonly objectionChannel: string;
  readonly contact: AgencySettings['contact'];
  readonly legalBasis: readonly PublicityCitation[];
  /** Deadlines the party must meet (rolled to a working day, 民法典第二百零三条). */
  readonly deadlines: { readonly finePaymentDue?: string };
  readonly reminders: { readonly beforeEligible?: string; readonly atEligible?: string; readonly afterEligibleIfUnrepaired?: string };
  /** First day the record stops counting in the credit grade (same value grading uses). */
  readonly stopsCountingOn?: string;
  readonly window: PublicityWindow;
  readonly warnings: readonly Issue[];
  readonly stamp: ResultStamp;
}

/** Options of {@link createNoticeBuilder}. */
export interface NoticeOptions {
  readonly rulebook: Rulebook;
  /** The date the notices are computed on (stamp, staleness of rules, decisions in the future). */
  readonly asOf: string;
}

const UNPUBLISHED_ZH: Readonly<Record<UnpublishedReason, string>> = {
  simpleProcedure: '适用简易程序作出的行政处罚不予公示',
  onlyExemptKinds: '仅受警告（或通报批评）处罚的信息不予公示',
  minorTier: '轻微失信信息原则上不予公示',
  noRuleSet: '处罚决定日期无适用的公示规则',
};

/**
 * Period in zh-CN words.
 *
 * @example
 * ```ts
 * periodZh({ months: 3 }); // '3个月'
 * ```
 */
export function periodZh(p: Period): string {
  if (p.years !== undefined) return `${p.years}年`;
  if (p.months !== undefined) return `${p.months}个月`;
  return p.days === 0 ? '无最短期限（履行义务后即可申请）' : `${p.days}日`;
}

function rollSafe(date: string, warnings: Issue[]): string {
  try {
    return rollToWorkingDay(date);
  } catch (e) {
    if (isXinfengError(e) && e.code === 'CALENDAR_YEAR_NOT_COVERED') {
      warnings.push(makeIssue('REPAIR_DEADLINE_NOT_ROLLED', { date }, { severity: 'warning' }));
      return date;
    }
    throw e;
  }
}

/**
 * Creates a notice builder for a rulebook and asOf: `(decision, agency, sequence) → notice`.
 * Reuses one publicity calculator (the same one grading uses).
 *
 * @example
 * ```ts
 * const build = createNoticeBuilder({ rulebook: defaultRulebook(), asOf: '2025-03-31' });
 * const n = build(decision, agency, 1);
 * n.noticeNo; n.publication.earliestRepairDate;
 * ```
 */
export function createNoticeBuilder(options: NoticeOptions): (decision: PenaltyDecision, agency: AgencySettings, sequence: number) => CreditRepairNotice {
  const { rulebook, asOf } = options;
  if (!isCalendarDate(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  const calc = createPublicityCalculator(rulebook);
  const stamp = resultStamp(rulebook, asOf);
  const ccValues = parameterAt(rulebook, 'repair.ruleSets.creditChina').values as DatedValue<PublicityRuleSet>[];
  const gsxtValues = parameterAt(rulebook, 'repair.ruleSets.gsxt').values as DatedValue<PublicityRuleSet>[];
  const stale = new Map<string, Issue | null>();
  const staleCheck = (path: string, date: string, out: Issue[]): void => {
    const key = `${path}|${date}`;
    let r = stale.get(key);
    if (r === undefined) {
      r = null;
      try {
        const v = valueAt(rulebook, path, date);
        if (v.source.reviewBy < asOf) {
          r = makeIssue('RULEBOOK_STALE_VALUE', { path, reviewBy: v.source.reviewBy, asOf, lastVerifiedOn: v.source.lastVerifiedOn }, { severity: 'warning' });
        }
      } catch (e) {
        if (!isXinfengError(e)) throw e;
      }
      stale.set(key, r);
    }
    if (r && !out.includes(r)) out.push(r);
  };

  return (decision, agency, sequence) => {
    const w = calc(decision);
    const warnings: Issue[] = [...w.warnings];
    const issuedOn = decision.servedOn ?? decision.decisionDate;
    if (decision.decisionDate > asOf) {
      warnings.push(makeIssue('REPAIR_DECISION_AFTER_AS_OF', { decisionNo: decision.decisionNo, decisionDate: decision.decisionDate, asOf }, { severity: 'warning' }));
    }
    const platformsTable = pickDatedValue(parameterAt(rulebook, 'repair.platforms').values as DatedValue<{ id: string; nameZh: string; url?: string }[]>[], decision.decisionDate)?.value ?? [];
    const platformName = (id: string) => platformsTable.find((p) => p.id === id)?.nameZh ?? id;
    for (const p of ['repair.tierTable', 'repair.minimumPeriodReached', 'repair.finePaymentDays', 'repair.reminders']) staleCheck(p, decision.decisionDate, warnings);

    // Notice text comes from the rule sets that were assessed (published ones, else all).
    const conditions: string[] = [];
    const materials: string[] = [];
    const channels: string[] = [];
    const offline: string[] = [];
    const nonRepairable: string[] = [];
    const handling: string[] = [];
    const add = (list: string[], items: readonly string[]) => {
      for (const i of items) if (!list.includes(i)) list.push(i);
    };
    const byPlatform: NoticePlatformLine[] = [];
    const groups: NoticeRepairGroup[] = [];
    const legalBasis: PublicityCitation[] = [];
    const seenBasis = new Set<string>();
    for (const pw of w.platformWindows) {
      staleCheck(pw.series === 'gsxt' ? 'repair.ruleSets.gsxt' : 'repair.ruleSets.creditChina', pw.basisDate, warnings);
      const dv = pickDatedValue(pw.series === 'gsxt' ? gsxtValues : ccValues, pw.basisDate);
      if (dv) {
        // The legal-basis chain names the documents, never xinfeng's own defaults.
        for (const c of dv.value.legalBasis) {
          const k = `${c.title}|${c.docNo ?? ''}`;
          if (c.status === 'library-default' || seenBasis.has(k)) continue;
          seenBasis.add(k);
          const e: { title: string; docNo?: string; article?: string; status: string } = { title: c.title, status: c.status };
          if (c.docNo) e.docNo = c.docNo;
          if (c.article) e.article = c.article;
          legalBasis.push(e);
        }
      }
      if (dv && pw.published) {
        const n = dv.value.notice;
        const g: { -readonly [K in keyof NoticeRepairGroup]: NoticeRepairGroup[K] } = {
          platformsZh: pw.platforms.map(platformName),
          ruleSetName: pw.ruleSetName,
          conditions: n.conditions,
          materials: n.materials,
          channels: n.channels,
          nonRepairable: n.nonRepairable,
        };
        if (n.offlineWindow) g.offlineWindow = n.offlineWindow;
        if (n.handling) g.handling = n.handling;
        groups.push(g);
        add(conditions, n.conditions);
        add(materials, n.materials);
        add(channels, n.channels);
        if (n.offlineWindow) add(offline, [n.offlineWindow]);
        add(nonRepairable, n.nonRepairable);
        if (n.handling) add(handling, [n.handling]);
      }
      const line: { -readonly [K in keyof NoticePlatformLine]: NoticePlatformLine[K] } = {
        platformsZh: pw.platforms.map(platformName),
        ruleSetName: pw.ruleSetName,
        ruleSetIds: pw.ruleSetIds,
        published: pw.published,
        basisZh: pw.basis === 'decisionDate' ? '自行政处罚决定作出之日起算' : pw.basisAssumed ? '自公示之日起算，公示日期未定，按最迟公示日推算' : '自公示之日起算',
        basisDate: pw.basisDate,
        basisAssumed: pw.basisAssumed,
        repairable: pw.repairable,
      };
      if (pw.unpublishedReason) line.unpublishedReasonZh = UNPUBLISHED_ZH[pw.unpublishedReason];
      if (pw.minimumPeriod) line.minimumPeriodZh = periodZh(pw.minimumPeriod);
      if (pw.maximumPeriod) line.maximumPeriodZh = periodZh(pw.maximumPeriod);
      if (pw.minimumPeriodEnd) line.minimumPeriodEnd = pw.minimumPeriodEnd;
      if (pw.earliestRepairDate) line.earliestRepairDate = pw.earliestRepairDate;
      if (pw.maximumPeriodEnd) line.maximumPeriodEnd = pw.maximumPeriodEnd;
      if (pw.automaticEnd) line.automaticEnd = pw.automaticEnd;
      if (pw.published && !pw.repairable) {
        line.nonRepairableZh =
          pw.nonRepairableReason === 'lightPenalty'
            ? '仅受通报批评或较低数额罚款，公示期满自动停止公示，不适用提前修复'
            : `含${pw.nonRepairableKinds.map((k) => PENALTY_KIND_NAMES_ZH[k]).join('、')}，不适用提前停止公示`;
      }
      byPlatform.push(line);
    }

    const deadlines: { finePaymentDue?: string } = {};
    if (decision.penaltyKinds.includes('fine')) {
      const fp = pickDatedValue(parameterAt(rulebook, 'repair.finePaymentDays').values as DatedValue<number>[], issuedOn);
      if (fp) {
        // A deadline the party must meet: Civil Code Art. 203 roll-over applies.
        deadlines.finePaymentDue = rollSafe(addPeriod(issuedOn, { days: fp.value }), warnings);
      }
    }
    const reminders: { beforeEligible?: string; atEligible?: string; afterEligibleIfUnrepaired?: string } = {};
    if (w.published && w.repairable && w.earliestRepairDate) {
      const rv = pickDatedValue(parameterAt(rulebook, 'repair.reminders').values as DatedValue<{ beforeEligibleDays: number; afterEligibleDays: number }>[], decision.decisionDate);
      reminders.atEligible = w.earliestRepairDate;
      if (rv) {
        if (rv.value.beforeEligibleDays < 0) {
          const b = rollSafe(addPeriod(w.earliestRepairDate, { days: rv.value.beforeEligibleDays }), warnings);
          if (b > issuedOn && b < w.earliestRepairDate) reminders.beforeEligible = b;
        }
        if (rv.value.afterEligibleDays > 0) {
          const a = rollSafe(addPeriod(w.earliestRepairDate, { days: rv.value.afterEligibleDays }), warnings);
          if (w.automaticEnd === undefined || a < w.automaticEnd) reminders.afterEligibleIfUnrepaired = a;
        }
      }
    }

    const year = Number(decision.decisionDate.slice(0, 4));
    const party: { name: string; uscc?: string; type: 'organisation' | 'person'; legalRep?: string } = {
      name: decision.partyName,
      type: decision.partyType ?? 'organisation',
    };
    if (decision.uscc !== undefined) party.uscc = decision.uscc;
    if (decision.legalRep !== undefined) party.legalRep = decision.legalRep;
    const penalty: { -readonly [K in keyof CreditRepairNotice['penalty']]: CreditRepairNotice['penalty'][K] } = {
      decisionNo: decision.decisionNo,
      decisionDate: decision.decisionDate,
      authority: decision.authority,
      violationType: decision.violationType,
      kinds: [...decision.penaltyKinds],
      kindsZh: decision.penaltyKinds.map((k) => PENALTY_KIND_NAMES_ZH[k]),
      procedure: decision.procedure,
    };
    if (decision.publicationDate !== undefined) penalty.publicationDate = decision.publicationDate;
    if (decision.fineAmountFen !== undefined) penalty.fineAmountFen = decision.fineAmountFen;
    if (decision.sector !== undefined) penalty.sector = decision.sector;
    const publication: { -readonly [K in keyof CreditRepairNotice['publication']]: CreditRepairNotice['publication'][K] } = {
      willBePublished: w.published,
      platforms: w.platforms.map((id) => {
        const p = platformsTable.find((x) => x.id === id);
        return p ? { ...p } : { id, nameZh: id };
      }),
      tier: w.tier,
      tierZh: PUBLICITY_TIER_NAMES_ZH[w.tier],
      tierBasis: w.tierBasis,
      basis: w.basis,
      basisDate: w.basisDate,
      byPlatform,
    };
    if (w.unpublishedReason) {
      publication.unpublishedReason = w.unpublishedReason;
      publication.unpublishedReasonZh = UNPUBLISHED_ZH[w.unpublishedReason];
    }
    if (w.minimumPeriodEnd) publication.minimumPeriodEnd = w.minimumPeriodEnd;
    if (w.earliestRepairDate) publication.earliestRepairDate = w.earliestRepairDate;
    if (w.earliestClearDate) publication.earliestClearDate = w.earliestClearDate;
    if (w.maximumPeriodEnd) publication.maximumPeriodEnd = w.maximumPeriodEnd;
    if (w.automaticEnd) publication.automaticEnd = w.automaticEnd;

    const notice: { -readonly [K in keyof CreditRepairNotice]: CreditRepairNotice[K] } = {
      noticeNo: formatNoticeNumber(agency.noticeNumberPattern, year, sequence),
      agencyName: agency.name,
      issuedOn,
      servedWithDecision: true,
      party,
      penalty,
      publication,
      repair: {
        repairable: w.repairable,
        byRuleSet: groups,
        conditions,
        materials,
        channels,
        offlineWindows: offline,
        nonRepairable,
        handling,
        freeOfChargeReminder: true,
      },
      objectionChannel: agency.objectionChannel,
      contact: agency.contact,
      legalBasis,
      deadlines,
      reminders,
      window: w,
      warnings,
      stamp,
    };
    if (w.stopsCountingOn) notice.stopsCountingOn = w.stopsCountingOn;
    return notice;
  };
}

/** Result of {@link buildNotices}. */
export interface NoticeBatch {
  /** Notices in canonical order (decision date, then decision number). */
  readonly notices: readonly CreditRepairNotice[];
  /** Decisions not turned into notices, with the reason (each names the decision). */
  readonly rejected: readonly { readonly decisionNo: string; readonly issues: readonly Issue[] }[];
  readonly stamp: ResultStamp;
}

/**
 * Builds the notices of a batch of decisions. Output is independent of input order: decisions are
 * sorted by (decision date, decision number) and numbered per decision year from
 * `agency.startSequence` (default 1). A decision number that appears more than once rejects every
 * copy (the notice number would otherwise depend on input order).
 *
 * @throws XinfengError `REPAIR_AGENCY_INVALID` / `REPAIR_NOTICE_PATTERN_INVALID` for bad settings.
 * @example
 * ```ts
 * const { notices } = buildNotices(decisions, agency, { rulebook: defaultRulebook(), asOf: '2025-12-31' });
 * renderNoticeText(notices[0]!);
 * ```
 */
export function buildNotices(decisions: readonly PenaltyDecision[], agency: AgencySettings, options: NoticeOptions): NoticeBatch {
  const a = agencySettingsSchema.safeParse(agency);
  if (!a.success) {
    const i = a.error.issues[0]!;
    fail('REPAIR_AGENCY_INVALID', { path: i.path.join('.') || '$', reason: i.message });
  }
  validateNoticePattern(agency.noticeNumberPattern);
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d.decisionNo, (counts.get(d.decisionNo) ?? 0) + 1);
  const rejected: { decisionNo: string; issues: Issue[] }[] = [];
  const ok: PenaltyDecision[] = [];
  for (const d of decisions) {
    if ((counts.get(d.decisionNo) ?? 0) > 1) {
      rejected.push({ decisionNo: d.decisionNo, issues: [makeIssue('REPAIR_DECISION_DUPLICATE', { decisionNo: d.decisionNo, firstLine: '-' })] });
    } else ok.push(d);
  }
  ok.sort((x, y) => (x.decisionDate < y.decisionDate ? -1 : x.decisionDate > y.decisionDate ? 1 : x.decisionNo < y.decisionNo ? -1 : x.decisionNo > y.decisionNo ? 1 : 0));
  rejected.sort((x, y) => (x.decisionNo < y.decisionNo ? -1 : x.decisionNo > y.decisionNo ? 1 : 0));
  const build = createNoticeBuilder(options);
  const seq = new Map<string, number>();
  const start = agency.startSequence ?? 1;
  const notices: CreditRepairNotice[] = [];
  for (const d of ok) {
    const y = d.decisionDate.slice(0, 4);
    const n = seq.get(y) ?? start;
    seq.set(y, n + 1);
    notices.push(build(d, agency, n));
  }
  return { notices, rejected, stamp: resultStamp(options.rulebook, options.asOf) };
}
