/**
 * Worker-thread entry (built to dist/worker.cjs): routes chunks of plain input to partitions and
 * grades partitions, as the pipeline asks. One grader per worker, compiled once from the rulebook
 * and asOf in workerData (when the first partition arrives).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Rulebook } from '../rulebook/index.js';
import { adoptValidatedRulebook } from '../rulebook/load.js';
import { createPartitionGrader } from './grader.js';
import type { PartitionGrader } from './engine.js';
import { processPartition, type PartitionInput } from './process-partition.js';
import type { ConvertOptions } from './records.js';
import { routeChunk, type RouteRequest } from './route.js';

const data = workerData as { rulebook: Rulebook; rulebookHash: string; asOf: string; convert: ConvertOptions; explain: boolean };
// Compiled when the first partition arrives: routing, the first work, does not need it.
let grader: PartitionGrader | undefined;
// Loaded: the pipeline starts handing this worker chunks to route.
parentPort!.postMessage({ ready: true });
type Request = { id: number; op: 'grade'; input: PartitionInput } | { id: number; op: 'route'; req: RouteRequest };
parentPort!.on('message', (m: Request) => {
  try {
    if (m.op === 'route') {
      const out = routeChunk(m.req);
      // The routed chunks move back to the pipeline without a copy.
      const transfer = new Set<ArrayBuffer>();
      for (const list of out.parts) for (const b of list) transfer.add(b.buffer as ArrayBuffer);
      // The chunk read is spent: it goes back too, for the reader's next read (memory the reader
      // would otherwise take fresh from the system, page by page).
      const spent = m.req.bytes;
      transfer.add(spent.buffer as ArrayBuffer);
      parentPort!.postMessage({ id: m.id, ok: true, out: { ...out, spent } }, [...transfer]);
    } else {
      // Grade rows as bytes: moved back to the pipeline, never copied as a string.
      // The rulebook is the pipeline's, validated there, with its hash (not recomputed per worker).
      grader ??= createPartitionGrader(adoptValidatedRulebook(data.rulebook, data.rulebookHash), data.asOf);
      const out = processPartition(m.input, grader, data.convert, data.explain, { bytes: true });
      parentPort!.postMessage({ id: m.id, ok: true, out }, out.gradesBytes ? [out.gradesBytes.buffer as ArrayBuffer] : []);
    }
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: (e as Error)?.stack ?? String(e) });
  }
});
