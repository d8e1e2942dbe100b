import { describe, expect, it } from 'vitest';
import {
  attachEvaluation,
  formatInspectionCode,
  isXinfengError,
  issueInspectionCode,
  issuePlannedInspectionCode,
  parseInspectionCode,
  planInspections,
  planPairs,
  prepareDraw,
  rankOf,
  revealSeed,
  sampleSize,
  sealManifest,
  verifyInspectionCode,
  verifyPlan,
  scheduledMonth,
} from '../../src/index.js';
import { BASE, CLASSES, ITEMS, population, rosters, testRulebook, usccFor } from './fixtures.js';

const rb = testRulebook();
const pop = population(600);
const KEY = 'agency-key-SCJG-0123456789abcdef';

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isXinfengError(e)) return { code: e.code, message: e.issues.map((i) => `${i.message} ${i.messageZh}`).join('\n') };
    throw e;
  }
  throw new Error('did not throw');
}

describe('sample size n = ratio × N (rulebook rounding)', () => {
  it('applies each declared rounding mode exactly', () => {
    expect(sampleSize('0.03', 10, 'ceil')).toBe(1);
    expect(sampleSize('0.03', 10, 'floor')).toBe(0);
    expect(sampleSize('0.05', 50, 'half-up')).toBe(3);
    expect(sampleSize('0.05', 50, 'half-even')).toBe(2);
    expect(sampleSize('0.1', 30, 'floor')).toBe(3); // 0.1 × 30 is exactly 3 (a float would give 3.0000000000000004)
    expect(sampleSize('1', 7, 'ceil')).toBe(7);
    expect(sampleSize('0', 7, 'ceil')).toBe(0);
  });
});

describe('readable inspection code (xinfeng format)', () => {
  it('round-trips and rejects any single changed character', () => {
    const code = formatInspectionCode('SCJG', 2025, 42);
    expect(code).toMatch(/^SCJG-2025-000042-[0-9A-Z]$/);
    expect(parseInspectionCode(code)).toEqual({ agency: 'SCJG', year: 2025, sequence: 42 });
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < code.length; i++) {
      if (code[i] === '-') continue;
      for (const c of alphabet) {
        if (c === code[i]) continue;
        const altered = code.slice(0, i) + c + code.slice(i + 1);
        expect(parseInspectionCode(altered), altered).toBeUndefined();
      }
    }
  });
});

describe('annual plan on a small district', () => {
  const nde = [{ uscc: pop[1]!.uscc, from: '2024-07-01' }, { uscc: pop[2]!.uscc, from: '2026-01-01' }];
  const ndi = [{ itemId: 'SCJG-02', from: '2025-01-01' }];
  const triggered = [
    { taskId: 'T-001', agency: 'SCJG', itemId: 'SCJG-02', uscc: pop[1]!.uscc, reason: 'complaintOrReport', date: '2025-03-14' },
    { taskId: 'T-002', agency: 'STHJ', itemId: 'STHJ-01', uscc: pop[3]!.uscc, reason: 'dataMonitoringFinding', date: '2025-05-02' },
    { taskId: 'T-003', agency: 'SCJG', itemId: 'SCJG-01', uscc: pop[4]!.uscc, reason: 'complaintOrReport', date: '2024-12-30' },
  ] as const;
  const plan = planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: rosters(), population: pop, noDisturbanceEnterprises: nde, noDisturbanceItems: ndi, triggered });

  it('excludes the 无事不扰 item, the 无感监测 enterprise and proactive-off classes from planned on-site draws', () => {
    for (const s of plan.manifest.strata.filter((x) => x.itemId === 'SCJG-02')) expect(s.n).toBe(0);
    for (const s of plan.manifest.strata.filter((x) => x.classId === 'class-1' && x.mode === 'onsite')) expect(s.N).toBe(0);
    const planned = plan.inspections.filter((i) => i.kind === 'planned');
    expect(planned.some((i) => i.uscc === pop[1]!.uscc)).toBe(false);
    expect(planned.some((i) => i.classId === 'class-1')).toBe(false);
    // pop[1] (class-2) is listed; pop[2]'s entry from 2026 is not yet in force
    expect(plan.manifest.strata.find((s) => s.key === 'SCJG|SCJG-01|class-2')!.excluded.noDisturbanceEnterprise).toBe(1);
  });

  it('plans triggered inspections (with reason) even for a 无感监测 enterprise and a 无事不扰 item', () => {
    const t = plan.inspections.find((i) => i.kind === 'triggered' && i.uscc === pop[1]!.uscc)!;
    expect(t.triggerReasons).toEqual(['complaintOrReport']);
    expect(t.items.map((l) => l.itemId)).toContain('SCJG-02');
    expect(plan.rejectedTasks.map((t) => t.taskId)).toEqual(['T-003']);
    expect(plan.issues.map((i) => i.code)).toContain('INSPECTION_TRIGGER_OUTSIDE_YEAR');
  });

  it('turns off-site-capable items into off-site tasks, never visits', () => {
    expect(plan.offsiteTasks.length).toBeGreaterThan(0);
    for (const t of plan.offsiteTasks) for (const l of t.items) expect(l.itemId).toBe('SCJG-03');
    for (const i of plan.inspections) for (const l of i.items) expect(l.itemId).not.toBe('SCJG-03');
  });

  it('merges one agency’s items per enterprise and joins agencies; visits after ≤ before', () => {
    const seen = new Set<string>();
    for (const i of plan.inspections.filter((x) => x.kind === 'planned')) {
      for (const a of i.agencies) {
        const k = `${i.uscc}|${a}`;
        expect(seen.has(k)).toBe(false);
        seen.add(k);
      }
    }
    expect(plan.visits.jointInspections).toBeGreaterThan(0);
    expect(plan.visits.afterMerging).toBeLessThan(plan.visits.beforeMerging);
    expect(plan.visits.beforeByMonth.reduce((a, b) => a + b, 0)).toBe(plan.visits.beforeMerging);
    expect(plan.visits.afterByMonth.reduce((a, b) => a + b, 0)).toBe(plan.visits.afterMerging);
  });

  it('gives every inspection a unique readable code and ≥ 2 inspectors per agency', () => {
    const codes = new Set(plan.inspections.map((i) => i.code));
    expect(codes.size).toBe(plan.inspections.length);
    for (const i of plan.inspections) {
      expect(parseInspectionCode(i.code)!.agency).toBe(i.leadAgency);
      for (const a of i.agencies) expect(i.inspectors.filter((x) => x.agency === a).length).toBe(2);
    }
  });

  it('schedules planned visits in the published month of the lead cluster', () => {
    const single = plan.inspections.find((i) => i.kind === 'planned' && !i.joint)!;
    expect(single.month).toBe(scheduledMonth(BASE.seed, BASE.planId, single.leadAgency, single.uscc));
    const line = single.items[0]!;
    expect(line.rankHex).toBe(rankOf(BASE.seed, BASE.planId, line.agency, line.itemId, single.uscc));
  });

  it('serialises drawn lines (rankHex formatted on read) and shared inspectors as plain JSON', () => {
    const i = plan.inspections.find((x) => x.kind === 'planned')!;
    const line = i.items[0]!;
    expect(JSON.parse(JSON.stringify(line))).toEqual({ agency: line.agency, itemId: line.itemId, source: 'draw', stratum: line.stratum, rankHex: line.rankHex });
    expect(Object.keys(JSON.parse(JSON.stringify(i)))).toEqual(['inspectionId', 'kind', 'month', 'uscc', 'name', 'classId', 'agencies', 'leadAgency', 'joint', 'items', 'triggerReasons', 'code', 'inspectors']);
    expect(i.inspectionId).toBe(`${BASE.planId}:${i.uscc}:${String(i.month).padStart(2, '0')}:${i.leadAgency}`);
    // One frozen object per roster entry, listed wherever that inspector serves.
    const p = i.inspectors[0]!;
    expect(Object.isFrozen(p)).toBe(true);
    expect(plan.inspections.filter((x) => x.inspectors.includes(p)).length).toBeGreaterThanOrEqual(1);
  });

  it('verifies against its own manifest and reports a removed and an added pair', () => {
    const ctx = { rulebook: rb, items: ITEMS, noDisturbanceEnterprises: nde, noDisturbanceItems: ndi };
    expect(verifyPlan(plan.manifest, pop, planPairs(plan), ctx).differences).toEqual([]);
    const pairs = planPairs(plan);
    const removed = pairs[5]!;
    const tampered = [...pairs.slice(0, 5), ...pairs.slice(6), { ...removed, uscc: usccFor(99_999) }];
    const d = verifyPlan(plan.manifest, pop, tampered, ctx).differences;
    expect(d).toContainEqual({ kind: 'missing', stratum: `${removed.agency}|${removed.itemId}|${removed.classId}`, uscc: removed.uscc });
    expect(d).toContainEqual({ kind: 'extra', stratum: `${removed.agency}|${removed.itemId}|${removed.classId}`, uscc: usccFor(99_999) });
    const d2 = verifyPlan(plan.manifest, pop.slice(1), pairs, ctx).differences.map((x) => x.kind);
    expect(d2).toContain('populationDigestMismatch');
    const d3 = verifyPlan(sealManifest(plan.manifest), pop, pairs, ctx).differences;
    expect(d3).toEqual([{ kind: 'seedUnavailable' }]);
    expect(verifyPlan(sealManifest(plan.manifest), pop, pairs, { ...ctx, seed: 'wrong' }).differences.map((x) => x.kind)).toContain('seedCommitmentMismatch');
    expect(revealSeed(sealManifest(plan.manifest), BASE.seed).seed).toBe(BASE.seed);
    expect(thrown(() => revealSeed(sealManifest(plan.manifest), 'nope')).code).toBe('INVALID_ARGUMENT');
  });
});

describe('caps, recusal, staffing', () => {
  it('defers a planned visit that would break the yearly cap, and reports it', () => {
    const classes = { ...CLASSES, 'class-1': { ...CLASSES['class-1'], inspectionsPerYearMax: 0 }, 'class-2': { ...CLASSES['class-2'], inspectionsPerYearMax: 0 } };
    const plan = planInspections({ ...BASE, rulebook: testRulebook(classes), items: ITEMS, rosters: rosters(), population: pop });
    expect(plan.deferred.length).toBeGreaterThan(0);
    for (const d of plan.deferred) expect(d.classId).toBe('class-2');
    expect(plan.inspections.some((i) => i.kind === 'planned' && i.classId === 'class-2')).toBe(false);
    expect(plan.issues.filter((i) => i.code === 'INSPECTION_CAP_DEFERRED').length).toBe(plan.deferred.length);
  });

  it('never assigns an inspector with a recorded conflict', () => {
    const conflicted = pop.slice(0, 300).map((e) => e.uscc);
    const plan = planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: rosters(12, { 'SCJG-001': conflicted, 'SCJG-002': conflicted }), population: pop });
    for (const i of plan.inspections) {
      if (!conflicted.includes(i.uscc)) continue;
      expect(i.inspectors.map((x) => x.inspectorId)).not.toContain('SCJG-001');
      expect(i.inspectors.map((x) => x.inspectorId)).not.toContain('SCJG-002');
    }
  });

  it('names an unstaffable stratum and its shortfall', () => {
    const roster = rosters(12).filter((r) => r.agency !== 'XFJY' || r.inspectorId === 'XFJY-001');
    const plan = planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: roster, population: pop });
    const issue = plan.issues.find((i) => i.code === 'INSPECTION_UNSTAFFABLE' && i.params.stratum === 'XFJY|XFJY-01|class-3')!;
    expect(issue.severity).toBe('error');
    expect(issue.params.shortfall).toBe(issue.params.count);
    expect(plan.unstaffed.length).toBeGreaterThan(0);
    for (const i of plan.inspections) expect(i.agencies).not.toContain('XFJY');
  });

  it('rejects misuse with typed errors', () => {
    expect(thrown(() => prepareDraw({ ...BASE, seed: '', rulebook: rb, items: ITEMS })).code).toBe('INSPECTION_SEED_EMPTY');
    expect(thrown(() => planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: rosters(), population: [...pop, pop[0]!] })).code).toBe('INSPECTION_DUPLICATE_ENTERPRISE');
    expect(thrown(() => planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: rosters(), population: [{ uscc: pop[0]!.uscc, supervisionClass: 'class-9' }] })).code).toBe('INSPECTION_UNKNOWN_CLASS');
  });
});

describe('signed inspection codes (检查码)', () => {
  const plan = planInspections({ ...BASE, rulebook: rb, items: ITEMS, rosters: rosters(), population: pop });
  const insp = plan.inspections.find((i) => i.kind === 'planned')!;
  const signed = issuePlannedInspectionCode(insp, 2025, KEY, { rulebook: rb, asOf: BASE.asOf, planId: BASE.planId });
  const mid = `2025-${String(insp.month).padStart(2, '0')}-15`;

  it('verifies in its month for its enterprise, with a typed reason otherwise', () => {
    expect(verifyInspectionCode(signed.code, signed.payload, KEY, { asOf: mid, uscc: insp.uscc }).valid).toBe(true);
    const r = (asOf: string, uscc = insp.uscc, revoked?: string[]) => {
      const v = verifyInspectionCode(signed.code, signed.payload, KEY, { asOf, uscc, ...(revoked ? { revoked } : {}) });
      return v.valid ? 'valid' : v.reason;
    };
    expect(r('2026-01-01')).toBe('expired');
    expect(r('2024-12-31')).toBe('notYetValid');
    expect(r(mid, pop[599]!.uscc === insp.uscc ? pop[598]!.uscc : pop[599]!.uscc)).toBe('notThisEnterprise');
    expect(r(mid, insp.uscc, [signed.code])).toBe('revoked');
    expect(verifyInspectionCode(signed.code, signed.payload, 'another-agency-key-000000', { asOf: mid, uscc: insp.uscc })).toEqual({ valid: false, reason: 'altered' });
    expect(verifyInspectionCode(formatInspectionCode(insp.leadAgency, 2025, 999_999), signed.payload, KEY, { asOf: mid, uscc: insp.uscc })).toEqual({ valid: false, reason: 'unknown' });
    expect(verifyInspectionCode('SCJG-2025-000001-?', signed.payload, KEY, { asOf: mid, uscc: insp.uscc })).toEqual({ valid: false, reason: 'unknown' });
  });

  it('requires a reason for a triggered code and never leaks the key', () => {
    const base = { code: formatInspectionCode('SCJG', 2025, 7), kind: 'triggered' as const, uscc: pop[0]!.uscc, agencies: ['SCJG'], items: ['SCJG-02'], inspectors: insp.inspectors.map((i) => ({ ...i, agency: 'SCJG' })), validFrom: '2025-03-14' };
    const e = thrown(() => issueInspectionCode(base, KEY, { rulebook: rb, asOf: '2025-03-14' }));
    expect(e.code).toBe('INSPECTION_TRIGGER_REASON_REQUIRED');
    const ok = issueInspectionCode({ ...base, triggerReason: 'complaintOrReport' }, KEY, { rulebook: rb, asOf: '2025-03-14' });
    expect(ok.body.validTo).toBe('2025-04-13');
    expect(JSON.stringify(ok)).not.toContain(KEY);
    const e2 = thrown(() => issueInspectionCode({ ...base, triggerReason: 'complaintOrReport', inspectors: base.inspectors.slice(0, 1) }, KEY, { rulebook: rb, asOf: '2025-03-14' }));
    expect(e2.code).toBe('INSPECTION_CODE_INVALID_ARGUMENT');
    expect(e2.message).not.toContain(KEY);
    expect(thrown(() => issueInspectionCode(base, 'short', { rulebook: rb, asOf: '2025-03-14' })).code).toBe('INSPECTION_CODE_KEY_TOO_SHORT');
  });

  it('attaches a 查后可评价 evaluation bound to the payload', () => {
    const ev = attachEvaluation(signed, { uscc: insp.uscc, submittedOn: mid, rating: 4, codeShown: true }, { rulebook: rb });
    expect(ev.ratingLabel).toBe('满意');
    expect(ev.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(thrown(() => attachEvaluation(signed, { uscc: insp.uscc, submittedOn: mid, rating: 6, codeShown: true }, { rulebook: rb })).code).toBe('INSPECTION_EVALUATION_INVALID');
    expect(thrown(() => attachEvaluation(signed, { uscc: insp.uscc, submittedOn: '2024-01-01', rating: 3, codeShown: true }, { rulebook: rb })).code).toBe('INSPECTION_EVALUATION_INVALID');
  });
});
