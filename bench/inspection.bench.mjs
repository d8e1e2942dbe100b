// Minhang-scale inspection draw: 300k enterprises, 3 agencies, 20 items (against dist/index.js).
// Usage: npm run build && node bench/inspection.bench.mjs [--enterprises N] [--no-append]
// XINFENG_DIST=/tmp/some-build runs against a private build (`npx tsup --out-dir …`), as others rebuild dist/;
// the folder or its index.js. The draw worker is the inspection-worker.cjs next to that index.js.
// Appends time and memory, machine and commit to bench/RESULTS.md (append only).
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const distEnv = process.env.XINFENG_DIST;
const dist = distEnv ? pathToFileURL(distEnv.endsWith('.js') ? distEnv : `${distEnv}/index.js`).href : '../dist/index.js';
const { defaultRulebook, makeUscc, planInspections, verifyPlan, planPairs } = await import(dist);

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--enterprises') + 1]) || 300_000;
const append = !args.includes('--no-append');

let s = 424242;
const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const population = [];
const seen = new Set();
while (population.length < N) {
  let body = 'MA';
  for (let k = 0; k < 6; k++) body += CH[Math.floor(rnd() * 31)];
  const uscc = makeUscc({ divisionCode: '310112', subjectBody: body });
  if (seen.has(uscc)) continue;
  seen.add(uscc);
  const r = rnd();
  population.push({ uscc, supervisionClass: r < 0.35 ? 'class-1' : r < 0.8 ? 'class-2' : r < 0.95 ? 'class-3' : 'class-4' });
}
const agencies = ['SCJG', 'STHJ', 'XFJY'];
const items = [];
for (let i = 0; i < 20; i++) {
  const agency = agencies[i % 3];
  items.push({ itemId: `${agency}-${String(i + 1).padStart(2, '0')}`, agency, name: `事项${i + 1}`, kind: i % 4 === 0 ? 'key' : 'general', offsiteCapable: i % 3 === 2 && i % 4 !== 0 });
}
const rosters = [];
for (const agency of agencies) {
  for (let i = 1; i <= 1500; i++) {
    rosters.push({ inspectorId: `${agency}-${String(i).padStart(4, '0')}`, agency, certificateNo: `310112${agency}${i}`, conflicts: i % 50 === 0 ? [population[i].uscc] : [] });
  }
}
const noDisturbanceEnterprises = population.filter((_, i) => i % 97 === 0).map((e) => ({ uscc: e.uscc, from: '2024-07-01' }));
const triggered = population.slice(0, 2000).map((e, i) => ({ taskId: `T-${i}`, agency: agencies[i % 3], itemId: items[i % 20].itemId, uscc: e.uscc, reason: 'complaintOrReport', date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-10` }));
const rulebook = defaultRulebook();

global.gc?.();
const before = process.memoryUsage();
const c0 = process.cpuUsage();
const t0 = performance.now();
const plan = planInspections({ rulebook, asOf: '2025-01-02', year: 2025, planId: 'MH-2025-BENCH', seed: 'bench-seed', items, rosters, population, noDisturbanceEnterprises, triggered });
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const after = process.memoryUsage();
const pairs = planPairs(plan);
const c2 = process.cpuUsage();
const t2 = performance.now();
const v = verifyPlan(plan.manifest, population, pairs, { rulebook, items, noDisturbanceEnterprises });
const t3 = performance.now();
const c3 = process.cpuUsage(c2);
const mb = (b) => (b / 1048576).toFixed(0);
const result = {
  enterprises: N,
  drawnPairs: plan.manifest.drawnPairs,
  inspections: plan.inspections.length,
  offsite: plan.offsiteTasks.length,
  unstaffed: plan.unstaffed.length,
  visitsBefore: plan.visits.beforeMerging,
  visitsAfter: plan.visits.afterMerging,
  planMs: Math.round(t1 - t0),
  planCpuMs: Math.round((c1.user + c1.system) / 1000),
  verifyMs: Math.round(t3 - t2),
  verifyCpuMs: Math.round((c3.user + c3.system) / 1000),
  verifyIdentical: v.identical,
  heapUsedDeltaMB: mb(after.heapUsed - before.heapUsed),
  rssMB: mb(after.rss),
};
console.log(JSON.stringify(result, null, 2));
if (append) {
  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {}
  const file = new URL('./RESULTS.md', import.meta.url);
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nAppend only. One line per run.\n\n');
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  appendFileSync(
    file,
    `- inspection.bench ${new Date().toISOString().slice(0, 10)} commit ${commit} node ${process.version} ${cpu} ×${os.cpus().length}, load avg ${os.loadavg().map((x) => x.toFixed(1)).join('/')}: ` +
      `${N} enterprises, 3 agencies, 20 items → ${result.drawnPairs} drawn pairs, ${result.inspections} on-site inspections (${result.visitsBefore} visits before merging), ${result.offsite} off-site tasks; ` +
      `plan ${result.planMs} ms wall / ${result.planCpuMs} ms CPU, verify (draw only) ${result.verifyMs} ms wall / ${result.verifyCpuMs} ms CPU, heap +${result.heapUsedDeltaMB} MB, rss ${result.rssMB} MB\n`,
  );
}
