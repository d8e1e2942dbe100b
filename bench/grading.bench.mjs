// District-scale credit grading: 300k enterprises / 1.5M credit records already in memory
// (against dist/index.js). Measures enterprises graded per second for the pure grading step,
// single-threaded, and heap per enterprise held; appends the numbers to bench/RESULTS.md.
// Usage: npm run build && node --expose-gc bench/grading.bench.mjs [--enterprises N] [--no-append]
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

if (typeof global.gc !== 'function') {
  // Heap numbers need a forced GC: re-run with --expose-gc.
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// XINFENG_DIST lets a run use a private build (e.g. while others rebuild dist/).
const distUrl = process.env.XINFENG_DIST ? new URL(`file://${process.env.XINFENG_DIST}`).href : '../dist/index.js';
const { defaultRulebook, makeUscc, fromDayNumber, toDayNumber, createGrader, checkCreditEvent, checkEnterprise } = await import(distUrl);

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--enterprises') + 1]) || 300_000;
const EVENTS_PER = 5; // 1.5M records at 300k enterprises
const append = !args.includes('--no-append');
const ASOF = '2025-06-30';

let seed = 20250630;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const D0 = toDayNumber('2021-07-01');
const D1 = toDayNumber(ASOF);
const day = () => fromDayNumber(D0 + Math.floor(rnd() * (D1 - D0 + 1)));
const after = (d) => fromDayNumber(Math.min(D1, toDayNumber(d) + Math.floor(rnd() * 400)));

const INDUSTRIES = ['H6210', 'H6220', 'F5251', 'C2614', 'D4511', 'E4710', 'C3435', 'F5211', 'I6510', 'L7212', 'M7320', 'F5137', 'K7010', 'C3982', 'G5430', 'O8010'];
const STREETS = ['莘庄镇', '七宝镇', '颛桥镇', '华漕镇', '虹桥镇', '梅陇镇', '吴泾镇', '马桥镇', '浦江镇', '江川路街道', '古美路街道', '新虹街道', '浦锦街道'];
const LICENCES = [[], [], [], [], ['food-business'], ['drug-business'], ['construction-qualification']];

function genEnterprise() {
  let body = 'MA';
  for (let k = 0; k < 6; k++) body += CH[Math.floor(rnd() * 31)];
  const uscc = makeUscc({ divisionCode: '310112', subjectBody: body });
  const lic = pick(LICENCES);
  const e = { uscc, name: `上海闵行样本企业${body}有限公司`, industryCode: pick(INDUSTRIES), registrationDate: fromDayNumber(toDayNumber('2000-01-01') + Math.floor(rnd() * 9000)), registeredCapitalFen: 100_000 * (1 + Math.floor(rnd() * 50_000)), district: '闵行区', street: pick(STREETS), status: 'active', scale: pick(['micro', 'micro', 'small', 'small', 'medium', 'large']) };
  if (lic.length) e.licences = lic;
  return e;
}

function genEvents(uscc, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const id = `${uscc}-${i}`;
    const r = rnd();
    const date = day();
    if (r < 0.35) out.push({ type: 'inspectionResult', id, uscc, date, outcome: 'noProblems' });
    else if (r < 0.45) out.push({ type: 'inspectionResult', id, uscc, date, outcome: rnd() < 0.5 ? 'problemsFound' : 'problemsCorrected' });
    else if (r < 0.6) out.push({ type: 'complaint', id, uscc, date, substantiated: rnd() < 0.3 });
    else if (r < 0.72) {
      const kinds = rnd() < 0.7 ? ['fine'] : rnd() < 0.5 ? ['warning'] : ['fine', 'confiscation'];
      const p = { type: 'administrativePenalty', id, uscc, date, decisionNumber: `闵市监案处〔${date.slice(0, 4)}〕${i}号`, decisionDate: date, penaltyKinds: kinds, authority: '上海市闵行区市场监督管理局', procedure: rnd() < 0.85 ? 'ordinary' : 'simple' };
      if (kinds.includes('fine')) p.fineAmountFen = 100_000 * (1 + Math.floor(rnd() * 2000));
      if (rnd() < 0.6) p.publicationDate = fromDayNumber(toDayNumber(date) + Math.floor(rnd() * 20));
      if (rnd() < 0.3) p.sector = pick(['food', 'drug', 'specialEquipment']);
      out.push(p);
      if (rnd() < 0.2) {
        const d = after(date);
        out.push({ type: 'creditRepair', id: `${id}-fix`, uscc, date: d, ofRecord: id, repairedOn: d });
      }
    } else if (r < 0.87) out.push({ type: 'taxCreditLevel', id, uscc, date, year: Number(date.slice(0, 4)) - 1, level: pick(['A', 'A', 'B', 'B', 'M', 'C', 'D']) });
    else if (r < 0.9) out.push({ type: 'annualReportLate', id, uscc, date, year: Number(date.slice(0, 4)) - 1 });
    else if (r < 0.93) {
      out.push({ type: 'abnormalOperationListing', id, uscc, date, reason: 'annualReportNotFiled' });
      if (rnd() < 0.5) out.push({ type: 'abnormalOperationRemoval', id: `${id}-out`, uscc, date: after(date), ofRecord: id });
    } else if (r < 0.96) out.push({ type: 'commendation', id, uscc, date, level: pick(['district', 'city', 'national']), title: '守合同重信用企业' });
    else if (r < 0.965) out.push({ type: 'seriousIllegalListing', id, uscc, date });
    else if (r < 0.972) out.push({ type: 'dishonestJudgmentDebtor', id, uscc, date, caseNumber: `（${date.slice(0, 4)}）沪0112执${i}号` });
    else out.push({ type: 'annualReportMissing', id, uscc, date, year: Number(date.slice(0, 4)) - 1 });
  }
  return out;
}

const rulebook = defaultRulebook();
global.gc();
const heap0 = process.memoryUsage().heapUsed;

// Generate: 300k enterprises with 1.5M records in total (0–10 each, mean 5).
const tg0 = performance.now();
const enterprises = new Array(N);
const events = new Array(N);
let totalEvents = 0;
for (let i = 0; i < N; i++) {
  const e = genEnterprise();
  enterprises[i] = e;
  const target = Math.floor(rnd() * (2 * EVENTS_PER + 1));
  const evs = genEvents(e.uscc, target);
  events[i] = evs;
  totalEvents += evs.length;
}
const tg1 = performance.now();
global.gc();
const heapInput = process.memoryUsage().heapUsed;

// Ingest check (what the pipeline does once when reading rows).
const tc0 = performance.now();
let invalid = 0;
for (let i = 0; i < N; i++) {
  if (checkEnterprise(enterprises[i])) invalid++;
  const evs = events[i];
  for (let k = 0; k < evs.length; k++) if (checkCreditEvent(evs[k])) invalid++;
}
const tc1 = performance.now();

// The pure grading step: compiled grader, validation done at ingest.
const grader = createGrader(rulebook, ASOF, { validate: false });
const results = new Array(N);
const cp0 = process.cpuUsage();
const tp0 = performance.now();
for (let i = 0; i < N; i++) results[i] = grader(enterprises[i], events[i]);
const tp1 = performance.now();
const cpFirst = process.cpuUsage(cp0);
global.gc();
const heapResults = process.memoryUsage().heapUsed;
// Steady state: the same data graded again, WARM_PASSES times (JIT warm; every call does the full
// work: publicity windows are computed on every call and nothing is cached per enterprise; each
// pass is checked against the first). The headline is the median pass; the best pass (the least
// disturbed on a shared machine) is printed too.
const WARM_PASSES = 5;
const warm = [];
const warmCpu = [];
for (let pass = 0; pass < WARM_PASSES; pass++) {
  const cpu0 = process.cpuUsage();
  const tw0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = grader(enterprises[i], events[i]);
    if (r.scoreHundredths !== results[i].scoreHundredths || r.grade !== results[i].grade) throw new Error(`pass mismatch at ${i}`);
  }
  warm.push(performance.now() - tw0);
  const cu = process.cpuUsage(cpu0);
  warmCpu.push((cu.user + cu.system) / 1000);
}
warm.sort((x, y) => x - y);
warmCpu.sort((x, y) => x - y);
const mid = WARM_PASSES >> 1;
const TARGET = 1_000_000; // issue #3: enterprises/s, pure grading step, single-threaded
// With full validation on every call.
const gv = createGrader(rulebook, ASOF);
const tv0 = performance.now();
let vsum = 0;
for (let i = 0; i < N; i++) vsum += gv(enterprises[i], events[i]).scoreHundredths;
const tv1 = performance.now();

const counts = { A: 0, B: 0, C: 0, D: 0 };
let issues = 0;
let sum = 0;
for (const r of results) {
  counts[r.grade]++;
  issues += r.issues.length;
  sum += r.scoreHundredths;
}
if (sum !== vsum) throw new Error('validated and trusted paths disagree');

const rate = (ms) => Math.round(N / (ms / 1000));
const kib = (b) => (b / 1024 / N).toFixed(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
} catch {
  commit = 'no-commit';
}
const lines = [
  `enterprises ${N.toLocaleString('en')}, records ${totalEvents.toLocaleString('en')} (generated in ${((tg1 - tg0) / 1000).toFixed(1)} s), asOf ${ASOF}`,
  `grades A ${counts.A} · B ${counts.B} · C ${counts.C} · D ${counts.D}; issues ${issues}; invalid at ingest ${invalid}`,
  `pure grading, steady state (headline; median of ${WARM_PASSES} passes over the same data after the first, JIT warm, full work every call): ${rate(warm[mid]).toLocaleString('en')} enterprises/s (${warm[mid].toFixed(0)} ms; best pass ${rate(warm[0]).toLocaleString('en')}/s, ${warm[0].toFixed(0)} ms) — target ≥ ${TARGET.toLocaleString('en')}/s ${rate(warm[mid]) >= TARGET ? 'met' : 'NOT met'}`,
  `pure grading, first pass (cold JIT, results kept, as in a one-shot CLI run): ${rate(tp1 - tp0).toLocaleString('en')} enterprises/s (${(tp1 - tp0).toFixed(0)} ms)`,
  `per CPU-second of this process (wall time on a shared machine includes time descheduled; CPU includes GC threads): first pass ${rate((cpFirst.user + cpFirst.system) / 1000).toLocaleString('en')}/s (${((cpFirst.user + cpFirst.system) / 1000).toFixed(0)} ms CPU), steady state median ${rate(warmCpu[mid]).toLocaleString('en')}/s (${warmCpu[mid].toFixed(0)} ms CPU), best ${rate(warmCpu[0]).toLocaleString('en')}/s (${warmCpu[0].toFixed(0)} ms CPU)`,
  `grading with full per-call validation: ${rate(tv1 - tv0).toLocaleString('en')} enterprises/s (${(tv1 - tv0).toFixed(0)} ms)`,
  `ingest check (checkEnterprise + checkCreditEvent): ${Math.round((N + totalEvents) / ((tc1 - tc0) / 1000)).toLocaleString('en')} rows/s`,
  `dist: ${process.env.XINFENG_DIST ? 'private build of the working tree (XINFENG_DIST)' : 'dist/index.js'}`,
  `load average at end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} cores (shared machine)`,
  `heap per enterprise held: inputs ${kib(heapInput - heap0)} KiB (enterprise + its records), + results and grader caches ${kib(heapResults - heapInput)} KiB = ${kib(heapResults - heap0)} KiB total`,
];
for (const l of lines) console.log(l);

if (append) {
  const file = new URL('./RESULTS.md', import.meta.url);
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nAppended by the scripts in bench/ (newest last). Machine, Node version and commit are recorded with each run.\n');
  const when = new Date().toISOString();
  appendFileSync(
    file,
    `\n## grading — ${when}\n\nmachine: ${cpu} × ${os.cpus().length}, ${os.platform()} ${os.release()}; node ${process.version}; commit ${commit}; single-threaded\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
  );
}
