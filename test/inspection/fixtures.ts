import { defaultRulebook, makeUscc, withOverrides, type GradedEnterprise, type InspectionItem, type Inspector, type Rulebook } from '../../src/index.js';

const src = { title: 'test classes', status: 'library-default', lastVerifiedOn: '2025-01-01', reviewBy: '2099-12-31' } as const;

/** Four classes, lightest first (class-1 = 信用好风险低 … class-4 = 信用差风险高); ids match grading's default matrix. */
export const CLASSES = {
  'class-1': { label: '一类', rank: 1, inspectionsPerYearMax: 1, samplingRatio: '0.03', keyItemsFullCoverage: false, proactiveOnsiteOff: true },
  'class-2': { label: '二类', rank: 2, inspectionsPerYearMax: 1, samplingRatio: '0.05', keyItemsFullCoverage: false, proactiveOnsiteOff: false },
  'class-3': { label: '三类', rank: 3, inspectionsPerYearMax: 2, samplingRatio: '0.2', keyItemsFullCoverage: false, proactiveOnsiteOff: false },
  'class-4': { label: '四类', rank: 4, inspectionsPerYearMax: 2, samplingRatio: '0.6', keyItemsFullCoverage: true, proactiveOnsiteOff: false },
} as const;

export function testRulebook(classes: Record<string, unknown> = CLASSES, extra: Record<string, unknown> = {}): Rulebook {
  return withOverrides(defaultRulebook(), {
    parameters: {
      grading: { supervisionClasses: { description: 'test supervision classes', values: [{ from: '2020-01-01', value: classes, source: src }] } },
      ...extra,
    },
  });
}

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function usccFor(i: number): string {
  let body = '';
  let x = i;
  for (let k = 0; k < 8; k++) {
    body = CHARS[x % 31]! + body;
    x = Math.floor(x / 31);
  }
  return makeUscc({ divisionCode: '310112', subjectBody: body });
}

export function population(n: number, classOf: (i: number) => string = (i) => ['class-1', 'class-2', 'class-2', 'class-3', 'class-4'][i % 5]!): GradedEnterprise[] {
  return Array.from({ length: n }, (_, i) => ({ uscc: usccFor(i), supervisionClass: classOf(i), name: `企业${i}` }));
}

export const ITEMS: InspectionItem[] = [
  { itemId: 'SCJG-01', agency: 'SCJG', name: '食品经营许可与经营条件', kind: 'key', offsiteCapable: false },
  { itemId: 'SCJG-02', agency: 'SCJG', name: '广告发布', kind: 'general', offsiteCapable: false },
  { itemId: 'SCJG-03', agency: 'SCJG', name: '年度报告公示信息', kind: 'general', offsiteCapable: true },
  { itemId: 'STHJ-01', agency: 'STHJ', name: '排污许可执行', kind: 'key', offsiteCapable: false },
  { itemId: 'STHJ-02', agency: 'STHJ', name: '危险废物贮存', kind: 'general', offsiteCapable: false },
  { itemId: 'XFJY-01', agency: 'XFJY', name: '消防设施维护', kind: 'general', offsiteCapable: false },
];

export function rosters(perAgency = 12, conflicts: Record<string, string[]> = {}): Inspector[] {
  const out: Inspector[] = [];
  for (const agency of ['SCJG', 'STHJ', 'XFJY']) {
    for (let i = 1; i <= perAgency; i++) {
      const id = `${agency}-${String(i).padStart(3, '0')}`;
      out.push({ inspectorId: id, agency, certificateNo: `3101122${String(i).padStart(5, '0')}`, conflicts: conflicts[id] ?? [] });
    }
  }
  return out;
}

export const BASE = { asOf: '2025-01-02', year: 2025, planId: 'MH-2025-01', seed: 'test-seed-2025' } as const;
