import { writeFileSync } from 'node:fs';
import { makeUscc } from '../../../dist/index.js';
const dir = new URL('.', import.meta.url).pathname.replace(/\/$/, '');
// Deterministic LCG so the sample is reproducible.
let s = 20250205;
const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const streets = ['莘庄镇', '七宝镇', '浦江镇', '梅陇镇', '虹桥镇', '马桥镇', '吴泾镇', '华漕镇', '颛桥镇', '古美路街道', '江川路街道', '新虹街道'];
const kinds = ['餐饮管理有限公司', '科技有限公司', '贸易有限公司', '化工有限公司', '物流有限公司', '食品有限公司', '建材有限公司', '医疗器械有限公司'];
const rows = ['uscc,name,score,grade,risk_level,supervision_class,inspections_per_year,sampling_ratio,reasons,rulebook_id,rulebook_hash,as_of'];
const grades = { 'class-1': ['A', 'low', 0, '0.05'], 'class-2': ['B', 'medium', 1, '0.20'], 'class-3': ['C', 'medium', 2, '0.60'], 'class-4': ['D', 'high', 4, '1'] };
const usccs = [];
for (let i = 0; i < 2000; i++) {
  let body = 'MA1';
  for (let k = 0; k < 5; k++) body += CH[Math.floor(rnd() * 31)];
  const uscc = makeUscc({ divisionCode: '310112', subjectBody: body });
  if (usccs.includes(uscc)) continue;
  usccs.push(uscc);
  const r = rnd();
  const cls = r < 0.35 ? 'class-1' : r < 0.8 ? 'class-2' : r < 0.95 ? 'class-3' : 'class-4';
  const [g, risk, ipy, ratio] = grades[cls];
  const score = cls === 'class-1' ? 92 + Math.floor(rnd() * 8) : cls === 'class-2' ? 75 + Math.floor(rnd() * 15) : cls === 'class-3' ? 60 + Math.floor(rnd() * 15) : 40 + Math.floor(rnd() * 20);
  const name = `上海${streets[i % streets.length].slice(0, 2)}${String.fromCharCode(0x4e00 + Math.floor(rnd() * 2000))}${kinds[Math.floor(rnd() * kinds.length)]}`;
  rows.push([uscc, name, `${score}.00`, g, risk, cls, ipy, ratio, '', 'cn-sh-minhang', 'sample', '2025-01-02'].join(','));
}
// three bad rows for the rejects file
rows.push('91310112MA1FL8X00Y,校验位错误的企业,80.00,B,medium,class-2,1,0.20,,cn-sh-minhang,sample,2025-01-02');
rows.push(`${usccs[5]},重复行,80.00,B,medium,class-2,1,0.20,,cn-sh-minhang,sample,2025-01-02`);
rows.push(`${makeUscc({ divisionCode: '310112', subjectBody: 'MA1YYYY9' })},未知类别企业,80.00,B,medium,class-9,1,0.20,,cn-sh-minhang,sample,2025-01-02`);
writeFileSync(`${dir}/grades.csv`, rows.join('\n') + '\n');

const items = [
  ['SCJG-01', 'SCJG', '食品经营许可及经营条件检查', 'key', 'false', '食品安全法第三十五条'],
  ['SCJG-02', 'SCJG', '特种设备使用登记及定期检验', 'key', 'false', '特种设备安全法第三十三条'],
  ['SCJG-03', 'SCJG', '企业年度报告公示信息抽查', 'general', 'true', '企业信息公示暂行条例第十四条'],
  ['SCJG-04', 'SCJG', '广告发布行为检查', 'general', 'false', '广告法第四十九条'],
  ['SCJG-05', 'SCJG', '产品质量监督抽查', 'general', 'false', '产品质量法第十五条'],
  ['SCJG-06', 'SCJG', '计量器具使用检查', 'general', 'false', '计量法第九条'],
  ['SCJG-07', 'SCJG', '登记事项检查（住所、注册资本实缴）', 'general', 'true', '市场主体登记管理条例第三十五条'],
  ['SCJG-08', 'SCJG', '网络交易经营者信息公示检查', 'general', 'true', '电子商务法第十五条'],
  ['STHJ-01', 'STHJ', '排污许可证执行情况检查', 'key', 'false', '排污许可管理条例第二十八条'],
  ['STHJ-02', 'STHJ', '危险废物贮存与转移检查', 'key', 'false', '固体废物污染环境防治法第七十七条'],
  ['STHJ-03', 'STHJ', '自动监测数据有效性检查', 'general', 'true', '排污许可管理条例第二十条'],
  ['STHJ-04', 'STHJ', '环评“三同时”落实情况检查', 'general', 'false', '建设项目环境保护管理条例第十五条'],
  ['STHJ-05', 'STHJ', '挥发性有机物治理设施运行检查', 'general', 'false', '大气污染防治法第四十五条'],
  ['STHJ-06', 'STHJ', '环境信息依法披露检查', 'general', 'true', '环境信息依法披露制度改革方案'],
  ['XFJY-01', 'XFJY', '消防设施器材维护管理检查', 'key', 'false', '消防法第十六条'],
  ['XFJY-02', 'XFJY', '疏散通道安全出口检查', 'key', 'false', '消防法第二十八条'],
  ['XFJY-03', 'XFJY', '消防安全责任制落实检查', 'general', 'false', '消防法第十六条'],
  ['XFJY-04', 'XFJY', '电气线路及燃气使用检查', 'general', 'false', '消防法第二十七条'],
  ['XFJY-05', 'XFJY', '消防控制室值班记录检查', 'general', 'true', '消防控制室通用技术要求'],
  ['XFJY-06', 'XFJY', '员工消防安全培训记录检查', 'general', 'true', '机关、团体、企业、事业单位消防安全管理规定第三十六条'],
];
writeFileSync(`${dir}/items.csv`, ['item_id,agency,name,kind,offsite_capable,legal_basis', ...items.map((r) => r.join(','))].join('\n') + '\n');

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
const roster = ['inspector_id,agency,name,certificate_no,conflicts'];
const sizes = { SCJG: 60, STHJ: 30, XFJY: 40 };
for (const [agency, n] of Object.entries(sizes)) {
  for (let i = 1; i <= n; i++) {
    const name = surnames[Math.floor(rnd() * surnames.length)] + given[Math.floor(rnd() * given.length)] + (rnd() < 0.5 ? given[Math.floor(rnd() * given.length)] : '');
    const conflicts = rnd() < 0.1 ? [usccs[Math.floor(rnd() * usccs.length)], usccs[Math.floor(rnd() * usccs.length)]].join(';') : '';
    roster.push([`${agency}-${String(i).padStart(3, '0')}`, agency, name, `31${agency === 'SCJG' ? '0112' : agency === 'STHJ' ? '0113' : '0114'}${String(20000 + i)}`, conflicts].join(','));
  }
}
writeFileSync(`${dir}/rosters.csv`, roster.join('\n') + '\n');

const nde = ['uscc,from,to'];
for (let i = 0; i < 60; i++) nde.push([usccs[i * 7], '2024-07-01', i % 10 === 0 ? '2024-12-31' : ''].join(','));
writeFileSync(`${dir}/no-disturbance-enterprises.csv`, nde.join('\n') + '\n');
writeFileSync(`${dir}/no-disturbance-items.csv`, ['item_id,from,to', 'SCJG-07,2025-04-08,', 'SCJG-04,2025-01-01,', 'XFJY-06,2024-01-01,2024-12-31'].join('\n') + '\n');

const reasons = ['complaintOrReport', 'dataMonitoringFinding', 'referral', 'requiredByLaw', 'higherLevelDeployment'];
const trig = ['task_id,agency,item_id,uscc,reason,date,note'];
for (let i = 0; i < 25; i++) {
  const it = items[Math.floor(rnd() * items.length)];
  const uscc = i < 5 ? usccs[i * 7] : usccs[Math.floor(rnd() * usccs.length)];
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  trig.push([`T-2025-${String(i + 1).padStart(4, '0')}`, it[1], it[0], uscc, reasons[i % 5], `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, i % 5 === 0 ? '12345热线投诉' : ''].join(','));
}
writeFileSync(`${dir}/triggered.csv`, trig.join('\n') + '\n');
console.log('ok', usccs.length);
