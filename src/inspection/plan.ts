/**
 * The annual inspection plan (年度抽查计划) built from a draw: off-site first, merging (合并) one
 * agency's items per enterprise, the yearly cap, joint inspections (联合检查) across agencies,
 * triggered inspections (触发式), inspector assignment with recusal (回避) and load caps, and the
 * readable inspection codes (检查码). Plan 三(二)1–5.
 *
 * Month scheduling (documented so a plan can be re-derived): the planned month of agency A's visit
 * to an enterprise is 1 + (SipHash-2-4(K_month(A), USCC) mod 12), with
 * K_month(A) = HMAC-SHA-256(seed, "xinfeng/month/v1|" + planId + "|" + A)[0..16).
 * Inspector draw: for inspection id I and agency A, attempt j picks roster[SipHash(K_insp(A),
 * I + "|" + j) mod R] (roster sorted by inspector id, K_insp(A) from "xinfeng/inspectors/v1|…");
 * conflicted, already-picked or full inspectors are skipped; after 8·R attempts the remaining
 * roster is scanned in SipHash(K_insp(A), I + "|" + inspectorId) order. Inspections are staffed in
 * (month, inspection id) order, which fixes how load caps bind.
 */
import { fail, makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { createRulebookReader } from '../rulebook/index.js';
import { isCalendarDate } from '../calendar/index.js';
import { deriveKey, drawPopulation, prepareDraw, type DrawOptions, type DrawResult, type DrawSetup } from './draw.js';
import { sipBlocks, sipBlockCount, sipHashBlocks, type SipKey } from './siphash.js';
import { formatInspectionCode } from './code-format.js';
import { inspectorSchema, triggeredTaskSchema, type GradedEnterprise, type Inspector, type TriggerReason, type TriggeredTask } from './inputs.js';
import { buildManifest, type PlanManifest } from './manifest.js';

/**
 * Inputs of the plan beyond the draw.
 *
 * @example
 * ```ts
 * const o: AssembleOptions = { rosters, triggered, enterprises: new Map(population.map((e) => [e.uscc, e])) };
 * ```
 */
export interface AssembleOptions {
  /** Inspector rosters of all agencies (执法检查人员名录库). */
  readonly rosters: readonly Inspector[];
  /** Triggered tasks (触发式检查任务). */
  readonly triggered?: readonly TriggeredTask[];
  /** Class and name per USCC, for triggered tasks and names in the plan (the population, or any lookup). */
  readonly enterprises?: ReadonlyMap<string, { readonly supervisionClass: string; readonly name?: string | undefined }>;
}

/**
 * Full inputs of {@link planInspections}.
 *
 * @example
 * ```ts
 * const o: PlanOptions = { ...drawOptions, rosters };
 * ```
 */
export interface PlanOptions extends DrawOptions, AssembleOptions {}

/**
 * One item line of an inspection or task.
 *
 * @example
 * ```ts
 * for (const line of plan.inspections[0].items) line.source; // 'draw' | 'triggered'
 * ```
 */
export interface PlanItemLine {
  readonly agency: string;
  readonly itemId: string;
  /** `draw` = drawn by 双随机; `triggered` = from a triggered task. */
  readonly source: 'draw' | 'triggered';
  /** Stratum key `agency|itemId|classId` for drawn lines. */
  readonly stratum?: string;
  readonly rankHex?: string;
  readonly taskId?: string;
  readonly reason?: TriggerReason;
}

/**
 * An inspector assigned to an inspection.
 *
 * @example
 * ```ts
 * plan.inspections[0].inspectors.map((i: AssignedInspector) => i.certificateNo);
 * ```
 */
export interface AssignedInspector {
  readonly inspectorId: string;
  readonly agency: string;
  readonly certificateNo: string;
}

/**
 * An on-site inspection of the plan (after merging).
 *
 * @example
 * ```ts
 * const i: PlannedInspection = plan.inspections[0]; i.code; i.joint; i.inspectors;
 * ```
 */
export interface PlannedInspection {
  readonly inspectionId: string;
  /** xinfeng's readable inspection code (not an official format). */
  readonly code: string;
  readonly kind: 'planned' | 'triggered';
  /** 1–12, month of the plan year. */
  readonly month: number;
  /** Triggered inspections: the earliest task date. */
  readonly date?: string;
  readonly uscc: string;
  readonly name?: string;
  readonly classId?: string;
  /** Agencies taking part, sorted; more than one = joint inspection (联合检查). */
  readonly agencies: readonly string[];
  readonly leadAgency: string;
  readonly joint: boolean;
  readonly items: readonly PlanItemLine[];
  readonly triggerReasons: readonly TriggerReason[];
  readonly inspectors: readonly AssignedInspector[];
}

/**
 * An off-site task (非现场检查) for off-site-capable items.
 *
 * @example
 * ```ts
 * const t: OffsiteTask = plan.offsiteTasks[0];
 * ```
 */
export interface OffsiteTask {
  readonly taskId: string;
  readonly agency: string;
  readonly uscc: string;
  readonly name?: string;
  readonly classId: string;
  readonly month: number;
  readonly items: readonly PlanItemLine[];
}

/**
 * A planned visit deferred because it would break the yearly cap.
 *
 * @example
 * ```ts
 * for (const d of plan.deferred) console.log(d.uscc, d.agency, d.cap);
 * ```
 */
export interface DeferredVisit {
  readonly agency: string;
  readonly uscc: string;
  readonly classId: string;
  readonly month: number;
  readonly items: readonly PlanItemLine[];
  readonly cap: number;
  readonly counted: number;
}

/**
 * An inspection that could not be staffed.
 *
 * @example
 * ```ts
 * for (const u of plan.unstaffed) console.log(u.agency, u.need - u.found);
 * ```
 */
export interface UnstaffedInspection {
  readonly inspection: Omit<PlannedInspection, 'inspectors'>;
  readonly agency: string;
  readonly need: number;
  readonly found: number;
}

/**
 * Visit counts before and after merging (合并/联合), in total and by month (index 0 = January).
 *
 * @example
 * ```ts
 * const { beforeMerging, afterMerging } = plan.visits;
 * ```
 */
export interface VisitCounts {
  readonly beforeMerging: number;
  readonly afterMerging: number;
  readonly beforeByMonth: readonly number[];
  readonly afterByMonth: readonly number[];
  readonly jointInspections: number;
  readonly mergedIntoTriggered: number;
  readonly deferred: number;
}

/**
 * The annual plan.
 *
 * @example
 * ```ts
 * const plan: InspectionPlan = planInspections({ ...options, population, rosters });
 * ```
 */
export interface InspectionPlan {
  readonly manifest: PlanManifest;
  readonly draw: DrawResult;
  /** Staffed on-site inspections in (month, inspection id) order. */
  readonly inspections: readonly PlannedInspection[];
  readonly offsiteTasks: readonly OffsiteTask[];
  readonly deferred: readonly DeferredVisit[];
  readonly unstaffed: readonly UnstaffedInspection[];
  /** Triggered tasks not planned (unknown reason, outside the year), each with a warning. */
  readonly rejectedTasks: readonly TriggeredTask[];
  readonly visits: VisitCounts;
  /** Warnings and (for unstaffable strata) errors. */
  readonly issues: readonly Issue[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const ASCII_BUF = new Uint8Array(512);
const ASCII_WORDS = new Uint32Array(2 * (512 / 8 + 1));

/** Keyed hash of a string's UTF-8 bytes under a SipHash key, as [hi, lo] in `out`. */
function sipString(key: SipKey, text: string, out: Uint32Array): void {
  let ascii = text.length < 512;
  for (let i = 0; ascii && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) ascii = false;
    else ASCII_BUF[i] = c;
  }
  const bytes = ascii ? ASCII_BUF.subarray(0, text.length) : Buffer.from(text, 'utf8');
  const n = sipBlockCount(bytes.length);
  const words = ascii ? ASCII_WORDS : new Uint32Array(2 * n);
  sipBlocks(bytes, words, 0);
  sipHashBlocks(key, words, 0, n, out);
}

/** Exact (hi·2^32 + lo) mod m for m < 2^21. */
function mod64(hi: number, lo: number, m: number): number {
  return (((hi % m) * 4294967296) % m + (lo % m)) % m;
}

/**
 * Scheduled month (1–12) of an agency's planned visit to an enterprise (see the module comment).
 *
 * @example
 * ```ts
 * scheduledMonth('seed', 'MH-2025', 'SCJG', '91310112MA1FL8X00X'); // 1..12
 * ```
 */
export function scheduledMonth(seed: string, planId: string, agency: string, uscc: string): number {
  const out = new Uint32Array(2);
  sipString(deriveKey(seed, `xinfeng/month/v1|${planId}|${agency}`), uscc, out);
  return 1 + mod64(out[0]!, out[1]!, 12);
}

/**
 * Builds the plan from a finished draw (also the last step of a sharded draw).
 *
 * @example
 * ```ts
 * const draw = mergeDraws(shardDraws, table);
 * const plan = assemblePlan(draw, setup, { rosters, triggered, enterprises });
 * ```
 */
export function assemblePlan(draw: DrawResult, setup: DrawSetup, options: AssembleOptions): InspectionPlan {
  const { rulebook, asOf, planId, seed, year } = setup.options;
  const reader = createRulebookReader(rulebook, asOf);
  const k = reader.get('inspection.inspectorsPerInspection');
  const loadCap = reader.get('inspection.inspectorLoadCap');
  const yearlyCap = reader.get('inspection.yearlyCap');
  const windowMonths = reader.get('inspection.jointWindowMonths');
  const allowedReasons = new Set<string>(reader.get('inspection.triggerReasons'));
  const issues: Issue[] = [...setup.warnings];
  const enterprises = options.enterprises ?? new Map();
  const itemById = new Map(setup.items.map((i) => [i.itemId, i]));

  // Rosters, by agency, sorted by inspector id.
  const rosterIssues: Issue[] = [];
  type RosterEntry = Inspector & { conflictSet: Set<string>; load: number; pickedBy: number };
  const roster = new Map<string, RosterEntry[]>();
  const seenInspectors = new Set<string>();
  options.rosters.forEach((raw, i) => {
    const r = inspectorSchema.safeParse(raw);
    if (!r.success) {
      for (const e of r.error.issues.slice(0, 3)) rosterIssues.push(makeIssue('INSPECTION_INVALID_INPUT', { input: 'rosters', path: [i, ...e.path.map(String)].join('.'), reason: e.message }, { severity: 'error' }));
      return;
    }
    if (seenInspectors.has(r.data.inspectorId)) rosterIssues.push(makeIssue('INSPECTION_ROSTER_DUPLICATE', { inspectorId: r.data.inspectorId }, { severity: 'error' }));
    seenInspectors.add(r.data.inspectorId);
    const list = roster.get(r.data.agency) ?? [];
    list.push({ ...r.data, conflictSet: new Set(r.data.conflicts), load: 0, pickedBy: -1 });
    roster.set(r.data.agency, list);
  });
  if (rosterIssues.length) throw new XinfengError(rosterIssues.slice(0, 50) as [Issue, ...Issue[]]);
  for (const list of roster.values()) list.sort((a, b) => cmp(a.inspectorId, b.inspectorId));

  // Triggered tasks.
  const tasks: TriggeredTask[] = [];
  const rejectedTasks: TriggeredTask[] = [];
  const taskIds = new Set<string>();
  (options.triggered ?? []).forEach((raw, i) => {
    const r = triggeredTaskSchema.safeParse(raw);
    if (!r.success) {
      const e = r.error.issues[0]!;
      throw new XinfengError(makeIssue('INSPECTION_INVALID_INPUT', { input: 'triggered', path: [i, ...e.path.map(String)].join('.'), reason: e.message }, { severity: 'error' }));
    }
    const t = r.data;
    if (taskIds.has(t.taskId)) fail('INSPECTION_TRIGGER_DUPLICATE', { taskId: t.taskId });
    taskIds.add(t.taskId);
    if (!allowedReasons.has(t.reason)) {
      issues.push(makeIssue('INSPECTION_TRIGGER_REASON_UNKNOWN', { taskId: t.taskId, reason: t.reason, allowed: [...allowedReasons].join(', ') }));
      rejectedTasks.push(t);
      return;
    }
    if (!t.date.startsWith(`${year}-`)) {
      issues.push(makeIssue('INSPECTION_TRIGGER_OUTSIDE_YEAR', { taskId: t.taskId, date: t.date, year }));
      rejectedTasks.push(t);
      return;
    }
    if (!itemById.has(t.itemId)) issues.push(makeIssue('INSPECTION_UNKNOWN_ITEM', { where: `triggered task ${t.taskId}`, itemId: t.itemId, agency: t.agency }));
    tasks.push(t);
  });
  tasks.sort((a, b) => cmp(a.date, b.date) || cmp(a.taskId, b.taskId));

  const monthKeys = new Map<string, SipKey>();
  const out = new Uint32Array(2);
  const monthOf = (agency: string, uscc: string): number => {
    let key = monthKeys.get(agency);
    if (!key) monthKeys.set(agency, (key = deriveKey(seed, `xinfeng/month/v1|${planId}|${agency}`)));
    sipString(key, uscc, out);
    return 1 + mod64(out[0]!, out[1]!, 12);
  };

  const beforeByMonth = new Array<number>(12).fill(0);
  let beforeMerging = 0;

  // Drawn lines → off-site tasks and per agency × enterprise on-site visits (合并: one agency, one visit).
  type Visit = { agency: string; uscc: string; classId: string; month: number; items: PlanItemLine[] };
  // Keyed by agency, then by the population's own USCC strings (their hashes are cached by V8).
  const visitsBy = new Map<string, Map<string, Visit>>();
  const offsiteBy = new Map<string, Map<string, Visit>>();
  for (const s of draw.table.strata) {
    const sel = draw.selections.get(s.key);
    if (!sel) continue;
    const byAgency = s.mode === 'offsite' ? offsiteBy : visitsBy;
    let target = byAgency.get(s.agency);
    if (!target) byAgency.set(s.agency, (target = new Map()));
    for (const c of sel) {
      const line: PlanItemLine = { agency: s.agency, itemId: s.itemId, source: 'draw', stratum: s.key, rankHex: c.rankHex };
      let v = target.get(c.uscc);
      if (!v) target.set(c.uscc, (v = { agency: s.agency, uscc: c.uscc, classId: s.classId, month: monthOf(s.agency, c.uscc), items: [] }));
      v.items.push(line);
      if (s.mode === 'onsite') {
        beforeMerging++;
        beforeByMonth[v.month - 1]!++;
      }
    }
  }
  const flatten = (m: Map<string, Map<string, Visit>>): Visit[] => {
    const all: Visit[] = [];
    for (const a of [...m.keys()].sort(cmp)) {
      const inner = m.get(a)!;
      // Insertion order is already canonical (strata order, then rank order of the draw), so no sort.
      for (const v of inner.values()) all.push(v);
    }
    return all;
  };
  const visits = flatten(visitsBy);
  const offsite = flatten(offsiteBy);

  // Triggered inspections: one agency's tasks at one enterprise in one month → one inspection.
  type Draft = Omit<PlannedInspection, 'code' | 'inspectors' | 'items' | 'triggerReasons' | 'agencies'> & {
    items: PlanItemLine[];
    triggerReasons: TriggerReason[];
    agencies: string[];
  };
  const triggeredByAgencyUscc = new Map<string, Draft[]>();
  const triggeredAgencies = new Set<string>();
  const drafts: Draft[] = [];
  for (const t of tasks) {
    const month = Number(t.date.slice(5, 7));
    beforeMerging++;
    beforeByMonth[month - 1]!++;
    triggeredAgencies.add(t.agency);
    const list = triggeredByAgencyUscc.get(`${t.uscc}|${t.agency}`) ?? [];
    let d = list.find((x) => x.month === month);
    const line: PlanItemLine = { agency: t.agency, itemId: t.itemId, source: 'triggered', taskId: t.taskId, reason: t.reason };
    if (!d) {
      const e = enterprises.get(t.uscc);
      d = {
        inspectionId: `${planId}:${t.uscc}:T:${t.agency}:${t.taskId}`,
        kind: 'triggered',
        month,
        date: t.date,
        uscc: t.uscc,
        ...(e?.name ? { name: e.name } : {}),
        ...(e ? { classId: e.supervisionClass } : {}),
        agencies: [t.agency],
        leadAgency: t.agency,
        joint: false,
        items: [],
        triggerReasons: [],
      };
      list.push(d);
      drafts.push(d);
      triggeredByAgencyUscc.set(`${t.uscc}|${t.agency}`, list);
    }
    d.items.push(line);
    if (!d.triggerReasons.includes(t.reason)) d.triggerReasons.push(t.reason);
  }

  // Merge planned items into a triggered inspection of the same agency; then the yearly cap.
  let mergedIntoTriggered = 0;
  const deferred: DeferredVisit[] = [];
  const remaining: Visit[] = [];
  const capOf = (classId: string | undefined): number => {
    const c = classId === undefined ? undefined : setup.classes.get(classId);
    return c ? Math.min(yearlyCap.perAgencyPerEnterprise, c.inspectionsPerYearMax) : yearlyCap.perAgencyPerEnterprise;
  };
  const countsTowardCap = (d: Draft): boolean =>
    yearlyCap.triggeredCounts && d.triggerReasons.some((r) => !yearlyCap.exemptReasons.includes(r));
  for (const v of visits) {
    const trig = triggeredAgencies.has(v.agency) ? triggeredByAgencyUscc.get(`${v.uscc}|${v.agency}`) : undefined;
    if (trig && trig.length) {
      trig[0]!.items.push(...v.items);
      mergedIntoTriggered += v.items.length;
      continue;
    }
    const cap = capOf(v.classId);
    const counted = 0; // no triggered inspection by this agency (else merged above)
    if (counted + 1 > cap) {
      deferred.push({ ...v, cap, counted });
      issues.push(makeIssue('INSPECTION_CAP_DEFERRED', { uscc: v.uscc, agency: v.agency, cap, counted }));
      continue;
    }
    remaining.push(v);
  }
  for (const [vk, list] of [...triggeredByAgencyUscc.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const counted = list.filter(countsTowardCap).length;
    const cap = capOf(list[0]!.classId);
    if (counted > cap) issues.push(makeIssue('INSPECTION_CAP_EXCEEDED_BY_TRIGGERED', { uscc: vk.split('|')[0]!, agency: list[0]!.leadAgency, counted, cap }));
  }

  // Joint inspections: per enterprise, agencies' visits whose months lie within the window.
  const byUscc = new Map<string, Visit[]>();
  for (const v of remaining) {
    const l = byUscc.get(v.uscc) ?? [];
    l.push(v);
    byUscc.set(v.uscc, l);
  }
  let jointInspections = 0;
  for (const [uscc, list] of byUscc) {
    list.sort((a, b) => a.month - b.month || cmp(a.agency, b.agency));
    let i = 0;
    while (i < list.length) {
      const cluster = [list[i]!];
      let j = i + 1;
      while (j < list.length && list[j]!.month - list[i]!.month <= windowMonths) cluster.push(list[j++]!);
      i = j;
      // Lead agency: most items, then agency id (deterministic).
      const lead = [...cluster].sort((a, b) => b.items.length - a.items.length || cmp(a.agency, b.agency))[0]!;
      const month = cluster[0]!.month;
      const e = enterprises.get(uscc);
      const agencies = cluster.map((c) => c.agency).sort(cmp);
      if (agencies.length > 1) jointInspections++;
      drafts.push({
        inspectionId: `${planId}:${uscc}:${String(month).padStart(2, '0')}:${lead.agency}`,
        kind: 'planned',
        month,
        uscc,
        ...(e?.name ? { name: e.name } : {}),
        classId: cluster[0]!.classId,
        agencies,
        leadAgency: lead.agency,
        joint: agencies.length > 1,
        items: cluster.length === 1 ? cluster[0]!.items : cluster.flatMap((c) => c.items),
        triggerReasons: [],
      });
    }
  }
  drafts.sort((a, b) => a.month - b.month || cmp(a.inspectionId, b.inspectionId));

  // Inspectors (each agency draws its own, 联合抽查 practice), in (month, id) order.
  const inspKeys = new Map<string, SipKey>();
  const keyFor = (agency: string): SipKey => {
    let key = inspKeys.get(agency);
    if (!key) inspKeys.set(agency, (key = deriveKey(seed, `xinfeng/inspectors/v1|${planId}|${agency}`)));
    return key;
  };
  const inspections: PlannedInspection[] = [];
  const unstaffed: UnstaffedInspection[] = [];
  const shortBy = new Map<string, { agency: string; stratum: string; count: number; shortfall: number }>();
  const seq = new Map<string, number>();
  let draftNo = 0;
  for (const d of drafts) {
    const chosen: AssignedInspector[] = [];
    const mark = draftNo++;
    const staged: RosterEntry[] = [];
    let failed: { agency: string; found: number } | undefined;
    for (const agency of d.agencies) {
      const list = roster.get(agency) ?? [];
      const key = keyFor(agency);
      const picked: RosterEntry[] = [];
      // pickedBy marks inspectors already chosen for this inspection (no array scans).
      const ok = (p: RosterEntry): boolean => p.pickedBy !== mark && p.load < loadCap && !p.conflictSet.has(d.uscc);
      const R = list.length;
      for (let j = 0; R > 0 && picked.length < k && j < 8 * R; j++) {
        sipString(key, `${d.inspectionId}|${j}`, out);
        const p = list[mod64(out[0]!, out[1]!, R)]!;
        if (ok(p)) {
          p.pickedBy = mark;
          picked.push(p);
        }
      }
      if (picked.length < k) {
        const scored = list.filter(ok).map((p) => {
          sipString(key, `${d.inspectionId}|${p.inspectorId}`, out);
          return { p, h: out[0]! * 4294967296 + out[1]! };
        });
        scored.sort((a, b) => a.h - b.h || cmp(a.p.inspectorId, b.p.inspectorId));
        for (const s of scored) if (picked.length < k) {
          s.p.pickedBy = mark;
          picked.push(s.p);
        }
      }
      if (picked.length < k) {
        failed = { agency, found: picked.length };
        break;
      }
      for (const p of picked) {
        staged.push(p);
        chosen.push({ inspectorId: p.inspectorId, agency, certificateNo: p.certificateNo });
      }
    }
    if (failed) {
      const { agency, found } = failed;
      unstaffed.push({ inspection: { ...d, code: '' }, agency, need: k, found });
      const strata = new Set(d.items.filter((l) => l.agency === agency).map((l) => l.stratum ?? `${agency}|triggered`));
      for (const st of strata) {
        const t = shortBy.get(st) ?? { agency, stratum: st, count: 0, shortfall: 0 };
        t.count++;
        t.shortfall += k - found;
        shortBy.set(st, t);
      }
      continue;
    }
    for (const p of staged) p.load++;
    const n = (seq.get(d.leadAgency) ?? 0) + 1;
    seq.set(d.leadAgency, n);
    // Drafts are private to this call: complete them in place rather than copying 300k objects.
    const done = d as Draft & { code: string; inspectors: AssignedInspector[] };
    done.code = formatInspectionCode(d.leadAgency, year, n);
    done.inspectors = chosen;
    inspections.push(done);
  }
  for (const t of [...shortBy.values()].sort((a, b) => cmp(a.stratum, b.stratum))) {
    issues.push(makeIssue('INSPECTION_UNSTAFFABLE', { agency: t.agency, stratum: t.stratum, count: t.count, shortfall: t.shortfall, need: k, roster: roster.get(t.agency)?.length ?? 0, loadCap }, { severity: 'error' }));
  }

  const afterByMonth = new Array<number>(12).fill(0);
  for (const d of drafts) afterByMonth[d.month - 1]!++;
  const offsiteTasks: OffsiteTask[] = offsite.map((v) => {
      const e = enterprises.get(v.uscc);
      return { taskId: `${planId}:${v.uscc}:OFF:${v.agency}`, agency: v.agency, uscc: v.uscc, ...(e?.name ? { name: e.name } : {}), classId: v.classId, month: v.month, items: v.items };
    });
  issues.push(...reader.warnings.filter((w) => !issues.some((x) => x.code === w.code && x.params.path === w.params.path)));
  const visitsOut: VisitCounts = {
    beforeMerging,
    afterMerging: drafts.length,
    beforeByMonth,
    afterByMonth,
    jointInspections,
    mergedIntoTriggered,
    deferred: deferred.length,
  };
  return {
    manifest: buildManifest(setup, draw, visitsOut),
    draw,
    inspections,
    offsiteTasks,
    deferred,
    unstaffed,
    rejectedTasks,
    visits: visitsOut,
    issues,
  };
}

/**
 * The annual plan in one call: draw (双随机), off-site tasks, merging, caps, joint inspections,
 * triggered inspections, inspectors and codes, with the manifest (plan 三(二)1–5).
 *
 * @example
 * ```ts
 * const plan = planInspections({ rulebook, asOf: '2025-01-02', year: 2025, planId: 'MH-2025', seed,
 *   items, rosters, population, noDisturbanceEnterprises, noDisturbanceItems, triggered });
 * plan.inspections[0].code; plan.manifest.strata; plan.visits.afterMerging;
 * ```
 */
export function planInspections(options: PlanOptions & { readonly population: readonly GradedEnterprise[] }): InspectionPlan {
  if (!isCalendarDate(options.asOf)) fail('INVALID_CALENDAR_DATE', { value: String(options.asOf) });
  const setup = prepareDraw(options);
  const draw = drawPopulation(options.population, setup);
  let enterprises = options.enterprises;
  if (!enterprises) {
    const m = new Map<string, GradedEnterprise>();
    for (const e of options.population) m.set(e.uscc, e);
    enterprises = m;
  }
  return assemblePlan(draw, setup, { ...options, enterprises });
}
