import { existsSync, readFileSync } from 'node:fs';
import type { CreditEvent, Enterprise } from '../grading/index.js';
import type { ColumnLayout } from './columns.js';
import { decodePartitionText } from './partition.js';
import { convertEnterprise, convertEvent, decisionKey, makeReject, type ConvertOptions, type RejectRow } from './records.js';
import { csvLine } from './csv-write.js';
import { emptyStats, type GradeStats, type PartitionGrader } from './engine.js';

/**
 * The input of one partition: the encoded enterprise and record lines (see encodePartitionLine)
 * with the layouts of the files they come from.
 */
export interface PartitionInput {
  readonly id: number;
  /** Encoded enterprise lines, or the temp file holding them (spilled runs). */
  readonly enterprisesText?: string;
  readonly enterprisesBytes?: Uint8Array;
  readonly enterprisesFile?: string;
  readonly eventsText?: string;
  readonly eventsBytes?: Uint8Array;
  readonly eventsFile?: string;
  readonly enterpriseLayout: ColumnLayout;
  readonly eventLayout: ColumnLayout;
}

/** Per-file counts of a partition (summed by the pipeline into the reconciliation). */
export interface PartitionCounts {
  enterprisesRead: number;
  enterprisesAccepted: number;
  enterprisesRejected: number;
  duplicateEnterprises: number;
  eventsRead: number;
  eventsAccepted: number;
  eventsRejected: number;
  duplicateEvents: number;
  orphanEvents: number;
}

/** The output of one partition: CSV lines sorted by USCC, rejects sorted by file and line, stats. */
export interface PartitionOutput {
  readonly id: number;
  /** Grade rows (no header), `\n`-terminated, sorted by uscc. */
  readonly gradesText: string;
  /** Explanation JSON lines sorted by uscc ('' unless requested). */
  readonly explainText: string;
  readonly rejects: readonly RejectRow[];
  readonly counts: PartitionCounts;
  readonly stats: GradeStats;
}

interface Held<T> {
  value: T;
  line: number;
  /** The row's content (its cells joined): duplicates and record order resolve by it, never by position. */
  key: string;
}

/**
 * Validates, de-duplicates, joins and grades one partition. Pure given its inputs: the result does
 * not depend on the order of the lines (duplicates resolve to the canonically smallest row; events
 * reach the grader in canonical order; output is sorted by USCC), which is what makes the whole run
 * independent of worker count, partition count and input row order.
 *
 * @example
 * ```ts
 * const out = processPartition(input, grader, { defaultDistrict: '闵行区' }, false);
 * out.gradesText.split('\n')[0]; // '91310112…,上海…,…'
 * ```
 */
export function processPartition(input: PartitionInput, grader: PartitionGrader, opts: ConvertOptions, explain: boolean): PartitionOutput {
  const rejects: RejectRow[] = [];
  const counts: PartitionCounts = {
    enterprisesRead: 0, enterprisesAccepted: 0, enterprisesRejected: 0, duplicateEnterprises: 0,
    eventsRead: 0, eventsAccepted: 0, eventsRejected: 0, duplicateEvents: 0, orphanEvents: 0,
  };
  const eLayout = input.enterpriseLayout;
  const vLayout = input.eventLayout;
  const enterprises = new Map<string, Held<Enterprise>>();
  const dupEnterprises: Held<Enterprise>[] = [];
  const text = (t: string | undefined, b: Uint8Array | undefined, f: string | undefined) =>
    f !== undefined ? (existsSync(f) ? readFileSync(f, 'utf8') : '') : b !== undefined ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') : (t ?? '');
  decodePartitionText(
    text(input.enterprisesText, input.enterprisesBytes, input.enterprisesFile),
    (fields, line, content) => {
      counts.enterprisesRead++;
      const r = convertEnterprise(eLayout, fields, line, opts);
      if (!r.ok) {
        counts.enterprisesRejected++;
        rejects.push(...r.rejects);
        return;
      }
      const held: Held<Enterprise> = { value: r.value, line, key: content };
      const prev = enterprises.get(r.value.uscc);
      if (!prev) {
        enterprises.set(r.value.uscc, held);
        return;
      }
      // Keep the canonically smaller row, so the choice does not depend on input order.
      if (held.key < prev.key || (held.key === prev.key && held.line < prev.line)) {
        enterprises.set(r.value.uscc, held);
        dupEnterprises.push(prev);
      } else dupEnterprises.push(held);
    },
    (line, code, message) => {
      counts.enterprisesRead++;
      counts.enterprisesRejected++;
      rejects.push(makeReject(eLayout.file, line, '', '', 'IO_CSV_MALFORMED', { reason: `${code}: ${message}` }));
    },
  );
  for (const d of dupEnterprises) {
    counts.enterprisesRejected++;
    counts.duplicateEnterprises++;
    const kept = enterprises.get(d.value.uscc)!;
    rejects.push(makeReject(eLayout.file, d.line, eLayout.sourceName['uscc'] ?? 'uscc', d.value.uscc, 'IO_DUPLICATE_ENTERPRISE', { uscc: d.value.uscc, keptLine: kept.line }));
  }
  counts.enterprisesAccepted = enterprises.size;

  const byUscc = new Map<string, Held<CreditEvent>[]>();
  // Records whose code is exactly an accepted enterprise's need no second USCC validation.
  const known = (code: string) => enterprises.has(code);
  decodePartitionText(
    text(input.eventsText, input.eventsBytes, input.eventsFile),
    (fields, line, content) => {
      counts.eventsRead++;
      const r = convertEvent(vLayout, fields, line, opts, known);
      if (!r.ok) {
        counts.eventsRejected++;
        rejects.push(...r.rejects);
        return;
      }
      const u = r.value.uscc;
      if (!enterprises.has(u)) {
        counts.eventsRejected++;
        counts.orphanEvents++;
        rejects.push(makeReject(vLayout.file, line, vLayout.sourceName['uscc'] ?? 'uscc', u, 'IO_ORPHAN_RECORD', { uscc: u }));
        return;
      }
      let list = byUscc.get(u);
      if (!list) byUscc.set(u, (list = []));
      list.push({ value: r.value, line, key: content });
    },
    (line, code, message) => {
      counts.eventsRead++;
      counts.eventsRejected++;
      rejects.push(makeReject(vLayout.file, line, '', '', 'IO_CSV_MALFORMED', { reason: `${code}: ${message}` }));
    },
  );

  const usccs = [...enterprises.keys()].sort();
  const grades: string[] = [];
  const explains: string[] = [];
  const stats = emptyStats();
  for (const u of usccs) {
    const ent = enterprises.get(u)!.value;
    const held = byUscc.get(u) ?? [];
    // Canonical order: date, then the canonical JSON (so equal rows compare by content, not position).
    held.sort((a, b) => (a.value.date < b.value.date ? -1 : a.value.date > b.value.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : a.line - b.line));
    const ids = new Map<string, Held<CreditEvent>>();
    const decisions = new Map<string, Held<CreditEvent>>();
    const events: CreditEvent[] = [];
    for (const h of held) {
      const dk = decisionKey(h.value);
      const dkey = dk === undefined ? undefined : `${h.value.type}\u0000${dk}`;
      const first = ids.get(h.value.id) ?? (dkey === undefined ? undefined : decisions.get(dkey));
      if (first) {
        counts.eventsRejected++;
        counts.duplicateEvents++;
        rejects.push(
          makeReject(vLayout.file, h.line, vLayout.sourceName[dk === undefined ? 'id' : 'decision_number'] ?? 'id', dk ?? h.value.id, 'IO_DUPLICATE_RECORD', {
            uscc: u, type: h.value.type, decisionNo: dk ?? h.value.id, keptLine: first.line,
          }),
        );
        continue;
      }
      ids.set(h.value.id, h);
      if (dkey !== undefined) decisions.set(dkey, h);
      events.push(h.value);
    }
    counts.eventsAccepted += events.length;
    const g = grader.grade(ent, events, explain);
    stats.add(ent, g.line);
    grades.push(csvLine([g.line.uscc, ent.name, g.line.score, g.line.grade, g.line.riskLevel, g.line.supervisionClass, String(g.line.inspectionsPerYear), g.line.samplingRatio, g.line.reasons.join(';'), grader.rulebookId, grader.rulebookHash, grader.asOf]));
    if (explain) explains.push(`${JSON.stringify(g.explanation ?? null)}\n`);
  }
  rejects.sort(compareRejects);
  return { id: input.id, gradesText: grades.join(''), explainText: explains.join(''), rejects, counts, stats: stats.toJSON() };
}

/** Rejects order: file, line, column. */
export function compareRejects(a: RejectRow, b: RejectRow): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.column < b.column ? -1 : a.column > b.column ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
