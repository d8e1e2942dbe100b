/**
 * 专用信用报告 (special credit report replacing 有无违法记录证明, 沪府办规〔2023〕6号; 发改财金〔2025〕565号;
 * plan 三(一)2): every record of one enterprise in a chosen range and chosen domains, repaired ones
 * marked 已修复, with an explicit "本期间内无记录" for each empty domain and a verification digest.
 */
import { fail, isXinfengError, makeIssue, type Issue } from '../_lib/issues/index.js';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { closest } from '../_lib/suggest.js';
import { LIBRARY_VERSION } from '../_lib/version.js';
import { addPeriod, isCalendarDate, type CalendarDate } from '../calendar/index.js';
import { createRulebookReader, rulebookHash, resultStamp, type ParameterRead, type ResultStamp, type Rulebook } from '../rulebook/index.js';
import type { AdministrativePenaltyEvent } from '../grading/schema.js';
import { assignDomain } from './domains.js';
import { listingIntervals, type ServiceRecord } from './records.js';
import { repairPublicityLookup } from './publicity.js';

/** Kinds of record a report lists. */
export type ReportRecordKind = 'administrativePenalty' | 'compulsoryMeasure' | 'seriousIllegalListing' | 'dishonestJudgmentDebtor' | 'abnormalOperationListing';

/**
 * Identifier of the report format (bumped when the content or rendering changes).
 *
 * @example
 * ```ts
 * report.format === CREDIT_REPORT_FORMAT; // true
 * ```
 */
export const CREDIT_REPORT_FORMAT = 'xinfeng.credit-report/1' as const;

/**
 * zh-CN names of the record kinds (presentation).
 *
 * @example
 * ```ts
 * REPORT_RECORD_KIND_ZH.compulsoryMeasure; // '行政强制'
 * ```
 */
export const REPORT_RECORD_KIND_ZH: Readonly<Record<ReportRecordKind, string>> = {
  administrativePenalty: '行政处罚',
  compulsoryMeasure: '行政强制',
  seriousIllegalListing: '严重违法失信名单',
  dishonestJudgmentDebtor: '失信被执行人',
  abnormalOperationListing: '经营异常名录',
};

const REPORT_RECORD_KIND_EN: Readonly<Record<ReportRecordKind, string>> = {
  administrativePenalty: 'administrative penalties',
  compulsoryMeasure: 'compulsory measures',
  seriousIllegalListing: 'serious illegal and dishonest list entries',
  dishonestJudgmentDebtor: 'dishonest judgment debtor entries',
  abnormalOperationListing: 'abnormal operation list entries',
};

/**
 * The statement printed for a domain without records.
 *
 * @example
 * ```ts
 * report.domains.filter((d) => d.statement === NO_RECORD_STATEMENT).map((d) => d.nameZh);
 * ```
 */
export const NO_RECORD_STATEMENT = '本期间内无记录 / no record in this period';

/** Publicity state of a penalty on the cut-off date: 公示中, 已停止公示, or 未公示 (e.g. 简易程序). */
export interface RecordPublicity {
  readonly state: 'published' | 'ended' | 'notPublished';
  /** First day the record is (or was) no longer published. */
  readonly endsOn?: CalendarDate;
}

/**
 * Publicity of a penalty on the cut-off date, given the date of its repair if any. The default
 * ({@link repairPublicityLookup}) uses the repair area's publicity rules; injectable for tests.
 */
export type PublicityLookup = (penalty: AdministrativePenaltyEvent, repairedOn: CalendarDate | undefined) => RecordPublicity | undefined;

/** One record as listed in the report. Only JSON values (the report is hashed as canonical JSON). */
export interface CreditReportRecord {
  readonly id: string;
  readonly kind: ReportRecordKind;
  readonly kindZh: string;
  /** Decision / listing date. */
  readonly date: CalendarDate;
  /** 决定书文号 or 执行案号. */
  readonly documentNumber?: string;
  readonly authority?: string;
  readonly sector?: string;
  /** For penalties: 简易程序 (`simple`) or 普通程序 (`ordinary`). */
  readonly procedure?: 'simple' | 'ordinary';
  readonly penaltyKinds?: readonly string[];
  readonly fineAmountFen?: number;
  /** For compulsory measures: 查封 / 扣押 / 冻结 / 其他. */
  readonly measureKind?: string;
  /** 已修复: the repair date and the repair record. */
  readonly repaired?: { readonly on: CalendarDate; readonly byRecord: string };
  /** 已移出 / 已解除: left the list (or the measure was lifted) on this date. */
  readonly removed?: { readonly on: CalendarDate; readonly byRecord?: string };
  /** Publicity state on the data cut-off date (absent when publicity is not assessed). */
  readonly publicity?: RecordPublicity;
  /** How the domain was chosen (sector id, authority name, or the fallback domain). */
  readonly domainMatchedBy: 'sector' | 'authority' | 'fallback';
}

/** One domain section of the report. */
export interface CreditReportDomain {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly records: readonly CreditReportRecord[];
  /** {@link NO_RECORD_STATEMENT} when `records` is empty. */
  readonly statement?: string;
}

/** The content of a report (everything the digest covers). */
export interface CreditReportContent {
  readonly format: typeof CREDIT_REPORT_FORMAT;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly subject: { readonly uscc: string; readonly name: string };
  readonly region: { readonly code: string; readonly name: string };
  readonly range: { readonly from: CalendarDate; readonly to: CalendarDate };
  /** 数据截止日: the report states facts known up to this day (the computation's asOf). */
  readonly dataCutOff: CalendarDate;
  readonly recordKinds: readonly { readonly kind: ReportRecordKind; readonly nameZh: string }[];
  /** Categories the report must cover that the source data cannot carry. */
  readonly categoriesNotInData: readonly { readonly id: string; readonly nameZh: string; readonly nameEn: string }[];
  readonly domains: readonly CreditReportDomain[];
  readonly rulebook: { readonly id: string; readonly edition: string; readonly hash: string };
  readonly libraryVersion: string;
}

/**
 * A report: its content and the verification digest (SHA-256) over content, rulebook hash and cut-off.
 *
 * @example
 * ```ts
 * const { report } = buildCreditReport(request, { rulebook, asOf });
 * report.domains[0]?.records[0]?.repaired?.on; // 已修复 date, if any
 * ```
 */
export interface CreditReport extends CreditReportContent {
  readonly digestAlgorithm: 'sha256';
  /** Lower-case hex SHA-256 of {@link creditReportDigest}'s canonical input. */
  readonly digest: string;
}

/** Why a record of the input is not listed in the report. */
export type ReportExclusionReason =
  | 'otherEnterprise'
  | 'afterCutOff'
  | 'outsideRange'
  | 'domainNotSelected'
  | 'notReportedKind'
  | 'appliedAsRepairOrRemoval';

/** A record of the input that is not listed, with its reason (nothing is dropped silently). */
export interface ReportExclusion {
  readonly id: string;
  readonly type: string;
  readonly date: CalendarDate;
  readonly reason: ReportExclusionReason;
}

/** What {@link buildCreditReport} needs about the enterprise. */
export interface CreditReportSubject {
  readonly uscc: string;
  readonly name: string;
}

/** The request: enterprise, its records, the range and the domains it chose. */
export interface CreditReportRequest {
  readonly enterprise: CreditReportSubject;
  /** The enterprise's records (records of other enterprises are reported as excluded). */
  readonly records: readonly ServiceRecord[];
  /** First day of the range (inclusive). */
  readonly from: CalendarDate;
  /** Last day of the range (inclusive); not after `asOf`. */
  readonly to: CalendarDate;
  /** Domain ids from the rulebook catalogue; empty or absent = every domain. */
  readonly domains?: readonly string[];
  /**
   * Record kinds the source data cannot carry (e.g. `compulsoryMeasure` when the export has no
   * 行政强制 records). The report states that it does not cover them instead of implying there are none.
   */
  readonly unavailableKinds?: readonly ReportRecordKind[];
}

/** Options of {@link buildCreditReport}. */
export interface CreditReportOptions {
  readonly rulebook: Rulebook;
  /** Data cut-off date: rules are read on it and records after it are ignored. */
  readonly asOf: CalendarDate;
  /**
   * Publicity state of penalties. Default: the repair area's publicity rules of `rulebook`
   * ({@link repairPublicityLookup}); `false` = do not state publicity.
   */
  readonly publicity?: PublicityLookup | false;
}

/** Result of {@link buildCreditReport}. */
export interface CreditReportResult {
  readonly report: CreditReport;
  /** Input records not listed, each with its reason, sorted by (date, id). */
  readonly excluded: readonly ReportExclusion[];
  readonly warnings: readonly Issue[];
  /** Rulebook parameters read (path, dates, source). */
  readonly reads: readonly ParameterRead[];
  readonly stamp: ResultStamp;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The digest of report content: SHA-256 (hex) of the canonical JSON of
 * `{ content, rulebookHash, dataCutOff }`. Any change to a record, the range, the domains, the
 * rulebook hash or the cut-off date changes it.
 *
 * @example
 * ```ts
 * const { report } = buildCreditReport(request, { rulebook, asOf: '2025-06-30' });
 * creditReportDigest(report) === report.digest; // true
 * ```
 */
export function creditReportDigest(report: CreditReportContent | CreditReport): string {
  const { digest: _d, digestAlgorithm: _a, ...content } = report as CreditReport;
  return sha256Hex(canonicalJson({ content, rulebookHash: content.rulebook.hash, dataCutOff: content.dataCutOff }));
}

function checkDate(name: string, value: unknown): asserts value is CalendarDate {
  if (!isCalendarDate(value)) fail('INVALID_CALENDAR_DATE', { value: `${name}=${String(value)}` });
}

function isReportKind(type: string): type is ReportRecordKind {
  return type in REPORT_RECORD_KIND_ZH;
}

/**
 * Builds the 专用信用报告 of one enterprise for a range and a set of domains (plan 三(一)2).
 *
 * - Lists every record of the enterprise whose kind the rulebook's `recordKinds` names, whose date
 *   lies in `[from, to]` and whose domain (rulebook mapping) is selected — penalties of the simple
 *   procedure included. Nothing else is listed; every other input record is in `excluded` with a reason.
 * - Marks 已修复 from `creditRepair` records (repair date ≤ asOf), 已移出 from list removals and
 *   `removedOn`, 已解除 from `liftedOn`. Repaired records stay listed.
 * - A selected domain without records carries {@link NO_RECORD_STATEMENT}.
 * - Output is independent of the input order; the digest covers content, rulebook hash and cut-off.
 *
 * @throws XinfengError `SERVICES_REPORT_RANGE_INVALID` (from > to), `SERVICES_REPORT_RANGE_TOO_LONG`,
 * `SERVICES_REPORT_RANGE_AFTER_CUTOFF` (to > asOf), `SERVICES_UNKNOWN_DOMAIN`, `INVALID_CALENDAR_DATE`.
 * @example
 * ```ts
 * const { report, excluded } = buildCreditReport(
 *   { enterprise, records: events, from: '2023-07-01', to: '2025-06-30', domains: ['market-regulation'] },
 *   { rulebook: defaultRulebook(), asOf: '2025-06-30' },
 * );
 * renderCreditReportText(report);
 * ```
 */
export function buildCreditReport(request: CreditReportRequest, options: CreditReportOptions): CreditReportResult {
  const { rulebook, asOf } = options;
  const { enterprise, from, to } = request;
  checkDate('asOf', asOf);
  checkDate('from', from);
  checkDate('to', to);
  if (from > to) fail('SERVICES_REPORT_RANGE_INVALID', { from, to });
  if (to > asOf) fail('SERVICES_REPORT_RANGE_AFTER_CUTOFF', { to, asOf });

  const reader = createRulebookReader(rulebook, asOf);
  const maxYears = reader.get('services.creditReport.maxRangeYears');
  // A period of `maxYears` years whose first counted day is `from` (民法典第二百零一、二百零二条: it
  // runs from the day before, which is not counted, to the same-numbered day or month-end).
  const lastTo = addPeriod(addPeriod(from, { days: -1 }), { years: maxYears });
  if (to > lastTo) fail('SERVICES_REPORT_RANGE_TOO_LONG', { from, to, years: maxYears, lastTo });
  const kinds = reader.get('services.creditReport.recordKinds');
  const notInData = reader.get('services.creditReport.categoriesNotInData');
  const catalogue = reader.get('services.creditReport.domainCatalogue');

  const known = catalogue.domains.map((d) => d.id);
  const requested = request.domains && request.domains.length > 0 ? request.domains : known;
  for (const d of requested) {
    if (!known.includes(d)) {
      const near = closest(d, known);
      fail('SERVICES_UNKNOWN_DOMAIN', {
        domain: d,
        suggestion: near ? ` (did you mean "${near}"?)` : '',
        suggestionZh: near ? `（是否应为“${near}”？）` : '',
        known: known.join(', '),
      });
    }
  }
  const selected = new Set(requested);

  const warnings: Issue[] = [];
  const excluded: ReportExclusion[] = [];
  const exclude = (r: ServiceRecord, reason: ReportExclusionReason): void => {
    excluded.push({ id: r.id, type: r.type, date: r.date, reason });
  };

  // 1. The enterprise's records known on the cut-off date.
  const own: ServiceRecord[] = [];
  for (const r of request.records) {
    if (r.uscc !== enterprise.uscc) {
      warnings.push(makeIssue('SERVICES_RECORD_OTHER_ENTERPRISE', { record: r.id, recordUscc: r.uscc, uscc: enterprise.uscc }));
      exclude(r, 'otherEnterprise');
    } else if (r.date > asOf) {
      warnings.push(makeIssue('SERVICES_RECORD_AFTER_CUTOFF', { record: r.id, date: r.date, asOf }));
      exclude(r, 'afterCutOff');
    } else own.push(r);
  }
  const idCounts = new Map<string, number>();
  for (const r of own) idCounts.set(r.id, (idCounts.get(r.id) ?? 0) + 1);
  for (const [id, count] of [...idCounts].sort((a, b) => cmp(a[0], b[0]))) {
    if (count > 1) warnings.push(makeIssue('SERVICES_DUPLICATE_RECORD_ID', { record: id, count, uscc: enterprise.uscc }));
  }
  const ownIds = new Set(own.map((r) => r.id));

  // 2. Repairs (earliest repair of each record) and list removals, as of the cut-off.
  const repairOf = new Map<string, { on: CalendarDate; byRecord: string }>();
  for (const r of [...own].sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id))) {
    if (r.type !== 'creditRepair') continue;
    if (!ownIds.has(r.ofRecord)) {
      warnings.push(makeIssue('SERVICES_REPAIR_UNKNOWN_RECORD', { record: r.id, ofRecord: r.ofRecord }));
      continue;
    }
    if (!repairOf.has(r.ofRecord)) repairOf.set(r.ofRecord, { on: r.repairedOn, byRecord: r.id });
  }
  const removalOf = new Map<string, { on: CalendarDate; byRecord: string }>();
  for (const listType of ['seriousIllegalListing', 'abnormalOperationListing'] as const) {
    const li = listingIntervals(own, listType, asOf);
    for (const [id, rem] of li.removalOf) removalOf.set(id, { on: rem.on, byRecord: rem.removal });
    for (const u of li.unmatched) {
      const rec = own.find((r) => r.id === u);
      warnings.push(makeIssue('SERVICES_REPAIR_UNKNOWN_RECORD', { record: u, ofRecord: (rec as { ofRecord?: string } | undefined)?.ofRecord ?? '(open listing)' }));
    }
  }

  const publicity = options.publicity === false ? undefined : (options.publicity ?? repairPublicityLookup(rulebook, asOf));

  // 3. Classify and list.
  const byDomain = new Map<string, CreditReportRecord[]>();
  for (const r of own) {
    if (r.type === 'creditRepair' || r.type === 'seriousIllegalRemoval' || r.type === 'abnormalOperationRemoval') {
      exclude(r, 'appliedAsRepairOrRemoval');
      continue;
    }
    if (!isReportKind(r.type) || !kinds.includes(r.type)) {
      exclude(r, 'notReportedKind');
      continue;
    }
    if (r.date < from || r.date > to) {
      exclude(r, 'outsideRange');
      continue;
    }
    const a = assignDomain(r, catalogue);
    if (!selected.has(a.domainId)) {
      exclude(r, 'domainNotSelected');
      continue;
    }
    if (a.matchedBy === 'fallback') {
      warnings.push(
        makeIssue('SERVICES_RECORD_FALLBACK_DOMAIN', {
          record: r.id,
          authority: ('authority' in r ? r.authority : undefined) ?? ('court' in r ? r.court : undefined) ?? '',
          sector: ('sector' in r ? r.sector : undefined) ?? '',
          domain: a.domainId,
        }),
      );
    }
    const out: { -readonly [K in keyof CreditReportRecord]: CreditReportRecord[K] } = {
      id: r.id,
      kind: r.type,
      kindZh: REPORT_RECORD_KIND_ZH[r.type],
      date: r.date,
      domainMatchedBy: a.matchedBy,
    };
    switch (r.type) {
      case 'administrativePenalty': {
        out.documentNumber = r.decisionNumber;
        out.authority = r.authority;
        if (r.sector !== undefined) out.sector = r.sector;
        out.procedure = r.procedure;
        out.penaltyKinds = [...r.penaltyKinds];
        if (r.fineAmountFen !== undefined) out.fineAmountFen = r.fineAmountFen;
        if (publicity) {
          let p: RecordPublicity | undefined;
          try {
            p = publicity(r, repairOf.get(r.id)?.on);
          } catch (e) {
            if (!isXinfengError(e)) throw e;
            warnings.push(makeIssue('SERVICES_PUBLICITY_UNKNOWN', { record: r.id, reason: e.issue.message, reasonZh: e.issue.messageZh }));
          }
          if (p) out.publicity = p.endsOn !== undefined ? { state: p.state, endsOn: p.endsOn } : { state: p.state };
        }
        break;
      }
      case 'compulsoryMeasure':
        out.documentNumber = r.decisionNumber;
        out.authority = r.authority;
        if (r.sector !== undefined) out.sector = r.sector;
        out.measureKind = r.measureKind;
        if (r.liftedOn !== undefined && r.liftedOn <= asOf) out.removed = { on: r.liftedOn };
        break;
      case 'seriousIllegalListing':
      case 'abnormalOperationListing': {
        if (r.type === 'seriousIllegalListing' && r.decisionNumber !== undefined) out.documentNumber = r.decisionNumber;
        if (r.authority !== undefined) out.authority = r.authority;
        const rem = removalOf.get(r.id);
        if (rem) out.removed = rem;
        break;
      }
      case 'dishonestJudgmentDebtor':
        out.documentNumber = r.caseNumber;
        if (r.court !== undefined) out.authority = r.court;
        if (r.removedOn !== undefined && r.removedOn <= asOf) out.removed = { on: r.removedOn };
        break;
    }
    const rep = repairOf.get(r.id);
    if (rep) out.repaired = rep;
    let list = byDomain.get(a.domainId);
    if (!list) byDomain.set(a.domainId, (list = []));
    list.push(out);
  }

  const missing = [
    ...notInData.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
    ...kinds
      .filter((k) => request.unavailableKinds?.includes(k))
      .map((k) => ({ id: k, nameZh: `${REPORT_RECORD_KIND_ZH[k]}信息`, nameEn: REPORT_RECORD_KIND_EN[k] })),
  ];
  for (const c of missing) warnings.push(makeIssue('SERVICES_CATEGORY_NOT_IN_DATA', { category: c.nameEn, categoryZh: c.nameZh }));

  const domains: CreditReportDomain[] = catalogue.domains
    .filter((d) => selected.has(d.id))
    .map((d) => {
      // Order inside a domain: date, kind, id, then the full canonical form (duplicate ids stay deterministic).
      const records = (byDomain.get(d.id) ?? []).sort(
        (x, y) => cmp(x.date, y.date) || cmp(x.kind, y.kind) || cmp(x.id, y.id) || cmp(canonicalJson(x), canonicalJson(y)),
      );
      return records.length > 0
        ? { id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, records }
        : { id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, records, statement: NO_RECORD_STATEMENT };
    });

  const content: CreditReportContent = {
    format: CREDIT_REPORT_FORMAT,
    titleZh: '专用信用报告（替代有无违法记录证明）',
    titleEn: 'Special credit report (in place of certificates of no violation records)',
    subject: { uscc: enterprise.uscc, name: enterprise.name },
    region: { code: rulebook.jurisdiction.code, name: rulebook.jurisdiction.name },
    range: { from, to },
    dataCutOff: asOf,
    recordKinds: kinds.map((k) => ({ kind: k, nameZh: REPORT_RECORD_KIND_ZH[k] })),
    categoriesNotInData: missing,
    domains,
    rulebook: { id: rulebook.id, edition: rulebook.edition, hash: rulebookHash(rulebook) },
    libraryVersion: LIBRARY_VERSION,
  };
  // Round-trip through JSON so the report holds plain data only (what is hashed is what is shipped).
  const plain = JSON.parse(JSON.stringify(content)) as CreditReportContent;
  const report: CreditReport = { ...plain, digestAlgorithm: 'sha256', digest: creditReportDigest(plain) };

  excluded.sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id) || cmp(a.reason, b.reason) || cmp(a.type, b.type));
  warnings.push(...reader.warnings);
  // Warnings in a fixed order, whatever the order of the input records.
  const sorted = warnings
    .map((w) => ({ w, k: `${w.code}\u0000${w.message}` }))
    .sort((a, b) => cmp(a.k, b.k))
    .map((x) => x.w);
  return { report, excluded, warnings: sorted, reads: reader.reads, stamp: resultStamp(rulebook, asOf) };
}
