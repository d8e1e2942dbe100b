import type { ServiceRecord } from '../../src/index.js';

/** 上海闵申化工有限公司 (sample holder) and a neighbour. */
export const USCC = '91310112MA1FL8X09J';
export const OTHER = '91310112MA1G7K2Q1N';
export const enterprise = {
  uscc: USCC,
  name: '上海闵申化工有限公司',
  industryCode: 'F5166',
  registrationDate: '2016-05-12',
  district: '闵行区',
  street: '吴泾镇',
  status: 'active' as const,
};

/** Records over 2022–2025: a repaired penalty, a simple-procedure penalty, a compulsory measure, a listing and its removal, … */
export const records: ServiceRecord[] = [
  {
    type: 'administrativePenalty', id: 'p-2023-env', uscc: USCC, date: '2023-04-18', decisionNumber: '第2120230118号',
    decisionDate: '2023-04-18', penaltyKinds: ['fine'], fineAmountFen: 12_000_000, authority: '上海市闵行区生态环境局',
    procedure: 'ordinary', sector: 'environment',
  },
  { type: 'creditRepair', id: 'r-1', uscc: USCC, date: '2024-02-20', ofRecord: 'p-2023-env', repairedOn: '2024-02-20' },
  {
    type: 'administrativePenalty', id: 'p-2024-simple', uscc: USCC, date: '2024-09-03', decisionNumber: '闵市监简罚〔2024〕0931号',
    decisionDate: '2024-09-03', penaltyKinds: ['warning', 'fine'], fineAmountFen: 200_000, authority: '上海市闵行区市场监督管理局',
    procedure: 'simple',
  },
  {
    type: 'compulsoryMeasure', id: 'cm-1', uscc: USCC, date: '2024-11-05', decisionNumber: '闵应急强〔2024〕17号',
    authority: '上海市闵行区应急管理局', measureKind: 'seal', liftedOn: '2024-12-01',
  },
  { type: 'seriousIllegalListing', id: 'sl-1', uscc: USCC, date: '2023-01-10', authority: '上海市闵行区市场监督管理局' },
  { type: 'seriousIllegalRemoval', id: 'sr-1', uscc: USCC, date: '2025-01-15' },
  { type: 'complaint', id: 'c-1', uscc: USCC, date: '2024-05-05', substantiated: true },
  {
    type: 'administrativePenalty', id: 'p-2021-old', uscc: USCC, date: '2021-03-01', decisionNumber: '闵市监案处〔2021〕11号',
    decisionDate: '2021-03-01', penaltyKinds: ['warning'], authority: '上海市闵行区市场监督管理局', procedure: 'ordinary',
  },
  {
    type: 'administrativePenalty', id: 'p-other', uscc: OTHER, date: '2024-03-01', decisionNumber: '闵市监案处〔2024〕5号',
    decisionDate: '2024-03-01', penaltyKinds: ['fine'], fineAmountFen: 500_000, authority: '上海市闵行区市场监督管理局', procedure: 'ordinary',
  },
  {
    type: 'administrativePenalty', id: 'p-unmapped', uscc: USCC, date: '2024-06-06', decisionNumber: '某委罚〔2024〕1号',
    decisionDate: '2024-06-06', penaltyKinds: ['fine'], fineAmountFen: 100_00, authority: '某某委员会', procedure: 'ordinary',
  },
];
