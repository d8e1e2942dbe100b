/**
 * Worker JIT mode (issue #7 performance): the pipeline's workers may compile synchronously; V8's
 * setting is changed only while they are created and is back to concurrent for anything after.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synchronousJitFor } from '../../src/io/jit.js';

const root = resolve(__dirname, '../..');

describe('worker JIT mode / 工作线程即时编译模式', () => {
  it('auto compiles synchronously only when the workers and the caller fill every core', () => {
    const cores = availableParallelism();
    expect(synchronousJitFor('concurrent', cores + 4)).toBe(false);
    expect(synchronousJitFor('synchronous', 1)).toBe(true);
    expect(synchronousJitFor('synchronous', 0)).toBe(false);
    expect(synchronousJitFor('auto', cores)).toBe(true);
    expect(synchronousJitFor('auto', cores - 1)).toBe(false);
  });

  it('the pool compiles synchronously, and a worker created afterwards compiles concurrently again (V8 setting restored)', () => {
    const dist = join(root, 'dist/index.cjs');
    expect(existsSync(dist), 'dist missing: run npm run build').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'xf-jit-'));
    try {
      const script = `
        const x = require(${JSON.stringify(dist)});
        const { Worker } = require('node:worker_threads');
        x.gradeFiles({
          enterprisesFile: ${JSON.stringify(join(root, 'data/sample/enterprises.csv'))}, eventsFile: ${JSON.stringify(join(root, 'data/sample/events.csv'))},
          asOf: '2025-06-30', rulebook: x.defaultRulebook(), outFile: ${JSON.stringify(join(dir, 'g.csv'))},
          workers: 2, workerScript: ${JSON.stringify(join(root, 'dist/worker.cjs'))}, jit: process.argv[1],
        }).then(() => {
          const w = new Worker('function hotAfterPool(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; } let t = 0; for (let k = 0; k < 3000; k++) t += hotAfterPool(200); require("node:worker_threads").parentPort.postMessage(t);', { eval: true });
          w.once('message', () => w.terminate());
        });`;
      const trace = (mode: string) => execFileSync(process.execPath, ['--trace-opt', '-e', script, mode], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => l.includes('compiling method') && re.test(l));
      const sync = trace('synchronous');
      expect(lines(sync, /kSynchronous/).length).toBeGreaterThan(0);
      expect(lines(sync, /hotAfterPool.*kConcurrent/).length).toBeGreaterThan(0);
      expect(lines(sync, /hotAfterPool.*kSynchronous/)).toEqual([]);
      const concurrent = trace('concurrent');
      expect(lines(concurrent, /kSynchronous/)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
