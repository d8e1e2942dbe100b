import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../src/cli/main.js';
import { defaultRulebookJson } from '../../src/rulebook/index.js';
import { partitionOf, toStreamRow, GRADES_HEADER, REJECTS_HEADER } from '../../src/io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'xf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE_E = resolve('data/sample/enterprises.csv');
const SAMPLE_V = resolve('data/sample/events.csv');
const CLI = resolve('dist/cli.cjs');

async function cli(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const mk = (sink: string[]) => {
    const s = new PassThrough();
    s.on('data', (c) => sink.push(String(c)));
    return s;
  };
  const code = await runCli(argv, { stdout: mk(out), stderr: mk(err), stdin: Readable.from([Buffer.from(stdin)]), cwd: dir, isTTY: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function proc(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: dir });
    const o: Buffer[] = [];
    const e: Buffer[] = [];
    p.stdout.on('data', (c) => o.push(c));
    p.stderr.on('data', (c) => e.push(c));
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout: Buffer.concat(o).toString('utf8'), stderr: Buffer.concat(e).toString('utf8') }));
    p.stdin.end(input);
  });
}

describe('xinfeng grade', () => {
  it('--help documents the options, the output headers and the exit codes', async () => {
    const r = await cli(['grade', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--enterprises', '--events', '--as-of', '--out', '--rejects', '--explain', '--workers', '--rulebook', '--encoding', GRADES_HEADER.join(','), REJECTS_HEADER.join(','), 'Exit codes']) expect(r.stdout).toContain(s);
  });

  it('exit 2 on a missing option, 3 on a missing required column', async () => {
    expect((await cli(['grade', '--as-of', '2025-06-30'])).code).toBe(2);
    const jit = await cli(['grade', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'g.csv', '--jit', 'fast']);
    expect(jit.code).toBe(2);
    expect(jit.stderr).toContain('--jit');
    writeFileSync(join(dir, 'bad.csv'), 'uscc,name\n');
    const r = await cli(['grade', '--enterprises', 'bad.csv', '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'g.csv']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('IO_MISSING_COLUMNS');
    expect(r.stderr).toContain('缺少必需列');
  });

  it('grades the sample district: grades sorted by uscc with the exact header, rejects, summary; exit 1 with --fail-on-rejects', async () => {
    const r = await cli(['grade', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'g.csv', '--rejects', 'r.csv', '--summary', 's.json', '--workers', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('对账 reconciliation');
    const g = readFileSync(join(dir, 'g.csv'), 'utf8').split('\n');
    expect(g[0]).toBe(GRADES_HEADER.join(','));
    const usccs = g.slice(1).filter(Boolean).map((l) => l.slice(0, 18));
    expect(usccs).toEqual([...usccs].sort());
    const s = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(s.files.every((f: { read: number; accepted: number; rejected: number }) => f.read === f.accepted + f.rejected)).toBe(true);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8').split('\n')[0]).toBe(REJECTS_HEADER.join(','));
    const strict = await cli(['grade', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'g2.csv', '--workers', '0', '--fail-on-rejects', '--quiet']);
    expect(strict.code).toBe(1);
  });

  it('--stdin over USCC shards in separate processes, merged, equals one whole run (Hadoop Streaming / Spark RDD.pipe recipe)', async () => {
    expect(existsSync(CLI), 'dist/cli.cjs missing: run npm run build').toBe(true);
    const rows = (f: string) => (parse(readFileSync(f), { relax_column_count: true, bom: true }) as string[][]).slice(1);
    const ents = rows(SAMPLE_E).filter((r) => r.length === 11);
    const evs = rows(SAMPLE_V);
    const whole = await proc(['grade', '--stdin', '--as-of', '2025-06-30'], [...ents.map((r) => toStreamRow('E', r)), ...evs.map((r) => toStreamRow('R', r))].join(''));
    expect(whole.code).toBe(0);
    const k = 3;
    const shards: string[][] = [[], [], []];
    ents.forEach((r) => shards[partitionOf(r[0]!, k)]!.push(toStreamRow('E', r)));
    evs.forEach((r) => shards[partitionOf(r[1]!, k)]!.push(toStreamRow('R', r)));
    const outs = await Promise.all(shards.map((s) => proc(['grade', '--stdin', '--as-of', '2025-06-30'], s.join(''))));
    for (const o of outs) expect(o.code).toBe(0);
    const merged = outs.flatMap((o) => o.stdout.split('\n').filter(Boolean)).sort();
    expect(merged.length).toBeGreaterThan(1900);
    expect(merged.join('\n')).toBe(whole.stdout.trimEnd());
    // The file mode grades the same rows the same way.
    await cli(['grade', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'g3.csv', '--workers', '0', '--quiet']);
    const fileRows = readFileSync(join(dir, 'g3.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
    expect(fileRows).toEqual(merged);
  }, 120_000);
});

describe('xinfeng diff', () => {
  it('prints the grade migration matrix and the inspection workload change between two rulebooks', async () => {
    const rb = defaultRulebookJson() as { parameters: { grading: { supervisionClasses: { values: { value: Record<string, { inspectionsPerYearMax: number }> }[] } } } };
    const b = structuredClone(rb);
    for (const v of b.parameters.grading.supervisionClasses.values) for (const c of Object.values(v.value)) c.inspectionsPerYearMax += 1;
    writeFileSync(join(dir, 'b.json'), JSON.stringify(b));
    const r = await cli(['diff', '--rulebook', 'default', '--rulebook', 'b.json', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'changes.csv', '--json', 'diff.json', '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('等级迁移 grade migration');
    const d = JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8'));
    expect(d.enterprises).toBe(2000);
    expect(d.changedGrade).toBe(0);
    expect(d.inspectionsB - d.inspectionsA).toBe(2000);
    expect(readFileSync(join(dir, 'changes.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2001);
    expect((await cli(['diff', '--rulebook', 'default', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30'])).code).toBe(2);
  });
});

describe('xinfeng report', () => {
  it('writes one self-contained HTML file with inline SVG charts and no network references', async () => {
    await cli(['grade', '--enterprises', SAMPLE_E, '--events', SAMPLE_V, '--as-of', '2025-06-30', '--out', 'rg.csv', '--rejects', 'rr.csv', '--summary', 'rs.json', '--workers', '0', '--quiet']);
    const r = await cli(['report', '--grades', 'rg.csv', '--summary', 'rs.json', '--rejects', 'rr.csv', '--out', 'report.html']);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg class="chart"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain('未提供检查计划');
    expect(html).toContain('IO_ORPHAN_RECORD'.replace(/^IO_/, ''));
  });
});
