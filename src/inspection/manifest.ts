/**
 * The plan manifest (抽查计划清单) and its verification. The seed is committed before the draw
 * (seedCommitment = SHA-256("xinfeng/seed/v1|" + planId + "|" + seed), hex) and published after
 * it, per 双随机、一公开 practice: publish {@link sealManifest}'s output (no seed) when the plan is
 * filed, then {@link revealSeed} once the draw is done; anyone can then {@link verifyPlan}.
 */
import { createHash } from 'node:crypto';
import { sha256Hex } from '../_lib/hash.js';
import { fail } from '../_lib/issues/index.js';
import { rulebookHash, type Rulebook } from '../rulebook/index.js';
import { drawPopulation, prepareDraw, type DrawResult, type DrawSetup, type Stratum } from './draw.js';
import { compactOf, LineHasher, type CompactStratum } from './compact.js';
import type { GradedEnterprise, InspectionItem, NoDisturbanceEnterprise, NoDisturbanceItem } from './inputs.js';

/**
 * Describes the draw construction (see draw.ts) so a manifest is self-explaining.
 *
 * @example
 * ```ts
 * manifest.drawConstruction === DRAW_CONSTRUCTION;
 * ```
 */
export const DRAW_CONSTRUCTION =
  'xinfeng/draw/v1: K = HMAC-SHA-256(seed, "xinfeng/draw/v1|planId|agency|itemId")[0..16); rank = SipHash-2-4(K, USCC ASCII); per stratum the n smallest ranks (top 53 bits, ties by USCC); n = ratio × N rounded by inspection.samplingRounding';

/**
 * The published manifest of a plan.
 *
 * @example
 * ```ts
 * const m: PlanManifest = plan.manifest; m.populationDigest;
 * ```
 */
export interface PlanManifest {
  readonly format: 'xinfeng-inspection-manifest/1';
  readonly planId: string;
  readonly year: number;
  readonly asOf: string;
  readonly libraryVersion: string;
  readonly rulebookId: string;
  readonly rulebookHash: string;
  readonly drawConstruction: string;
  readonly seedCommitment: string;
  /** Present once the seed is revealed (after the draw). */
  readonly seed?: string;
  readonly roundingMode: string;
  readonly populationSize: number;
  readonly populationDigest: string;
  /** SHA-256 over items and both 双无 lists (canonical JSON). */
  readonly inputsDigest: string;
  readonly strata: readonly Stratum[];
  /** SHA-256 over the lines `stratumKey,uscc\n` of every drawn pair, strata in manifest order, draws in rank order. */
  readonly drawDigest: string;
  readonly drawnPairs: number;
  readonly visits?: {
    readonly beforeMerging: number;
    readonly afterMerging: number;
    readonly beforeByMonth: readonly number[];
    readonly afterByMonth: readonly number[];
  };
}

/**
 * SHA-256 commitment to a seed for a plan.
 *
 * @example
 * ```ts
 * seedCommitment('MH-2025', seed) === manifest.seedCommitment;
 * ```
 */
export function seedCommitment(planId: string, seed: string): string {
  return sha256Hex(`xinfeng/seed/v1|${planId}|${seed}`);
}

/**
 * SHA-256 over the lines `stratumKey,uscc\n` (strata in table order, draws in rank order:
 * canonical without a sort), hashed in chunks rather than joined into one 40 MB string.
 */
function drawDigestOf(draw: DrawResult): { digest: string; pairs: number } {
  const compact = compactOf(draw);
  let pairs = 0;
  for (const s of compact.strata) pairs += s.ids.length;
  if (compact.drawDigest) return { digest: compact.drawDigest(), pairs };
  const words = compact.words;
  if (words) {
    // USCCs are ASCII and packed already: write bytes, no string per line.
    const h = new LineHasher();
    for (const s of compact.strata) {
      const prefix = Buffer.from(`${s.stratum.key},`, 'utf8');
      for (let j = 0; j < s.ids.length; j++) {
        h.bytes(prefix);
        h.usccWords(words, s.ids[j]!);
        h.byte(10);
      }
    }
    return { digest: h.digest(), pairs };
  }
  const hash = createHash('sha256');
  const parts: string[] = [];
  for (const s of compact.strata) {
    const prefix = `${s.stratum.key},`;
    for (let j = 0; j < s.ids.length; j++) parts.push(prefix, compact.usccs[s.ids[j]!]!, '\n');
    if (parts.length >= 32768) hash.update(parts.splice(0).join(''));
  }
  hash.update(parts.join(''));
  return { digest: hash.digest('hex'), pairs };
}

/**
 * Builds the manifest of a draw (seed included; use {@link sealManifest} for the pre-draw copy).
 *
 * @example
 * ```ts
 * const m = buildManifest(setup, draw);
 * m.strata.map((s) => `${s.key} N=${s.N} n=${s.n}`);
 * ```
 */
export function buildManifest(setup: DrawSetup, draw: DrawResult, visits?: PlanManifest['visits']): PlanManifest {
  const o = setup.options;
  const { digest, pairs } = drawDigestOf(draw);
  return {
    format: 'xinfeng-inspection-manifest/1',
    planId: o.planId,
    year: o.year,
    asOf: o.asOf,
    libraryVersion: setup.stamp.libraryVersion,
    rulebookId: setup.stamp.rulebookId,
    rulebookHash: setup.stamp.rulebookHash,
    drawConstruction: DRAW_CONSTRUCTION,
    seedCommitment: seedCommitment(o.planId, o.seed),
    seed: o.seed,
    roundingMode: setup.roundingMode,
    populationSize: draw.table.populationSize,
    populationDigest: draw.table.populationDigest,
    inputsDigest: setup.inputsDigest,
    strata: draw.table.strata,
    drawDigest: digest,
    drawnPairs: pairs,
    ...(visits
      ? { visits: { beforeMerging: visits.beforeMerging, afterMerging: visits.afterMerging, beforeByMonth: visits.beforeByMonth, afterByMonth: visits.afterByMonth } }
      : {}),
  };
}

/**
 * The manifest without its seed (to publish before the seed is revealed).
 *
 * @example
 * ```ts
 * const published = sealManifest(plan.manifest); // no `seed`, keeps `seedCommitment`
 * ```
 */
export function sealManifest(manifest: PlanManifest): PlanManifest {
  const { seed: _seed, ...rest } = manifest;
  return rest;
}

/**
 * Adds the revealed seed to a sealed manifest after checking it against the commitment.
 * Throws INVALID_ARGUMENT when the seed does not match.
 *
 * @example
 * ```ts
 * const full = revealSeed(sealManifest(plan.manifest), seed);
 * ```
 */
export function revealSeed(manifest: PlanManifest, seed: string): PlanManifest {
  if (seedCommitment(manifest.planId, seed) !== manifest.seedCommitment) fail('INVALID_ARGUMENT', { name: 'seed', reason: 'does not match the manifest seed commitment' });
  return { ...manifest, seed };
}

/**
 * A drawn pair as a plan lists it.
 *
 * @example
 * ```ts
 * const pairs: PlanPairRef[] = planPairs(plan);
 * ```
 */
export interface PlanPairRef {
  readonly agency: string;
  readonly itemId: string;
  readonly classId: string;
  readonly uscc: string;
}

/**
 * One difference found by {@link verifyPlan}.
 *
 * @example
 * ```ts
 * for (const d of verifyPlan(m, population, pairs, ctx).differences) if (d.kind === 'missing') console.log(d.stratum, d.uscc);
 * ```
 */
export type PlanDifference =
  | { readonly kind: 'seedUnavailable' }
  | { readonly kind: 'seedCommitmentMismatch' }
  | { readonly kind: 'rulebookMismatch'; readonly expected: string; readonly actual: string }
  | { readonly kind: 'populationDigestMismatch'; readonly expected: string; readonly actual: string; readonly expectedSize: number; readonly actualSize: number }
  | { readonly kind: 'inputsDigestMismatch'; readonly expected: string; readonly actual: string }
  | { readonly kind: 'stratumMismatch'; readonly stratum: string; readonly field: string; readonly manifest: string; readonly recomputed: string }
  | { readonly kind: 'wrongCount'; readonly stratum: string; readonly expected: number; readonly actual: number }
  | { readonly kind: 'missing'; readonly stratum: string; readonly uscc: string }
  | { readonly kind: 'extra'; readonly stratum: string; readonly uscc: string };

/**
 * Result of {@link verifyPlan}.
 *
 * @example
 * ```ts
 * const v: PlanVerification = verifyPlan(m, population, pairs, ctx); v.identical;
 * ```
 */
export interface PlanVerification {
  readonly identical: boolean;
  readonly differences: readonly PlanDifference[];
  /** The recomputed draw (when the seed was available). */
  readonly recomputed?: DrawResult;
}

/**
 * What {@link verifyPlan} needs besides manifest, population and plan.
 *
 * @example
 * ```ts
 * const ctx: VerifyPlanContext = { rulebook, items, noDisturbanceItems };
 * ```
 */
export interface VerifyPlanContext {
  readonly rulebook: Rulebook;
  readonly items: readonly InspectionItem[];
  readonly noDisturbanceEnterprises?: readonly NoDisturbanceEnterprise[];
  readonly noDisturbanceItems?: readonly NoDisturbanceItem[];
  /** The seed, when the manifest does not carry it yet. */
  readonly seed?: string;
}

/** The USCCs a plan lists per stratum key `agency|itemId|classId`, in the plan's order. */
function plannedByStratum(plan: readonly PlanPairRef[]): Map<string, string[]> {
  const planned = new Map<string, string[]>();
  let last: PlanPairRef | undefined;
  let list: string[] = [];
  for (const p of plan) {
    // Pairs come grouped by stratum: build the key string only when the stratum changes.
    if (!last || p.agency !== last.agency || p.itemId !== last.itemId || p.classId !== last.classId) {
      const key = `${p.agency}|${p.itemId}|${p.classId}`;
      let l = planned.get(key);
      if (!l) planned.set(key, (l = []));
      list = l;
      last = p;
    }
    list.push(p.uscc);
  }
  return planned;
}

/** True when `listed` is exactly the stratum's draws in rank order (then sets agree too). */
function sameDraws(listed: readonly string[], c: CompactStratum, usccs: readonly string[]): boolean {
  if (listed.length !== c.ids.length || listed.length !== c.stratum.n) return false;
  for (let j = 0; j < listed.length; j++) if (listed[j] !== usccs[c.ids[j]!]) return false;
  return true;
}

/**
 * Recomputes a published plan's draw from the manifest, the population and the inputs, and lists
 * exactly what differs (never just a boolean): seed commitment, rulebook, population and input
 * digests, per-stratum N/ratio/n, counts, and every missing or extra enterprise.
 *
 * @example
 * ```ts
 * const v = verifyPlan(manifest, population, planPairs(plan), { rulebook, items });
 * if (!v.identical) console.table(v.differences);
 * ```
 */
export function verifyPlan(
  manifest: PlanManifest,
  population: readonly GradedEnterprise[],
  plan: readonly PlanPairRef[],
  context: VerifyPlanContext,
): PlanVerification {
  const differences: PlanDifference[] = [];
  const seed = context.seed ?? manifest.seed;
  if (seed === undefined) return { identical: false, differences: [{ kind: 'seedUnavailable' }] };
  if (seedCommitment(manifest.planId, seed) !== manifest.seedCommitment) differences.push({ kind: 'seedCommitmentMismatch' });
  const actualHash = rulebookHash(context.rulebook);
  if (actualHash !== manifest.rulebookHash) differences.push({ kind: 'rulebookMismatch', expected: manifest.rulebookHash, actual: actualHash });
  const setup = prepareDraw({
    rulebook: context.rulebook,
    asOf: manifest.asOf,
    year: manifest.year,
    planId: manifest.planId,
    seed,
    items: context.items,
    ...(context.noDisturbanceEnterprises ? { noDisturbanceEnterprises: context.noDisturbanceEnterprises } : {}),
    ...(context.noDisturbanceItems ? { noDisturbanceItems: context.noDisturbanceItems } : {}),
  });
  if (setup.inputsDigest !== manifest.inputsDigest) differences.push({ kind: 'inputsDigestMismatch', expected: manifest.inputsDigest, actual: setup.inputsDigest });
  const draw = drawPopulation(population, setup);
  const table = draw.table;
  if (table.populationDigest !== manifest.populationDigest) {
    differences.push({ kind: 'populationDigestMismatch', expected: manifest.populationDigest, actual: table.populationDigest, expectedSize: manifest.populationSize, actualSize: table.populationSize });
  }
  const mStrata = new Map(manifest.strata.map((s) => [s.key, s]));
  for (const s of table.strata) {
    const m = mStrata.get(s.key);
    if (!m) {
      differences.push({ kind: 'stratumMismatch', stratum: s.key, field: 'presence', manifest: 'absent', recomputed: 'present' });
      continue;
    }
    mStrata.delete(s.key);
    for (const f of ['N', 'n', 'ratio', 'mode', 'classTotal'] as const) {
      if (String(m[f]) !== String(s[f])) differences.push({ kind: 'stratumMismatch', stratum: s.key, field: f, manifest: String(m[f]), recomputed: String(s[f]) });
    }
  }
  for (const k of mStrata.keys()) differences.push({ kind: 'stratumMismatch', stratum: k, field: 'presence', manifest: 'present', recomputed: 'absent' });
  const compact = compactOf(draw);
  const drawn = new Map(compact.strata.map((c) => [c.stratum.key, c]));
  const planned = plannedByStratum(plan);
  for (const s of table.strata) {
    const c = drawn.get(s.key);
    const listed = planned.get(s.key) ?? [];
    planned.delete(s.key);
    // A published plan normally lists each stratum's draws in rank order: nothing to compare then.
    if (c && sameDraws(listed, c, compact.usccs)) continue;
    const expected = new Set(c ? Array.from(c.ids, (id) => compact.usccs[id]!) : []);
    const actual = new Set(listed);
    if (actual.size !== s.n) differences.push({ kind: 'wrongCount', stratum: s.key, expected: s.n, actual: actual.size });
    const missing: string[] = [];
    const extra: string[] = [];
    for (const u of expected) if (!actual.has(u)) missing.push(u);
    for (const u of actual) if (!expected.has(u)) extra.push(u);
    for (const u of missing.sort()) differences.push({ kind: 'missing', stratum: s.key, uscc: u });
    for (const u of extra.sort()) differences.push({ kind: 'extra', stratum: s.key, uscc: u });
  }
  for (const [key, list] of [...planned.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const set = new Set(list);
    differences.push({ kind: 'wrongCount', stratum: key, expected: 0, actual: set.size });
    for (const u of [...set].sort()) differences.push({ kind: 'extra', stratum: key, uscc: u });
  }
  return { identical: differences.length === 0, differences, recomputed: draw };
}

/**
 * The drawn pairs of a plan or draw, as {@link verifyPlan} compares them.
 *
 * @example
 * ```ts
 * verifyPlan(manifest, population, planPairs(plan.draw), context);
 * ```
 */
export function planPairs(draw: DrawResult | { readonly draw: DrawResult }): PlanPairRef[] {
  const d = 'selections' in draw ? draw : draw.draw;
  const compact = compactOf(d);
  const out: PlanPairRef[] = [];
  for (const c of compact.strata) {
    const s = c.stratum;
    for (let j = 0; j < c.ids.length; j++) out.push({ agency: s.agency, itemId: s.itemId, classId: s.classId, uscc: compact.usccs[c.ids[j]!]! });
  }
  return out;
}
