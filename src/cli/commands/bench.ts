import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse';
import { EXIT, optString, UsageError, type CliCommand } from '../command.js';
import { println } from '../util.js';
import { defaultRulebook } from '../../rulebook/index.js';
import { generateSampleDistrict, gradeFiles } from '../../io/index.js';
import { findWorkerScript, progressReporter } from './grade.js';

async function writeDistrict(dir: string, enterprises: number): Promise<void> {
  const streams = { enterprises: createWriteStream(join(dir, 'enterprises.csv')), events: createWriteStream(join(dir, 'events.csv')) };
  const slice = 50_000;
  for (let start = 0; start < enterprises; start += slice) {
    const parts = { enterprises: [] as string[], events: [] as string[] };
    generateSampleDistrict(
      { seed: 7, firstIndex: start, header: start === 0, enterprises: Math.min(slice, enterprises - start), asOf: '2025-06-30', headers: 'chinese', dirty: true, recordsPerEnterprise: 5.75 },
      (k, t) => parts[k].push(t),
    );
    for (const k of ['enterprises', 'events'] as const) {
      if (!streams[k].write(parts[k].join(''))) await new Promise<void>((r) => streams[k].once('drain', () => r()));
    }
  }
  await Promise.all(Object.values(streams).map((s) => new Promise((r) => s.end(r))));
}

/** `xinfeng bench`: measure the pipeline on a generated district on this machine. */
export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Measure the grading pipeline on a generated district (read floor, csv-parse, xinfeng with N workers)',
  summaryZh: '在生成的辖区数据上测量评级流水线性能（读取下限、csv-parse、不同线程数的 xinfeng）',
  help: `Usage: xinfeng bench [--enterprises N] [--workers 1,2] [--dir DIR]

Generates a district export (default 300 000 enterprises ≈ Minhang, ~1.7M records, Chinese headers,
~0.1% faulty rows) and measures, in this process: the raw read floor, csv-parse alone, and xinfeng
end to end (read, parse, validate, grade, write) for each worker count — wall time, rows/s, MB/s.
The repository's fuller harness (separate processes, peak RSS per measurement, RESULTS.md) is
\`npm run bench\` (bench/run.mjs).

  --enterprises N   district size (default 300000; Shanghai city ≈ 3500000)
  --workers LIST    comma-separated worker counts (default 1,2)
  --dir DIR         keep the generated data and outputs in DIR (default: a temp folder, removed)

Exit codes: 0 measured; 2 usage; 3 the worker bundle or a file is missing.`,
  options: { enterprises: { type: 'string' }, workers: { type: 'string' }, dir: { type: 'string' } },
  async run({ values }, ctx) {
    const n = Number(optString(values, 'enterprises') ?? 300_000);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('--enterprises must be a positive whole number');
    const workers = (optString(values, 'workers') ?? '1,2').split(',').map((w) => Number(w));
    if (workers.some((w) => !Number.isInteger(w) || w < 0 || w > 64)) throw new UsageError('--workers must be a comma-separated list of whole numbers 0–64');
    const keep = optString(values, 'dir');
    const dir = keep ? resolve(ctx.cwd, keep) : mkdtempSync(join(tmpdir(), 'xinfeng-bench-'));
    mkdirSync(dir, { recursive: true });
    const workerScript = findWorkerScript(ctx.cwd);
    try {
      ctx.stderr.write(`xinfeng bench: generating ${n} enterprises in ${dir}\n`);
      await writeDistrict(dir, n);
      const files = [join(dir, 'enterprises.csv'), join(dir, 'events.csv')];
      const rows: string[] = [];
      let t = performance.now();
      let bytes = 0;
      for (const f of files) for await (const c of createReadStream(f, { highWaterMark: 1 << 20 })) bytes += (c as Buffer).length;
      const floor = performance.now() - t;
      t = performance.now();
      let records = 0;
      for (const f of files) for await (const _ of createReadStream(f, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true, relax_column_count: true }))) records++;
      const cp = performance.now() - t;
      const mb = bytes / 1048576;
      const line = (label: string, ms: number, r: number | undefined) =>
        `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s ${r === undefined ? '      —' : String(Math.round(r / (ms / 1000))).padStart(9)} rows/s ${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s  ×floor ${(ms / floor).toFixed(1)}`;
      rows.push(line('raw read floor', floor, undefined), line('csv-parse alone', cp, records));
      for (const w of workers) {
        if (w > 0 && !workerScript) throw new UsageError('worker bundle dist/worker.cjs not found (run npm run build)');
        const progress = progressReporter(ctx, `xinfeng bench (${w} workers)`);
        t = performance.now();
        const s = await gradeFiles({
          enterprisesFile: files[0]!, eventsFile: files[1]!, asOf: '2025-06-30', rulebook: defaultRulebook(),
          outFile: join(dir, `grades-w${w}.csv`), rejectsFile: join(dir, `rejects-w${w}.csv`), workers: w,
          ...(workerScript ? { workerScript } : {}), onProgress: (p) => progress.update(p),
        });
        progress.done();
        rows.push(line(`xinfeng end to end, ${w} worker(s)`, performance.now() - t, s.files.reduce((a, f) => a + f.read, 0)));
      }
      println(ctx.stdout, `${n} enterprises, ${records - 2} rows, ${mb.toFixed(0)} MiB; peak RSS of this process ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
      for (const r of rows) println(ctx.stdout, r);
      return EXIT.OK;
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  },
};
