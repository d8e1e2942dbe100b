import { readCsv, type CsvItem } from './csv.js';
import { ENTERPRISE_COLUMNS, EVENT_COLUMNS, resolveColumns } from './columns.js';
import { encodePartitionLine } from './partition.js';
import { processPartition, type PartitionOutput } from './process-partition.js';
import { createPartitionGrader } from './grader.js';
import { makeReject, type RejectRow } from './records.js';
import type { Rulebook } from '../rulebook/index.js';
import { csvLine } from './csv-write.js';

/**
 * The streaming row format of `xinfeng grade --stdin` (for Hadoop Streaming / Spark `RDD.pipe`):
 * CSV rows whose first cell is `E` (an enterprise, then the columns of {@link ENTERPRISE_COLUMNS}
 * in order) or `R` (a record, then the columns of {@link EVENT_COLUMNS} in order). No header. A
 * shard must hold every row of the USCCs it holds (co-partitioned by USCC, e.g. with
 * {@link partitionOf}).
 *
 * @example
 * ```ts
 * toStreamRow('E', enterpriseCells); // 'E,91310112MA1FL8X00X,上海…\n'
 * ```
 */
export function toStreamRow(kind: 'E' | 'R', cells: readonly string[]): string {
  return csvLine([kind, ...cells]);
}

/**
 * Options of {@link gradeStream}.
 *
 * @example
 * ```ts
 * const o: GradeStreamOptions = { rulebook: defaultRulebook(), asOf: '2025-06-30' };
 * ```
 */
export interface GradeStreamOptions {
  readonly rulebook: Rulebook;
  readonly asOf: string;
  readonly lenientUscc?: boolean;
  /** Source name used in rejects (default `stdin`). */
  readonly sourceName?: string;
}

/**
 * Grades one shard in the streaming format (see {@link toStreamRow}): returns the grade rows
 * (no header, sorted by uscc), the rejects and the counts. The merged, sorted outputs of all
 * shards equal the grades of one whole run.
 *
 * @example
 * ```ts
 * const out = await gradeStream(process.stdin, { rulebook, asOf: '2025-06-30' });
 * process.stdout.write(out.gradesText);
 * ```
 */
export async function gradeStream(
  input: AsyncIterable<Uint8Array | string>,
  options: GradeStreamOptions,
): Promise<PartitionOutput & { readonly streamRejects: readonly RejectRow[] }> {
  const name = options.sourceName ?? 'stdin';
  const eLayout = resolveColumns(ENTERPRISE_COLUMNS.map((c) => c.name), 'enterprises', name);
  const vLayout = resolveColumns(EVENT_COLUMNS.map((c) => c.name), 'events', name);
  const ents: string[] = [];
  const evs: string[] = [];
  const streamRejects: RejectRow[] = [];
  for await (const batch of readCsv(input)) {
    for (const item of batch as CsvItem[]) {
      if ('malformed' in item) {
        streamRejects.push(makeReject(name, item.line, '', '', 'IO_CSV_MALFORMED', { reason: `${item.malformed.code}: ${item.malformed.message}` }));
        continue;
      }
      const fields = (item as { fields: string[] }).fields;
      const kind = fields[0];
      const rest = { fields: fields.slice(1), line: item.line };
      if (kind === 'E') ents.push(encodePartitionLine(rest));
      else if (kind === 'R') evs.push(encodePartitionLine(rest));
      else streamRejects.push(makeReject(name, item.line, '', kind ?? '', 'IO_STREAM_ROW_KIND', { value: kind ?? '' }));
    }
  }
  const grader = createPartitionGrader(options.rulebook, options.asOf);
  const out = processPartition(
    { id: 0, enterprisesText: ents.join(''), eventsText: evs.join(''), enterpriseLayout: eLayout, eventLayout: vLayout },
    grader,
    { defaultDistrict: options.rulebook.jurisdiction.name, lenientUscc: options.lenientUscc ?? false },
    false,
  );
  return { ...out, streamRejects };
}
