/**
 * Worker-thread entry (built to dist/worker.cjs): grades partitions posted by the pipeline.
 * One grader per worker, compiled once from the rulebook and asOf in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Rulebook } from '../rulebook/index.js';
import { createPartitionGrader } from './grader.js';
import { processPartition, type PartitionInput } from './process-partition.js';
import type { ConvertOptions } from './records.js';

const data = workerData as { rulebook: Rulebook; asOf: string; convert: ConvertOptions; explain: boolean };
const grader = createPartitionGrader(data.rulebook, data.asOf);
parentPort!.on('message', (input: PartitionInput) => {
  try {
    parentPort!.postMessage({ ok: true, out: processPartition(input, grader, data.convert, data.explain) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error)?.stack ?? String(e) });
  }
});
