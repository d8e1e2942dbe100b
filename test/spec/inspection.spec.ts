import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assemblePlan,
  canonicalJson,
  countStrata,
  drawPopulation,
  drawShard,
  issueInspectionCode,
  formatInspectionCode,
  mergeCounts,
  mergeDraws,
  planInspections,
  planPairs,
  prepareDraw,
  sampleSize,
  verifyInspectionCode,
  verifyPlan,
  valueAt,
  type GradedEnterprise,
  type InspectionPlan,
  type TriggeredTask,
} from '../../src/index.js';
import { BASE, CLASSES, ITEMS, rosters, testRulebook, usccFor } from '../inspection/fixtures.js';

const rb = testRulebook();
const CLASS_IDS = ['class-1', 'class-2', 'class-3', 'class-4'] as const;
const REASONS = ['complaintOrReport', 'dataMonitoringFinding', 'referral', 'requiredByLaw', 'higherLevelDeployment'] as const;

/** A realistic district slice: distinct USCCs (Minhang 310112), classes skewed towards the lighter ones. */
const populationArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 250 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.constantFrom(...CLASS_IDS, 'class-1', 'class-2', 'class-2'), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, classes]): GradedEnterprise[] => ids.map((id, i) => ({ uscc: usccFor(id), supervisionClass: classes[i]!, name: `企业${id}` })));

const scenarioArb = populationArb.chain((pop) =>
  fc.record({
    pop: fc.constant(pop),
    seed: fc.string({ minLength: 1, maxLength: 24 }),
    noDisturbance: fc.subarray(pop.map((e) => e.uscc), { maxLength: Math.min(15, pop.length) }),
    ndItems: fc.subarray(ITEMS.map((i) => i.itemId), { maxLength: 2 }),
    triggered: fc.array(
      fc.record({
        e: fc.constantFrom(...pop),
        item: fc.constantFrom(...ITEMS),
        reason: fc.constantFrom(...REASONS),
        day: fc.integer({ min: 1, max: 28 }),
        month: fc.integer({ min: 1, max: 12 }),
      }),
      { maxLength: 8 },
    ),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function optionsOf(s: Scenario) {
  const triggered: TriggeredTask[] = s.triggered.map((t, i) => ({
    taskId: `T-${String(i).padStart(4, '0')}`,
    agency: t.item.agency,
    itemId: t.item.itemId,
    uscc: t.e.uscc,
    reason: t.reason,
    date: `2025-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`,
  }));
  return {
    ...BASE,
    seed: s.seed,
    rulebook: rb,
    items: ITEMS,
    rosters: rosters(40),
    noDisturbanceEnterprises: s.noDisturbance.map((uscc) => ({ uscc, from: '2024-01-01' })),
    noDisturbanceItems: s.ndItems.map((itemId) => ({ itemId, from: '2024-01-01' })),
    triggered,
  };
}

const plan = (s: Scenario, pop = s.pop): InspectionPlan => planInspections({ ...optionsOf(s), population: pop });
const json = (p: InspectionPlan): string => canonicalJson({ ...p, draw: undefined, selections: planPairs(p), issues: p.issues.map((i) => [i.code, i.params]) });

function shuffle<T>(arr: readonly T[], keys: readonly number[]): T[] {
  return arr.map((v, i) => [keys[i % keys.length]! * 1000 + i, v] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
}

describe('检查计划规格 / inspection planning specification', () => {
  it('同一种子与名单得到逐字节相同的计划 / same seed and population → byte-identical plan (plan 三(二)4; 国办发〔2015〕58号 双随机)', () => {
    fc.assert(fc.property(scenarioArb, (s) => json(plan(s)) === json(plan(s))), { numRuns: 60 });
  });

  it('输入顺序不影响计划 / shuffled input (population, lists, tasks, rosters, items) → same plan (plan 三(二)4)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }), (s, keys) => {
        const o = optionsOf(s);
        const a = planInspections({ ...o, population: s.pop });
        const b = planInspections({
          ...o,
          population: shuffle(s.pop, keys),
          items: shuffle(o.items, keys),
          rosters: shuffle(o.rosters, keys),
          triggered: shuffle(o.triggered, keys),
          noDisturbanceEnterprises: shuffle(o.noDisturbanceEnterprises, keys),
        });
        expect(json(b)).toBe(json(a));
      }),
      { numRuns: 60 },
    );
  });

  it('分片抽取合并后等于整体抽取 / draws over shards, merged, equal the draw over all (partitionable 双随机)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(4), { minLength: 1, maxLength: 250 }), (s, k, assign) => {
        const o = optionsOf(s);
        const setup = prepareDraw(o);
        const shards: GradedEnterprise[][] = Array.from({ length: k }, () => []);
        s.pop.forEach((e, i) => shards[assign[i % assign.length]! % k]!.push(e));
        const table = mergeCounts(shards.map((sh) => countStrata(sh, setup)), setup);
        const merged = mergeDraws(shards.map((sh) => drawShard(sh, table, setup)), table);
        const whole = drawPopulation(s.pop, setup);
        expect(canonicalJson(planPairs(merged))).toBe(canonicalJson(planPairs(whole)));
        expect(table.populationDigest).toBe(whole.table.populationDigest);
        const enterprises = new Map(s.pop.map((e) => [e.uscc, e]));
        const p1 = assemblePlan(merged, setup, { ...o, enterprises });
        const p2 = assemblePlan(whole, setup, { ...o, enterprises });
        expect(json(p1)).toBe(json(p2));
      }),
      { numRuns: 60 },
    );
  });

  it('每层恰好抽取 n = 比例 × N（规则集取整），且只抽合格对象 / each stratum draws exactly n = ratio × N (rulebook rounding) from its eligible enterprises (plan 三(二)4)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const p = plan(s);
        const mode = valueAt(rb, 'inspection.samplingRounding', BASE.asOf).value.mode;
        const nd = new Set(s.noDisturbance);
        for (const st of p.manifest.strata) {
          const members = s.pop.filter((e) => e.supervisionClass === st.classId);
          const c = CLASSES[st.classId as keyof typeof CLASSES];
          const eligible = s.ndItems.includes(st.itemId)
            ? []
            : st.mode === 'offsite'
              ? members
              : c.proactiveOnsiteOff
                ? []
                : members.filter((e) => !nd.has(e.uscc));
          expect(st.N).toBe(eligible.length);
          expect(st.n).toBe(sampleSize(st.ratio, st.N, mode));
          const drawn = p.draw.selections.get(st.key) ?? [];
          expect(drawn.length).toBe(st.n);
          const ok = new Set(eligible.map((e) => e.uscc));
          for (const d of drawn) expect(ok.has(d.uscc)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('计划检查不使任何企业超过年度上限 / no enterprise exceeds its yearly cap per agency (国办发〔2024〕54号; plan 三(二)4)', () => {
    const capped = testRulebook(
      { ...CLASSES, 'class-1': { ...CLASSES['class-1'], inspectionsPerYearMax: 0 }, 'class-2': { ...CLASSES['class-2'], inspectionsPerYearMax: 0 } },
      { inspection: { yearlyCap: { values: [{ from: '2015-08-05', value: { perAgencyPerEnterprise: 1, triggeredCounts: true, exemptReasons: [] }, source: { title: 't', status: 'library-default', lastVerifiedOn: '2025-01-01', reviewBy: '2099-01-01' } }] } } },
    );
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const p = planInspections({ ...optionsOf(s), rulebook: capped, population: s.pop });
        const cls = new Map(s.pop.map((e) => [e.uscc, e.supervisionClass]));
        const count = new Map<string, { planned: number; triggered: number }>();
        for (const i of [...p.inspections, ...p.unstaffed.map((u) => u.inspection)]) {
          for (const a of i.agencies) {
            const k = `${i.uscc}|${a}`;
            const c = count.get(k) ?? { planned: 0, triggered: 0 };
            if (i.kind === 'planned') c.planned++;
            else c.triggered++;
            count.set(k, c);
          }
        }
        for (const [k, c] of count) {
          const cap = Math.min(1, CLASSES[cls.get(k.split('|')[0]!) as keyof typeof CLASSES]?.inspectionsPerYearMax ?? 1);
          // planned inspections never push the pair over the cap; triggered ones are never deferred but reported
          if (c.planned > 0) expect(c.planned + c.triggered).toBeLessThanOrEqual(cap);
          if (c.triggered > cap) expect(p.issues.some((x) => x.code === 'INSPECTION_CAP_EXCEEDED_BY_TRIGGERED' && `${x.params.uscc}|${x.params.agency}` === k)).toBe(true);
        }
        expect(p.deferred.length).toBe(p.issues.filter((x) => x.code === 'INSPECTION_CAP_DEFERRED').length);
      }),
      { numRuns: 60 },
    );
  });

  it('无感监测企业与无事不扰事项没有计划现场检查，只有附原因的触发式检查 / no planned visit to a 无感监测 enterprise or for a 无事不扰 item; they appear only with a trigger reason (plan 三(二)3)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const p = plan(s);
        const nd = new Set(s.noDisturbance);
        for (const i of [...p.inspections, ...p.unstaffed.map((u) => u.inspection)]) {
          for (const l of i.items) {
            if (l.source === 'draw') {
              expect(nd.has(i.uscc)).toBe(false);
              expect(s.ndItems.includes(l.itemId)).toBe(false);
              expect(CLASSES[i.classId as keyof typeof CLASSES].proactiveOnsiteOff).toBe(false);
            } else expect(REASONS).toContain(l.reason);
          }
          if (nd.has(i.uscc)) expect(i.kind).toBe('triggered');
          if (i.kind === 'triggered') expect(i.triggerReasons.length).toBeGreaterThan(0);
        }
        for (const t of p.offsiteTasks) for (const l of t.items) expect(ITEMS.find((x) => x.itemId === l.itemId)!.offsiteCapable).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('每次检查每个部门至少两名无利害关系的检查人员且不超负荷 / every inspection has ≥ 2 inspectors per agency, none conflicted, none over the load cap (国办发〔2015〕58号; 回避)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 3, max: 12 }), fc.array(fc.nat(), { maxLength: 200 }), (s, perAgency, picks) => {
        const roster = rosters(perAgency).map((r, i) => ({ ...r, conflicts: picks.filter((_, j) => j % (perAgency * 3) === i).map((x) => s.pop[x % s.pop.length]!.uscc) }));
        const conflicts = new Map(roster.map((r) => [r.inspectorId, new Set(r.conflicts)]));
        const tight = testRulebook(CLASSES, { inspection: { inspectorLoadCap: { values: [{ from: '2015-08-05', value: 6, source: { title: 't', status: 'library-default', lastVerifiedOn: '2025-01-01', reviewBy: '2099-01-01' } }] } } });
        const p = planInspections({ ...optionsOf(s), rulebook: tight, rosters: roster, population: s.pop });
        const load = new Map<string, number>();
        for (const i of p.inspections) {
          for (const a of i.agencies) {
            const mine = i.inspectors.filter((x) => x.agency === a).map((x) => x.inspectorId);
            expect(new Set(mine).size).toBeGreaterThanOrEqual(2);
          }
          for (const x of i.inspectors) {
            expect(conflicts.get(x.inspectorId)!.has(i.uscc)).toBe(false);
            load.set(x.inspectorId, (load.get(x.inspectorId) ?? 0) + 1);
          }
        }
        for (const v of load.values()) expect(v).toBeLessThanOrEqual(6);
        if (p.unstaffed.length) expect(p.issues.some((x) => x.code === 'INSPECTION_UNSTAFFABLE')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('更差的类别被抽中的机会不会更低 / a worse class never has a lower chance of being drawn: same N → n not lower, and moving a cohort to a stricter class keeps everyone drawn (plan 三(二)4; 国市监信发〔2022〕6号)', () => {
    fc.assert(
      fc.property(populationArb, fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(0, 1, 2), (pop, seed, from) => {
        const better = CLASS_IDS[from]!;
        const worse = CLASS_IDS[from + 1]!;
        const asBetter = pop.map((e) => ({ ...e, supervisionClass: better }));
        const asWorse = pop.map((e) => ({ ...e, supervisionClass: worse }));
        const setup = prepareDraw({ ...BASE, seed, rulebook: rb, items: ITEMS });
        const a = drawPopulation(asBetter, setup);
        const b = drawPopulation(asWorse, setup);
        for (const it of ITEMS) {
          const sa = a.table.strata.find((s) => s.key === `${it.agency}|${it.itemId}|${better}`)!;
          const sb = b.table.strata.find((s) => s.key === `${it.agency}|${it.itemId}|${worse}`)!;
          if (sa.N === sb.N) expect(sb.n).toBeGreaterThanOrEqual(sa.n);
          const drawnWorse = new Set((b.selections.get(sb.key) ?? []).map((c) => c.uscc));
          if (sa.N === sb.N) for (const c of a.selections.get(sa.key) ?? []) expect(drawnWorse.has(c.uscc)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('签名检查码任一字节被改动都无法通过验证 / any altered byte of a signed code fails verification (plan 三(二)1 检查必亮码)', () => {
    const key = 'minhang-SCJG-signing-key-2025!!';
    const signed = issueInspectionCode(
      {
        code: formatInspectionCode('SCJG', 2025, 17),
        kind: 'planned',
        uscc: usccFor(17),
        agencies: ['SCJG'],
        items: ['SCJG-01', 'SCJG-02'],
        inspectors: [
          { inspectorId: 'SCJG-001', agency: 'SCJG', certificateNo: '310112200001' },
          { inspectorId: 'SCJG-002', agency: 'SCJG', certificateNo: '310112200002' },
        ],
        validFrom: '2025-03-01',
        validTo: '2025-03-31',
      },
      key,
      { rulebook: rb, asOf: '2025-02-20' },
    );
    const opts = { asOf: '2025-03-10', uscc: usccFor(17) };
    expect(verifyInspectionCode(signed.code, signed.payload, key, opts).valid).toBe(true);
    fc.assert(
      fc.property(fc.nat(signed.payload.length - 1), fc.integer({ min: 1, max: 255 }), (pos, delta) => {
        const bytes = Buffer.from(signed.payload, 'latin1');
        bytes[pos] = (bytes[pos]! + delta) % 256;
        const altered = bytes.toString('latin1');
        expect(verifyInspectionCode(signed.code, altered, key, opts).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('核验自己的计划没有差异，任何增删都会被指出 / verifyPlan finds no difference in a plan it made and names any added or removed enterprise (双随机一公开)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, pick) => {
        const o = optionsOf(s);
        const p = plan(s);
        const ctx = { rulebook: rb, items: o.items, noDisturbanceEnterprises: o.noDisturbanceEnterprises, noDisturbanceItems: o.noDisturbanceItems };
        const pairs = planPairs(p);
        expect(verifyPlan(p.manifest, s.pop, pairs, ctx).identical).toBe(true);
        if (pairs.length === 0) return;
        const gone = pairs[pick % pairs.length]!;
        const d = verifyPlan(p.manifest, s.pop, pairs.filter((x) => x !== gone), ctx).differences;
        expect(d).toContainEqual({ kind: 'missing', stratum: `${gone.agency}|${gone.itemId}|${gone.classId}`, uscc: gone.uscc });
      }),
      { numRuns: 40 },
    );
  });
});
