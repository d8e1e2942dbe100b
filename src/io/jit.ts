/**
 * How the pipeline's worker threads have their JavaScript optimised. V8 compiles hot functions on
 * background threads while the code goes on running unoptimised ("concurrent recompilation"). When
 * the workers already keep every core busy, those background compiles compete with the workers
 * themselves, and each worker runs slow code for longer: at Minhang scale on 2 cores, workers that
 * compile synchronously (stop, compile, go on) took 3–12% less wall time in alternating runs (4.4%
 * on average over 4 pairs) and ~5% less CPU (bench/RESULTS.md, session 4). V8 reads the
 * setting once, when an isolate is created, so the pipeline sets it just for the creation of its
 * workers and puts it back as soon as they are running. It never changes any output.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** How worker threads are optimised: see {@link synchronousJitFor}. */
export type JitMode = 'auto' | 'concurrent' | 'synchronous';

/**
 * Whether workers should compile synchronously: `'auto'` does when the workers and the calling
 * thread would fill every core (`workers + 1 > availableParallelism()`), unless the host process set
 * V8's concurrent recompilation itself (command line or NODE_OPTIONS), which is then left alone.
 *
 * @example
 * ```ts
 * synchronousJitFor('auto', 2); // true on a 2-core machine, false on 8 cores
 * ```
 */
export function synchronousJitFor(mode: JitMode, workers: number): boolean {
  if (mode === 'concurrent' || workers <= 0 || hostSetsRecompilation()) return false;
  if (mode === 'synchronous') return true;
  return workers + 1 > availableParallelism();
}

function hostSetsRecompilation(): boolean {
  const args = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return args.some((a) => /^--(no-)?concurrent[-_]recompilation(=|$)/.test(a));
}

/**
 * Runs `spawn` with V8's concurrent recompilation off, so that the isolates of the workers it
 * creates compile synchronously, and turns it back on once each of them has started (`online`) or
 * failed to. Returns what `spawn` returns.
 *
 * @example
 * ```ts
 * const workers = withSynchronousJit(() => [new Worker(script)]);
 * ```
 */
export function withSynchronousJit<W extends { once(event: 'online' | 'error' | 'exit', fn: () => void): unknown }>(spawn: () => W[]): W[] {
  setFlagsFromString('--no-concurrent-recompilation');
  let workers: W[];
  try {
    workers = spawn();
  } catch (e) {
    setFlagsFromString('--concurrent-recompilation');
    throw e;
  }
  let waiting = workers.length;
  const started = () => {
    waiting--;
    if (waiting === 0) setFlagsFromString('--concurrent-recompilation');
  };
  if (waiting === 0) setFlagsFromString('--concurrent-recompilation');
  for (const w of workers) {
    let counted = false;
    const once = () => {
      if (counted) return;
      counted = true;
      started();
    };
    w.once('online', once);
    w.once('error', once);
    w.once('exit', once);
  }
  return workers;
}
