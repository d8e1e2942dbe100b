// Pipeline benchmark (issue #7): generates Minhang-scale data (300k enterprises, 1.5M records;
// --city: 3.5M / 17.5M) under bench/data/, then measures in one run: the raw read floor, csv-parse
// alone, and xinfeng end to end (read, parse, validate, grade, write) with 1 and 2 workers —
// rows/s, MB/s, wall time, peak RSS and ratios — and appends the results to bench/RESULTS.md.
// Usage: npm run bench [-- --city] [-- --only-2] ; needs `npm run build` (prebench does it).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const city = args.has('--city');
const scale = city ? { name: 'city (Shanghai)', enterprises: 3_500_000, dir: 'city' } : { name: 'Minhang', enterprises: 300_000, dir: 'minhang' };
const dataDir = join(root, 'bench', 'data', scale.dir);
const x = require(join(process.env.XINFENG_DIST ?? join(root, 'dist'), 'index.cjs'));

async function generate() {
  const params = JSON.stringify({ seed: 7, enterprises: scale.enterprises, asOf: '2025-06-30', headers: 'chinese', dirty: true, recordsPerEnterprise: 5.75, v: 3 });
  const stamp = join(dataDir, 'params.json');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === params) return;
  mkdirSync(dataDir, { recursive: true });
  process.stderr.write(`generating ${scale.name} data in ${dataDir} …\n`);
  const streams = { enterprises: createWriteStream(join(dataDir, 'enterprises.csv')), events: createWriteStream(join(dataDir, 'events.csv')) };
  const pending = { enterprises: [], events: [] };
  let size = 0;
  const flush = async () => {
    for (const k of ['enterprises', 'events']) {
      if (!pending[k].length) continue;
      const ok = streams[k].write(pending[k].join(''));
      pending[k] = [];
      if (!ok) await new Promise((r) => streams[k].once('drain', r));
    }
    size = 0;
  };
  // The generator is synchronous; buffer and flush in slices of enterprises to bound memory.
  const slice = 50_000;
  for (let start = 0; start < scale.enterprises; start += slice) {
    const n = Math.min(slice, scale.enterprises - start);
    x.generateSampleDistrict({ seed: 7, firstIndex: start, header: start === 0, enterprises: n, asOf: '2025-06-30', headers: 'chinese', dirty: true, recordsPerEnterprise: 5.75 }, (k, t) => {
      pending[k].push(t);
      size += t.length;
    });
    await flush();
  }
  await Promise.all(Object.values(streams).map((s) => new Promise((r) => s.end(r))));
  writeFileSync(stamp, params);
}

function measure(mode, workers, mem) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'pipeline-measure.mjs'), mode, dataDir, ...(workers !== undefined ? [String(workers)] : []), ...(mem ? [String(mem)] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), memMb: mem ?? 256 };
}

await generate();
if (args.has('--generate-only')) process.exit(0);
const loadStart = loadavg().map((l) => l.toFixed(1)).join(' ');
const runs = [measure('read'), measure('csv-parse')];
if (!args.has('--only-2')) runs.push(measure('xinfeng', 1));
runs.push(measure('xinfeng', 2));
// Bounded memory: the same run with a 64 MiB partition budget spills partitions to temp files.
if (!args.has('--no-spill')) runs.push(measure('xinfeng', 2, 64));
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
const floor = runs[0];
const cp = runs[1];
const mb = (b) => b / 1048576;
let commit = 'uncommitted';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {}
const rowsOf = (r) => r.rows || cp.rows;
const lines = [
  '',
  `### Pipeline (issue #7) — ${scale.name} scale, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}; commit ${commit}; load average at the start ${loadStart}, at the end ${load} (the 2 cores are shared: figures vary with load; CPU s = user + system of the whole process, workers included).${process.env.XINFENG_DIST ? ` Build: ${process.env.XINFENG_DIST}.` : ''}`,
  `Data: ${scale.enterprises.toLocaleString('en-US')} enterprises, ${(cp.rows - 2).toLocaleString('en-US')} CSV rows in total, ${mb(floor.bytes).toFixed(0)} MiB (Chinese headers, CJK values, ~0.1% faulty rows).`,
  '',
  '| measurement | wall s | CPU s | rows/s | MB/s | peak RSS MiB | × read floor | × csv-parse |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...runs.map((r) => {
    const s = r.wallMs / 1000;
    const label = r.mode === 'xinfeng' ? `xinfeng end to end, ${r.workers} worker${r.workers === 1 ? '' : 's'}, ${r.memMb} MiB budget${r.spilledBytes ? ' (spilled)' : ''}` : r.mode === 'read' ? 'raw read floor' : 'csv-parse alone (no columns)';
    return `| ${label} | ${s.toFixed(2)} | ${r.cpuMs !== undefined ? (r.cpuMs / 1000).toFixed(2) : '—'} | ${r.mode === 'read' ? '—' : Math.round(rowsOf(r) / s).toLocaleString('en-US')} | ${(mb(r.bytes) / s).toFixed(0)} | ${r.maxRssMb} | ${(r.wallMs / floor.wallMs).toFixed(1)} | ${(r.wallMs / cp.wallMs).toFixed(2)} |`;
  }),
  '',
  ...runs.filter((r) => r.mode === 'xinfeng').map((r) => `- ${r.workers} worker(s): graded ${r.graded}, rejected rows ${r.rejected}, reconciled ${r.reconciled}, partitions ${r.partitions}, spilled ${mb(r.spilledBytes).toFixed(0)} MiB, phases ${JSON.stringify(r.phasesMs)}, sha256 grades ${r.gradesSha}… rejects ${r.rejectsSha}…`),
  `- Target: ${city ? 'city < 45 s with peak RSS < 1 GiB' : 'Minhang < 3 s with 2 workers'} → ${(() => {
    const r = runs.filter((x) => x.mode === 'xinfeng' && x.workers === 2)[0];
    const ok = city ? r.wallMs < 45000 && r.maxRssMb < 1024 : r.wallMs < 3000;
    return ok ? 'met' : `NOT met (${(r.wallMs / 1000).toFixed(2)} s, ${r.maxRssMb} MiB)`;
  })()}.`,
  '',
];
const text = lines.join('\n');
process.stdout.write(text);
appendFileSync(join(root, 'bench', 'RESULTS.md'), existsSync(join(root, 'bench', 'RESULTS.md')) ? text : `# Benchmark results\n\nAppend-only; newest last.\n${text}`);
