import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { makeIssue, XinfengError } from '../_lib/issues/index.js';
import { normalizeUscc } from '../uscc/index.js';
import { readCsv } from './csv.js';
import { fileEncoding } from './encoding.js';
import { resolveColumns, type ColumnLayout, type TableKind } from './columns.js';
import { makeReject, type ConvertOptions, type RejectRow } from './records.js';

/** The rows of one enterprise read from an export, with the rejects among them. */
export interface SubjectRows<T> {
  readonly rows: T[];
  readonly rejects: RejectRow[];
  /** Rows read (excluding the header). */
  readonly read: number;
  /** Malformed stretches whose USCC cannot be known (they might belong to the subject). */
  readonly malformed: number;
}

/**
 * Streams one export and keeps the rows of one enterprise (matched on the normalised USCC cell),
 * converted and validated like `xinfeng grade` does; the subject's invalid rows become rejects.
 * Used by the one-enterprise commands (`explain`, `report-credit`) over district exports.
 *
 * @example
 * ```ts
 * const ents = await readSubjectRows('enterprises.csv', 'enterprises', uscc, convertEnterprise, { defaultDistrict: '闵行区' });
 * const evs = await readSubjectRows('events.csv', 'events', uscc, convertEvent, {});
 * ```
 */
export async function readSubjectRows<T>(
  file: string,
  kind: TableKind,
  uscc: string,
  convert: (layout: ColumnLayout, fields: readonly string[], line: number, opts: ConvertOptions) => { ok: true; value: T } | { ok: false; rejects: readonly RejectRow[] },
  opts: ConvertOptions,
): Promise<SubjectRows<T>> {
  const encoding = fileEncoding(file);
  const name = basename(file);
  let layout: ColumnLayout | undefined;
  let usccIdx = -1;
  const rows: T[] = [];
  const rejects: RejectRow[] = [];
  let read = 0;
  let malformed = 0;
  for await (const batch of readCsv(createReadStream(file, { highWaterMark: 1 << 20 }), { encoding })) {
    for (const item of batch) {
      if (!layout) {
        if (!('fields' in item)) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: name, reason: 'no readable header row' }));
        layout = resolveColumns(item.fields, kind, name);
        usccIdx = layout.index['uscc'] ?? -1;
        continue;
      }
      read++;
      if ('malformed' in item) {
        malformed++;
        rejects.push(makeReject(name, item.line, '', '', 'IO_CSV_MALFORMED', { reason: `${item.malformed.code}: ${item.malformed.message}` }));
        continue;
      }
      const fields = 'fields' in item ? item.fields : item.raw.split(',');
      if (normalizeUscc(fields[usccIdx] ?? '') !== uscc) continue;
      const r = convert(layout, fields, item.line, opts);
      if (r.ok) rows.push(r.value);
      else rejects.push(...r.rejects);
    }
  }
  if (!layout) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: name, reason: 'empty file (no header row)' }));
  return { rows, rejects, read, malformed };
}

