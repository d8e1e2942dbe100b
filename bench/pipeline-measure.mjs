// One measurement in its own process, so that peak RSS (process.resourceUsage().maxRSS, which
// includes worker threads) belongs to that measurement alone. Prints one JSON line.
// Usage: node bench/pipeline-measure.mjs <read|csv-parse|xinfeng> <dataDir> [workers] [memoryMb]
import { createReadStream, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [mode, dir, workersArg, memArg] = process.argv.slice(2);
const files = [join(dir, 'enterprises.csv'), join(dir, 'events.csv')];
// XINFENG_DIST: measure another build (e.g. a private build of the working tree) instead of dist/.
const dist = process.env.XINFENG_DIST ?? join(root, 'dist');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let rows = 0;
let bytes = 0;
let extra = {};
let tEnd;
let rssBeforeHash;
let cpuEnd;
if (mode === 'read') {
  for (const f of files) {
    for await (const c of createReadStream(f, { highWaterMark: 1 << 20 })) bytes += c.length;
  }
} else if (mode === 'csv-parse') {
  const { parse } = await import('csv-parse');
  for (const f of files) {
    const s = createReadStream(f, { highWaterMark: 1 << 20 });
    s.on('data', (c) => (bytes += c.length));
    for await (const _ of s.pipe(parse({ bom: true, relax_column_count: true }))) rows++;
  }
} else if (mode === 'xinfeng') {
  const x = require(join(dist, 'index.cjs'));
  const out = join(root, 'bench', 'out');
  mkdirSync(out, { recursive: true });
  const s = await x.gradeFiles({
    enterprisesFile: files[0],
    eventsFile: files[1],
    asOf: '2025-06-30',
    rulebook: x.defaultRulebook(),
    outFile: join(out, `grades-w${workersArg}.csv`),
    rejectsFile: join(out, `rejects-w${workersArg}.csv`),
    workers: Number(workersArg ?? 2),
    workerScript: join(dist, 'worker.cjs'),
    ...(memArg ? { memoryBudgetBytes: Number(memArg) * 1048576 } : {}),
  });
  tEnd = performance.now();
  cpuEnd = process.cpuUsage(cpu0);
  rows = s.files.reduce((n, f) => n + f.read, 0);
  bytes = s.files.reduce((n, f) => n + f.bytes, 0);
  // Output identity across builds, worker counts and budgets: hashed after the timed part and after
  // peak RSS is taken, streaming (reading a city-scale grades file whole would be the peak itself).
  rssBeforeHash = process.resourceUsage().maxRSS;
  const sha = async (f) => {
    const h = createHash('sha256');
    for await (const c of createReadStream(f, { highWaterMark: 1 << 16 })) h.update(c);
    return h.digest('hex').slice(0, 16);
  };
  extra = { gradesSha: await sha(join(out, `grades-w${workersArg}.csv`)), rejectsSha: await sha(join(out, `rejects-w${workersArg}.csv`)), graded: s.graded, rejected: s.rejectRows, partitions: s.partitions, spilledBytes: s.spilledBytes, phasesMs: s.timingsMs, reconciled: s.files.every((f) => f.read === f.accepted + f.rejected) };
} else throw new Error(`unknown mode ${mode}`);
const wallMs = (tEnd ?? performance.now()) - t0;
// CPU of the whole process, worker threads included (getrusage RUSAGE_SELF): on a shared machine
// the wall time includes time descheduled, the CPU time does not.
const cpu = cpuEnd ?? process.cpuUsage(cpu0);
console.log(JSON.stringify({ mode, workers: workersArg ? Number(workersArg) : undefined, wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rows, bytes, maxRssMb: Math.round((rssBeforeHash ?? process.resourceUsage().maxRSS) / 1024), ...extra }));
