import { describe, expect, it } from 'vitest';
import { planInspections, rankOf } from '../../src/index.js';
import { BASE, ITEMS, population, rosters, testRulebook } from './fixtures.js';

const pop = population(900);
const plan = planInspections({ ...BASE, rulebook: testRulebook(), items: ITEMS, rosters: rosters(40), population: pop });

describe('drawn item lines built on read', () => {
  it('items is built once and then the same array; lines are plain objects with rankHex', () => {
    const i = plan.inspections.find((x) => x.kind === 'planned')!;
    expect(i.items).toBe(i.items);
    const line = i.items[0]!;
    expect({ ...line }).toEqual({ agency: line.agency, itemId: line.itemId, source: 'draw', stratum: line.stratum, rankHex: rankOf(BASE.seed, BASE.planId, line.agency, line.itemId, i.uscc) });
  });

  it('JSON keeps the plain key order; a spread copies own fields, without items', () => {
    const i = plan.inspections.find((x) => x.kind === 'planned')!;
    const json = JSON.parse(JSON.stringify(i));
    expect(Object.keys(json)).toEqual(['inspectionId', 'kind', 'month', 'uscc', 'name', 'classId', 'agencies', 'leadAgency', 'joint', 'items', 'triggerReasons', 'code', 'inspectors']);
    expect(json.items).toEqual(JSON.parse(JSON.stringify(i.items)));
    expect('items' in { ...i }).toBe(false);
    expect({ ...i, items: i.items }.items).toBe(i.items);
    const t = plan.offsiteTasks[0]!;
    expect(Object.keys(JSON.parse(JSON.stringify(t)))).toEqual(['taskId', 'agency', 'uscc', 'name', 'classId', 'month', 'items']);
    expect(t.items.length).toBeGreaterThan(0);
    expect(t.items.every((l) => l.source === 'draw' && l.agency === t.agency)).toBe(true);
  });

  it('a joint inspection lists the lines of every agency taking part', () => {
    const joint = plan.inspections.find((x) => x.joint);
    if (!joint) return;
    expect(new Set(joint.items.map((l) => l.agency))).toEqual(new Set(joint.agencies));
  });
});
