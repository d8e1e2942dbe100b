/**
 * 双随机 draw (随机抽取检查对象): per agency × item × supervision class stratum, n = ratio × N rounded
 * by the rulebook rule, and the n enterprises with the smallest keyed rank are drawn.
 *
 * Rank construction (xinfeng draw v1, published so anyone can re-derive a plan):
 *   K(agency, item) = first 16 bytes of HMAC-SHA-256(key = seed (UTF-8),
 *                     message = "xinfeng/draw/v1|" + planId + "|" + agency + "|" + itemId)
 *   rank(uscc)      = SipHash-2-4(K, the 18 ASCII bytes of the USCC), a 64-bit integer;
 *                     ordering uses its top 53 bits, ties broken by the USCC (code-unit order).
 * One HMAC per agency × item (not per enterprise) keeps a 300k × 20 draw fast; SipHash is a keyed
 * PRF, so without the seed nobody can predict or steer ranks, and with the published seed anyone
 * can recompute them. The rank does not depend on the class, so moving enterprises to a stricter
 * class can only add them to a draw (coupling used by the monotonicity guarantee).
 *
 * Partitioning: countStrata per shard → mergeCounts → drawShard per shard → mergeDraws gives the
 * same draw as one pass over everything (each shard keeps its n smallest; the union's n smallest
 * are the global n smallest).
 */
import { createHmac } from 'node:crypto';
import { Decimal, roundingConstant } from '../_lib/decimal.js';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { fail, makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { createRulebookReader, resultStamp, type ResultStamp, type Rulebook } from '../rulebook/index.js';
import { isValidUscc } from '../uscc/index.js';
import { isCalendarDate } from '../calendar/index.js';
import { hex64, sipBlocks, sipHashBlocks, sipKey, type SipKey } from './siphash.js';
import { candidatesOf, drawResultOf, LineHasher, radixSortPairs, type CompactDraw, type CompactStratum } from './compact.js';
import { drawKernel, packUsccWordsAt, type KernelDraw, type KernelJob } from './draw-kernel.js';
import { findDrawWorker, PARALLEL_DRAW_THRESHOLD, startDrawWorker } from './parallel.js';
import {
  inspectionItemSchema,
  noDisturbanceEnterpriseSchema,
  noDisturbanceItemSchema,
  type GradedEnterprise,
  type InspectionItem,
  type NoDisturbanceEnterprise,
  type NoDisturbanceItem,
} from './inputs.js';

/**
 * The parameters of one supervision class as the plan applies them (from `grading.supervisionClasses`).
 *
 * @example
 * ```ts
 * const c: SupervisionClassParams = supervisionClassesAt(rulebook, asOf)[0];
 * ```
 */
export interface SupervisionClassParams {
  readonly id: string;
  readonly label: string;
  readonly rank: number;
  readonly samplingRatio: string;
  readonly keyItemsFullCoverage: boolean;
  readonly proactiveOnsiteOff: boolean;
  readonly inspectionsPerYearMax: number;
}

/**
 * Options that fix a draw: everything except the population.
 *
 * @example
 * ```ts
 * const o: DrawOptions = { rulebook, asOf: '2025-01-02', year: 2025, planId: 'MH-2025', seed, items };
 * ```
 */
export interface DrawOptions {
  readonly rulebook: Rulebook;
  /** Date the rulebook and the lists are read on. */
  readonly asOf: string;
  /** Plan year (the months scheduled are in this year). */
  readonly year: number;
  /** Plan id (计划编码), part of every rank key. */
  readonly planId: string;
  /** The draw seed; published after the draw (双随机一公开), committed to in the manifest. */
  readonly seed: string;
  readonly items: readonly InspectionItem[];
  /** 无感监测 object list (dated entries). */
  readonly noDisturbanceEnterprises?: readonly NoDisturbanceEnterprise[];
  /** 无事不扰 item list (dated entries). */
  readonly noDisturbanceItems?: readonly NoDisturbanceItem[];
}

/**
 * Why a stratum (or part of it) is not drawn for planned inspection.
 *
 * @example
 * ```ts
 * stratum.excluded.noDisturbanceEnterprise; // count per ExclusionReason
 * ```
 */
export type ExclusionReason = 'noDisturbanceItem' | 'noDisturbanceEnterprise' | 'classProactiveOff';

/**
 * One stratum: agency × item × supervision class, with its population N and sample size n.
 *
 * @example
 * ```ts
 * for (const s of plan.manifest.strata) console.log(s.key, s.N, s.ratio, s.n);
 * ```
 */
export interface Stratum {
  /** `agency|itemId|classId`. */
  readonly key: string;
  readonly agency: string;
  readonly itemId: string;
  readonly classId: string;
  /** `offsite` for off-site-capable items (they produce off-site tasks, not visits). */
  readonly mode: 'onsite' | 'offsite';
  /** The sampling ratio applied (exact decimal; "1" for key items under full coverage). */
  readonly ratio: string;
  /** Enterprises of the class in the population. */
  readonly classTotal: number;
  /** Enterprises removed from the stratum, by reason. */
  readonly excluded: Readonly<Record<ExclusionReason, number>>;
  /** Eligible enterprises. */
  readonly N: number;
  /** Enterprises drawn. */
  readonly n: number;
}

/**
 * A prepared draw: validated inputs, class table, strata skeleton, derived keys. Build with {@link prepareDraw}.
 *
 * @example
 * ```ts
 * const setup: DrawSetup = prepareDraw(options);
 * ```
 */
export interface DrawSetup {
  readonly options: DrawOptions;
  readonly stamp: ResultStamp;
  readonly classes: ReadonlyMap<string, SupervisionClassParams>;
  /** Items sorted by agency then item id. */
  readonly items: readonly InspectionItem[];
  /** 无事不扰 item ids in force on asOf. */
  readonly noDisturbanceItemIds: ReadonlySet<string>;
  /** 无感监测 USCCs in force on asOf. */
  readonly noDisturbanceUsccs: ReadonlySet<string>;
  readonly roundingMode: 'ceil' | 'floor' | 'half-up' | 'half-even';
  /** SHA-256 over the canonical JSON of items and both lists (sorted), for the manifest. */
  readonly inputsDigest: string;
  readonly warnings: readonly Issue[];
  /** Rulebook parameters read (trace). */
  readonly reads: readonly { path: string; from: string; to?: string; status: string }[];
  /** @internal */
  readonly itemKeys: ReadonlyMap<string, SipKey>;
}

/**
 * Per-shard class counts and sorted population lines (for the population digest).
 *
 * @example
 * ```ts
 * const c: ShardCounts = countStrata(shard, setup);
 * ```
 */
export interface ShardCounts {
  readonly size: number;
  readonly classTotals: Readonly<Record<string, { total: number; noDisturbance: number }>>;
  /** Sorted `uscc,classId` lines of the shard. */
  readonly lines: readonly string[];
}

/**
 * The merged strata: N and n per stratum and the population digest.
 *
 * @example
 * ```ts
 * const table: StrataTable = mergeCounts(counts, setup);
 * ```
 */
export interface StrataTable {
  readonly populationSize: number;
  /** SHA-256 hex over the sorted lines `uscc,classId\n` of the whole population. */
  readonly populationDigest: string;
  /** Strata in (agency, itemId, class rank, classId) order. */
  readonly strata: readonly Stratum[];
}

/**
 * A drawn enterprise of a stratum with its rank.
 *
 * @example
 * ```ts
 * const first: DrawCandidate | undefined = draw.selections.get('SCJG|SCJG-01|class-2')?.[0];
 * ```
 */
export interface DrawCandidate {
  readonly uscc: string;
  /** Ordering key: top 53 bits of the SipHash value. */
  readonly rank: number;
  /** The full 64-bit SipHash value, 16 hex digits (published for audit). */
  readonly rankHex: string;
}

/**
 * One shard's candidates: per stratum key, its n smallest ranks within the shard.
 *
 * @example
 * ```ts
 * const d: ShardDraw = drawShard(shard, table, setup);
 * ```
 */
export interface ShardDraw {
  readonly candidates: ReadonlyMap<string, readonly DrawCandidate[]>;
}

/**
 * A complete draw: the strata and, per stratum, the n drawn enterprises in rank order.
 *
 * @example
 * ```ts
 * const draw: DrawResult = drawPopulation(population, setup);
 * ```
 */
export interface DrawResult {
  readonly table: StrataTable;
  readonly selections: ReadonlyMap<string, readonly DrawCandidate[]>;
}

function inForce(from: string, to: string | undefined, asOf: string): boolean {
  return from <= asOf && (to === undefined || asOf <= to);
}

/** Derives a 16-byte SipHash key for a purpose from the seed (HMAC-SHA-256, first 16 bytes). */
export function deriveKey(seed: string, message: string): SipKey {
  return sipKey(createHmac('sha256', seed).update(message, 'utf8').digest());
}

function validateArray<T>(input: string, arr: readonly unknown[], schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } } }): T[] {
  const out: T[] = [];
  const issues: Issue[] = [];
  arr.forEach((v, i) => {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
    else for (const e of r.error.issues.slice(0, 3)) issues.push(makeIssue('INSPECTION_INVALID_INPUT', { input, path: [i, ...e.path.map(String)].join('.'), reason: e.message }, { severity: 'error' }));
  });
  if (issues.length) throw new XinfengError(issues.slice(0, 50) as [Issue, ...Issue[]]);
  return out;
}

/**
 * Reads the supervision classes in force on `asOf` from `grading.supervisionClasses`, sorted by
 * rank (lightest first) then id.
 *
 * @example
 * ```ts
 * const classes = supervisionClassesAt(rulebook, '2025-06-30');
 * classes[0].samplingRatio; // e.g. "0.03"
 * ```
 */
export function supervisionClassesAt(rulebook: Rulebook, asOf: string): SupervisionClassParams[] {
  if (!rulebook.parameters.grading.supervisionClasses) fail('INSPECTION_NO_SUPERVISION_CLASSES', { asOf });
  const reader = createRulebookReader(rulebook, asOf);
  const table = reader.get('grading.supervisionClasses') as Record<string, Omit<SupervisionClassParams, 'id'>>;
  const list = Object.keys(table).map((id) => ({ id, ...table[id]! }));
  if (list.length === 0) fail('INSPECTION_NO_SUPERVISION_CLASSES', { asOf });
  return list.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Validates the draw options and derives everything a draw needs. Throws `XinfengError` on misuse
 * (empty seed, bad dates, duplicate items, no supervision classes); rulebook staleness and a
 * non-monotone class table come back as warnings.
 *
 * @example
 * ```ts
 * const setup = prepareDraw({ rulebook, asOf: '2025-01-02', year: 2025, planId: 'MH-2025', seed: 's3cr3t', items });
 * ```
 */
export function prepareDraw(options: DrawOptions): DrawSetup {
  const { rulebook, asOf, planId, seed, year } = options;
  if (!isCalendarDate(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  if (typeof seed !== 'string' || seed.length === 0) fail('INSPECTION_SEED_EMPTY');
  if (typeof planId !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(planId)) fail('INVALID_ARGUMENT', { name: 'planId', reason: 'expected 1–64 letters, digits, _ . -' });
  if (!Number.isInteger(year) || year < 2000 || year > 2099) fail('INVALID_ARGUMENT', { name: 'year', reason: 'expected a year 2000–2099' });
  const items = validateArray('items', options.items, inspectionItemSchema).sort((a, b) =>
    a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0,
  );
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.itemId)) fail('INSPECTION_DUPLICATE_ITEM', { itemId: it.itemId });
    seen.add(it.itemId);
  }
  const nde = validateArray('noDisturbanceEnterprises', options.noDisturbanceEnterprises ?? [], noDisturbanceEnterpriseSchema);
  const ndi = validateArray('noDisturbanceItems', options.noDisturbanceItems ?? [], noDisturbanceItemSchema);
  const warnings: Issue[] = [];
  const reader = createRulebookReader(rulebook, asOf);
  const rounding = reader.get('inspection.samplingRounding');
  const classes = supervisionClassesAt(rulebook, asOf);
  reader.get('grading.supervisionClasses');
  for (const c of classes) {
    const r = new Decimal(c.samplingRatio);
    if (r.lt(0) || r.gt(1)) fail('INSPECTION_INVALID_INPUT', { input: 'rulebook', path: `grading.supervisionClasses.${c.id}.samplingRatio`, reason: 'a sampling ratio must be within [0, 1]' });
  }
  for (let i = 1; i < classes.length; i++) {
    const better = classes[i - 1]!;
    const worse = classes[i]!;
    if (worse.rank > better.rank && new Decimal(worse.samplingRatio).lt(better.samplingRatio)) {
      warnings.push(makeIssue('INSPECTION_CLASS_NOT_MONOTONE', { worse: worse.id, worseRank: worse.rank, worseRatio: worse.samplingRatio, better: better.id, betterRatio: better.samplingRatio }));
    }
  }
  const ndItemIds = new Set<string>();
  for (const e of ndi) {
    if (inForce(e.from, e.to, asOf)) ndItemIds.add(e.itemId);
    if (!seen.has(e.itemId)) warnings.push(makeIssue('INSPECTION_UNKNOWN_ITEM', { where: '无事不扰 list / no-disturbance item list', itemId: e.itemId, agency: '?' }));
  }
  const ndUsccs = new Set<string>();
  for (const e of nde) if (inForce(e.from, e.to, asOf)) ndUsccs.add(e.uscc);
  const itemKeys = new Map<string, SipKey>();
  for (const it of items) itemKeys.set(`${it.agency}|${it.itemId}`, deriveKey(seed, `xinfeng/draw/v1|${planId}|${it.agency}|${it.itemId}`));
  const sortBy = <T,>(arr: T[], k: (t: T) => string) => arr.sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  const inputsDigest = sha256Hex(
    canonicalJson({
      items,
      noDisturbanceEnterprises: sortBy([...nde], (e) => `${e.uscc}|${e.from}`),
      noDisturbanceItems: sortBy([...ndi], (e) => `${e.itemId}|${e.from}`),
    }),
  );
  warnings.push(...reader.warnings);
  return {
    options,
    stamp: resultStamp(rulebook, asOf),
    classes: new Map(classes.map((c) => [c.id, c])),
    items,
    noDisturbanceItemIds: ndItemIds,
    noDisturbanceUsccs: ndUsccs,
    roundingMode: rounding.mode,
    inputsDigest,
    warnings,
    reads: reader.reads.map((r) => ({ path: r.path, from: r.from, ...(r.to ? { to: r.to } : {}), status: r.source.status })),
    itemKeys,
  };
}

function classOrder(setup: DrawSetup): SupervisionClassParams[] {
  return [...setup.classes.values()];
}

/**
 * Phase 1 of a (possibly sharded) draw: validates a shard and counts its enterprises per class.
 * Throws on an invalid USCC or an unknown class (all faults listed, first 50).
 *
 * @example
 * ```ts
 * const counts = [countStrata(shardA, setup), countStrata(shardB, setup)];
 * const table = mergeCounts(counts, setup);
 * ```
 */
export function countStrata(shard: readonly GradedEnterprise[], setup: DrawSetup): ShardCounts {
  const totals: Record<string, { total: number; noDisturbance: number }> = {};
  for (const c of setup.classes.keys()) totals[c] = { total: 0, noDisturbance: 0 };
  const lines: string[] = new Array(shard.length);
  const issues: Issue[] = [];
  const known = [...setup.classes.keys()].join(', ');
  for (let i = 0; i < shard.length; i++) {
    const e = shard[i]!;
    const t = totals[e.supervisionClass];
    if (typeof e.uscc !== 'string' || !isValidUscc(e.uscc) || e.uscc.length !== 18) {
      if (issues.length < 50) issues.push(makeIssue('INSPECTION_INVALID_USCC', { where: `population[${i}]`, value: String(e.uscc) }, { severity: 'error' }));
      continue;
    }
    if (!t || !Object.prototype.hasOwnProperty.call(totals, e.supervisionClass)) {
      if (issues.length < 50) issues.push(makeIssue('INSPECTION_UNKNOWN_CLASS', { uscc: e.uscc, classId: String(e.supervisionClass), known }, { severity: 'error' }));
      continue;
    }
    t.total++;
    if (setup.noDisturbanceUsccs.has(e.uscc)) t.noDisturbance++;
    lines[i] = `${e.uscc},${e.supervisionClass}`;
  }
  if (issues.length) throw new XinfengError(issues as [Issue, ...Issue[]]);
  lines.sort();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.slice(0, 18) === lines[i - 1]!.slice(0, 18)) fail('INSPECTION_DUPLICATE_ENTERPRISE', { uscc: lines[i]!.slice(0, 18) });
  }
  return { size: shard.length, classTotals: totals, lines };
}

/**
 * n = ratio × N rounded by the rulebook mode (exact decimal arithmetic).
 *
 * @example
 * ```ts
 * sampleSize('0.05', 50, 'half-up'); // 3
 * ```
 */
export function sampleSize(ratio: string, N: number, mode: DrawSetup['roundingMode']): number {
  const n = new Decimal(ratio).times(N).toDecimalPlaces(0, roundingConstant(mode)).toNumber();
  return Math.min(Math.max(n, 0), N);
}

/**
 * Merges shard counts into the strata table (N and n per stratum) and the population digest.
 * Throws INSPECTION_DUPLICATE_ENTERPRISE when an enterprise is in two shards.
 *
 * @example
 * ```ts
 * const table = mergeCounts([countStrata(population, setup)], setup);
 * table.strata.map((s) => [s.key, s.N, s.n]);
 * ```
 */
export function mergeCounts(parts: readonly ShardCounts[], setup: DrawSetup): StrataTable {
  const classes = classOrder(setup);
  const totals = new Map<string, { total: number; noDisturbance: number }>();
  for (const c of classes) totals.set(c.id, { total: 0, noDisturbance: 0 });
  let size = 0;
  for (const p of parts) {
    size += p.size;
    for (const [c, v] of Object.entries(p.classTotals)) {
      const t = totals.get(c);
      if (!t) fail('INSPECTION_SHARD_MISMATCH', { reason: `class "${c}" is not in the rulebook` });
      t.total += v.total;
      t.noDisturbance += v.noDisturbance;
    }
  }
  const all = parts.length === 1 ? parts[0]!.lines : parts.flatMap((p) => p.lines).sort();
  for (let i = 1; i < all.length && parts.length > 1; i++) {
    if (all[i]!.slice(0, 18) === all[i - 1]!.slice(0, 18)) fail('INSPECTION_DUPLICATE_ENTERPRISE', { uscc: all[i]!.slice(0, 18) });
  }
  const populationDigest = sha256Hex(all.length ? `${all.join('\n')}\n` : '');
  return strataTable(totals, size, populationDigest, setup);
}

/** N and n of every stratum from the class totals (items in setup order × classes in rank order). */
function strataTable(totals: ReadonlyMap<string, { total: number; noDisturbance: number }>, size: number, populationDigest: string, setup: DrawSetup): StrataTable {
  const classes = classOrder(setup);
  const strata: Stratum[] = [];
  for (const it of setup.items) {
    const ndItem = setup.noDisturbanceItemIds.has(it.itemId);
    for (const c of classes) {
      const t = totals.get(c.id)!;
      const mode = it.offsiteCapable ? 'offsite' : 'onsite';
      const ratio = it.kind === 'key' && c.keyItemsFullCoverage ? '1' : c.samplingRatio;
      const excluded = { noDisturbanceItem: 0, noDisturbanceEnterprise: 0, classProactiveOff: 0 };
      let N: number;
      if (ndItem) {
        excluded.noDisturbanceItem = t.total;
        N = 0;
      } else if (mode === 'offsite') {
        N = t.total;
      } else if (c.proactiveOnsiteOff) {
        excluded.classProactiveOff = t.total;
        N = 0;
      } else {
        excluded.noDisturbanceEnterprise = t.noDisturbance;
        N = t.total - t.noDisturbance;
      }
      strata.push({ key: `${it.agency}|${it.itemId}|${c.id}`, agency: it.agency, itemId: it.itemId, classId: c.id, mode, ratio, classTotal: t.total, excluded, N, n: sampleSize(ratio, N, setup.roundingMode) });
    }
  }
  return { populationSize: size, populationDigest, strata };
}


/** Validates the population and counts it per class (all faults listed, first 50); 无感监测 counts come from countNoDisturbance. */
function countTotals(population: readonly GradedEnterprise[], setup: DrawSetup): Map<string, { total: number; noDisturbance: number }> {
  const totals = new Map<string, { total: number; noDisturbance: number }>();
  for (const c of setup.classes.keys()) totals.set(c, { total: 0, noDisturbance: 0 });
  const issues: Issue[] = [];
  const known = [...setup.classes.keys()].join(', ');
  for (let i = 0; i < population.length; i++) {
    const e = population[i]!;
    const t = totals.get(e.supervisionClass);
    if (typeof e.uscc !== 'string' || !isValidUscc(e.uscc) || e.uscc.length !== 18) {
      if (issues.length < 50) issues.push(makeIssue('INSPECTION_INVALID_USCC', { where: `population[${i}]`, value: String(e.uscc) }, { severity: 'error' }));
      continue;
    }
    if (!t) {
      if (issues.length < 50) issues.push(makeIssue('INSPECTION_UNKNOWN_CLASS', { uscc: e.uscc, classId: String(e.supervisionClass), known }, { severity: 'error' }));
      continue;
    }
    t.total++;
  }
  if (issues.length) throw new XinfengError(issues as [Issue, ...Issue[]]);
  return totals;
}

/** Adds the 无感监测 counts per class from the packed flags (one list lookup per enterprise, in packUsccWords). */
function countNoDisturbance(totals: ReadonlyMap<string, { total: number; noDisturbance: number }>, setup: DrawSetup, classOf: Int32Array, nd: Uint8Array): void {
  const classes = classOrder(setup);
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < nd.length; i++) if (nd[i]) counts[classOf[i]!]!++;
  classes.forEach((c, k) => (totals.get(c.id)!.noDisturbance += counts[k]!));
}

/**
 * The population digest (as mergeCounts computes it for one shard) without building a
 * `uscc,classId` string per enterprise: USCCs are radix-sorted as two base-43 numbers and their
 * bytes copied from the packed SipHash words (`words`, when given) or decoded from those numbers.
 * Also returns each
 * enterprise's position in USCC order, used to order inspections. Throws
 * INSPECTION_DUPLICATE_ENTERPRISE on a repeated USCC. `classOf` gives each enterprise's class
 * index in `classOrder(setup)`.
 */
function populationDigest(population: readonly GradedEnterprise[], setup: DrawSetup, classOf: Int32Array, words?: Uint32Array): { digest: string; usccRank?: Int32Array } {
  const keys = usccKeys(population);
  if (!keys) return { digest: mergeCounts([countStrata(population, setup)], setup).populationDigest };
  const m = population.length;
  const { k1, k2, ids } = radixSortPairs(keys.k1, keys.k2);
  // The lines `uscc,classId\n` in USCC order, hashed as bytes (USCCs are ASCII here: see usccKeys).
  const h = new LineHasher();
  const classBytes = classOrder(setup).map((c) => Buffer.from(`,${c.id}\n`, 'utf8'));
  const usccRank = new Int32Array(m);
  for (let p = 0; p < m; p++) {
    const i = ids[p]!;
    // Equal keys are equal USCCs (the base-43 packing is one-to-one).
    if (p > 0 && k1[p] === k1[p - 1] && k2[p] === k2[p - 1]) fail('INSPECTION_DUPLICATE_ENTERPRISE', { uscc: population[i]!.uscc });
    usccRank[i] = p;
    // The packed words are the USCC's bytes when it is ASCII: copied, not decoded digit by digit.
    if (words) h.usccWords(words, i);
    else h.base43(k1[p]!, k2[p]!);
    h.bytes(classBytes[classOf[i]!]!);
  }
  return { digest: h.digest(), usccRank };
}

/**
 * Two base-43 numbers per USCC (9 characters each, exact in a double) whose order is the USCC
 * code-unit order; `undefined` when a USCC has a character outside '0'–'Z' (the caller then sorts strings).
 */
function usccKeys(population: readonly GradedEnterprise[]): { k1: Float64Array; k2: Float64Array } | undefined {
  const m = population.length;
  const k1 = new Float64Array(m);
  const k2 = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const u = population[i]!.uscc;
    let a = 0;
    let b = 0;
    for (let c = 0; c < 9; c++) {
      const x = u.charCodeAt(c) - 48;
      const y = u.charCodeAt(c + 9) - 48;
      if (!(x >= 0 && x < 43 && y >= 0 && y < 43)) return undefined;
      a = a * 43 + x;
      b = b * 43 + y;
    }
    k1[i] = a;
    k2[i] = b;
  }
  return { k1, k2 };
}

/**
 * Packs each USCC's 18 code units as SipHash blocks, 6 words per enterprise in the layout of
 * {@link sipHashBlocks}: blocks 0–1 full, block 2 = units 16–17 + the length byte 18 on top.
 * `ascii` says whether the words are also the UTF-8 bytes (then other hashes of the USCC can reuse them).
 */
function packUsccWords(shard: readonly GradedEnterprise[], classIndex: ReadonlyMap<string, number>, ndUsccs: ReadonlySet<string>, shared = false): { words: Uint32Array; classOf: Int32Array; nd: Uint8Array; ascii: boolean } {
  const m = shard.length;
  // Shared memory when a draw worker reads a shard of it (no copy).
  const words = new Uint32Array(shared ? new SharedArrayBuffer(24 * m + 4) : new ArrayBuffer(24 * m), 0, 6 * m);
  const classOf = new Int32Array(shared ? new SharedArrayBuffer(4 * m + 4) : new ArrayBuffer(4 * m), 0, m);
  const nd = new Uint8Array(shared ? new SharedArrayBuffer(m + 4) : new ArrayBuffer(m), 0, m);
  let high = 0;
  for (let i = 0; i < m; i++) {
    const e = shard[i]!;
    const u = e.uscc;
    if (u.length !== 18) fail('INSPECTION_INVALID_USCC', { where: `population[${i}]`, value: u });
    const ci = classIndex.get(e.supervisionClass);
    if (ci === undefined) fail('INSPECTION_UNKNOWN_CLASS', { uscc: u, classId: e.supervisionClass, known: [...classIndex.keys()].join(', ') });
    classOf[i] = ci;
    packUsccWordsAt(words, i, u);
    for (let c = 0; c < 18; c++) high |= u.charCodeAt(c);
    if (ndUsccs.has(u)) nd[i] = 1;
  }
  return { words, classOf, nd, ascii: high < 128 };
}

/** The strata with n > 0 as kernel jobs (class index, member set, SipHash key). */
function kernelJobs(table: StrataTable, setup: DrawSetup, classIndex: ReadonlyMap<string, number>): { jobs: KernelJob[]; strata: Stratum[] } {
  const jobs: KernelJob[] = [];
  const strata: Stratum[] = [];
  for (const s of table.strata) {
    if (s.n === 0) continue;
    jobs.push({ key: setup.itemKeys.get(`${s.agency}|${s.itemId}`)!, classIndex: classIndex.get(s.classId)!, offsite: s.mode === 'offsite', n: s.n });
    strata.push(s);
  }
  return { jobs, strata };
}

function classIndexOf(setup: DrawSetup): Map<string, number> {
  const classIndex = new Map<string, number>();
  classOrder(setup).forEach((c, i) => classIndex.set(c.id, i));
  return classIndex;
}

function usccsOf(shard: readonly GradedEnterprise[]): string[] {
  const usccs = new Array<string>(shard.length);
  for (let i = 0; i < shard.length; i++) usccs[i] = shard[i]!.uscc;
  return usccs;
}

/**
 * The draw core: per stratum with n > 0, the n smallest (rank, USCC) of the shard's eligible
 * members, as shard indices with their SipHash values. drawShard and drawPopulation wrap it.
 */
function drawCompact(shard: readonly GradedEnterprise[], table: StrataTable, setup: DrawSetup, packed?: ReturnType<typeof packUsccWords>): CompactDraw & { readonly ascii: boolean } {
  const classIndex = classIndexOf(setup);
  const { words, classOf, nd, ascii } = packed ?? packUsccWords(shard, classIndex, setup.noDisturbanceUsccs);
  const { jobs, strata: jobStrata } = kernelJobs(table, setup, classIndex);
  const draws = drawKernel({ words, classOf, nd, classCount: classIndex.size }, jobs, (a, b) => cmp(shard[a]!.uscc, shard[b]!.uscc));
  const strata: CompactStratum[] = [];
  draws.forEach((d, i) => {
    if (d.ids.length) strata.push({ stratum: jobStrata[i]!, ids: d.ids, hi: d.hi, lo: d.lo });
  });
  return { usccs: usccsOf(shard), strata, population: shard, ascii, ...(ascii ? { words } : {}) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * drawPopulation on two threads (see parallel.ts): counts, starts the worker on the strata jobs,
 * computes the population digest meanwhile, then draws strata alongside the worker until all are
 * drawn. Undefined when the USCCs are not ASCII (the worker breaks rank ties on bytes).
 */
function drawParallel(population: readonly GradedEnterprise[], setup: DrawSetup, script: string): DrawResult | undefined {
  const totals = countTotals(population, setup);
  const m = population.length;
  const classIndex = classIndexOf(setup);
  const { words, classOf, nd, ascii } = packUsccWords(population, classIndex, setup.noDisturbanceUsccs, true);
  if (!ascii) return undefined;
  countNoDisturbance(totals, setup, classOf, nd);
  const provisional = strataTable(totals, m, '', setup);
  const { jobs, strata: jobStrata } = kernelJobs(provisional, setup, classIndex);
  // The worker also computes the draw digest afterwards (the manifest's drawDigest), while this thread assembles the plan.
  const worker = startDrawWorker(script, { words, classOf, nd, classCount: classIndex.size }, jobs, jobStrata.map((s) => `${s.key},`));
  let digest: { digest: string; usccRank?: Int32Array };
  let draws: KernelDraw[];
  try {
    digest = populationDigest(population, setup, classOf, words);
    draws = worker.help((a, b) => cmp(population[a]!.uscc, population[b]!.uscc));
  } catch (e) {
    worker.stop();
    throw e;
  }
  let drawDigest: string | undefined;
  let pending: typeof worker | undefined = worker; // dropped once read: it holds the shared result arrays
  const strata: CompactStratum[] = [];
  draws.forEach((d, i) => {
    if (d.ids.length) strata.push({ stratum: jobStrata[i]!, ids: d.ids, hi: d.hi, lo: d.lo });
  });
  const table: StrataTable = { populationSize: m, populationDigest: digest.digest, strata: provisional.strata };
  const compact: CompactDraw = {
    usccs: usccsOf(population),
    strata,
    population,
    words,
    ...(digest.usccRank ? { usccRank: digest.usccRank } : {}),
    drawDigest: () => {
      if (drawDigest === undefined) {
        drawDigest = pending!.digest();
        pending = undefined;
      }
      return drawDigest;
    },
  };
  return drawResultOf(table, compact);
}

/**
 * Phase 2: within one shard, the n smallest ranks of every stratum (n from the merged table).
 *
 * @example
 * ```ts
 * const draws = shards.map((s) => drawShard(s, table, setup));
 * const result = mergeDraws(draws, table);
 * ```
 */
export function drawShard(shard: readonly GradedEnterprise[], table: StrataTable, setup: DrawSetup): ShardDraw {
  const compact = drawCompact(shard, table, setup);
  const candidates = new Map<string, DrawCandidate[]>();
  for (const s of compact.strata) candidates.set(s.stratum.key, candidatesOf(compact, s));
  return { candidates };
}

function byRankThenUscc(a: DrawCandidate, b: DrawCandidate): number {
  return a.rank - b.rank || (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);
}

/**
 * Phase 3: merges shard candidates: per stratum, the n smallest of the union.
 * Throws INSPECTION_SHARD_MISMATCH when the shards hold fewer candidates than the table's n.
 *
 * @example
 * ```ts
 * const draw = mergeDraws([drawShard(population, table, setup)], table);
 * ```
 */
export function mergeDraws(parts: readonly ShardDraw[], table: StrataTable): DrawResult {
  const selections = new Map<string, DrawCandidate[]>();
  for (const s of table.strata) {
    if (s.n === 0) continue;
    const union: DrawCandidate[] = [];
    for (const p of parts) union.push(...(p.candidates.get(s.key) ?? []));
    union.sort(byRankThenUscc);
    if (union.length < s.n) fail('INSPECTION_SHARD_MISMATCH', { reason: `stratum ${s.key} needs ${s.n} draws, the shards hold ${union.length}` });
    selections.set(s.key, union.slice(0, s.n));
  }
  return { table, selections };
}

/**
 * How {@link drawPopulation} may use a worker thread.
 *
 * @example
 * ```ts
 * drawPopulation(population, setup, { worker: false }); // always on the calling thread
 * ```
 */
export interface DrawPopulationOptions {
  /**
   * `true` (default): populations of 50,000 or more are drawn on two threads when the worker
   * bundle `inspection-worker.cjs` sits next to the running xinfeng bundle (dist/); otherwise, and
   * when the worker fails, on the calling thread. `false`: always the calling thread. A path: that
   * worker bundle, for any population of two or more. The draw is the same in every case.
   */
  readonly worker?: boolean | string;
}

/**
 * The whole draw in one call (one shard). Same result as countStrata → mergeCounts → drawShard →
 * mergeDraws over one shard; the drawn pairs are held as enterprise indices, and
 * `selections` builds its candidate objects when first read. Large populations are drawn on two
 * threads (see {@link DrawPopulationOptions}); the result is identical.
 *
 * @example
 * ```ts
 * const draw = drawPopulation(population, prepareDraw(options));
 * ```
 */
export function drawPopulation(population: readonly GradedEnterprise[], setup: DrawSetup, options: DrawPopulationOptions = {}): DrawResult {
  const worker = options.worker ?? true;
  const script = typeof worker === 'string' ? worker : worker && population.length >= PARALLEL_DRAW_THRESHOLD ? findDrawWorker() : undefined;
  if (script && population.length >= 2) {
    const parallel = drawParallel(population, setup, script);
    if (parallel) return parallel;
  }
  const totals = countTotals(population, setup);
  const packed = packUsccWords(population, classIndexOf(setup), setup.noDisturbanceUsccs);
  countNoDisturbance(totals, setup, packed.classOf, packed.nd);
  const { digest, usccRank } = populationDigest(population, setup, packed.classOf, packed.ascii ? packed.words : undefined);
  const table = strataTable(totals, population.length, digest, setup);
  const compact = drawCompact(population, table, setup, packed);
  return drawResultOf(table, usccRank ? { ...compact, usccRank } : compact);
}

/**
 * The published rank of one enterprise for one agency × item (16 hex digits), for anyone who wants
 * to re-derive a single draw by hand.
 *
 * @example
 * ```ts
 * rankOf('seed', 'MH-2025', 'SCJG', 'SCJG-01', '91310112MA1FL8X00X'); // 'a3c1…'
 * ```
 */
export function rankOf(seed: string, planId: string, agency: string, itemId: string, uscc: string): string {
  const key = deriveKey(seed, `xinfeng/draw/v1|${planId}|${agency}|${itemId}`);
  const words = new Uint32Array(6);
  const bytes = Buffer.from(uscc, 'latin1');
  sipBlocks(bytes, words, 0);
  const out = new Uint32Array(2);
  sipHashBlocks(key, words, 0, 3, out);
  return hex64([out[0]!, out[1]!]);
}
