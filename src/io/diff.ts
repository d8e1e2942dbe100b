import { createReadStream } from 'node:fs';
import { readCsv, type CsvItem } from './csv.js';
import { csvLine } from './csv-write.js';

/**
 * Result of comparing two grade runs over the same exports (what-if reform analysis): the grade and
 * supervision-class migration matrices and the change in planned inspection workload.
 *
 * @example
 * ```ts
 * const d = await diffGrades('grades-a.csv', 'grades-b.csv');
 * d.gradeMatrix['A|B']; // enterprises graded A under rulebook A and B under rulebook B
 * ```
 */
export interface GradeDiff {
  readonly enterprises: number;
  /** `gradeA|gradeB` → count. */
  readonly gradeMatrix: Readonly<Record<string, number>>;
  /** `classA|classB` → count. */
  readonly classMatrix: Readonly<Record<string, number>>;
  readonly changedGrade: number;
  readonly changedClass: number;
  /** Sum of inspections_per_year under A and B. */
  readonly inspectionsA: number;
  readonly inspectionsB: number;
  /** Enterprises with no proactive inspection under A and B. */
  readonly noInspectionA: number;
  readonly noInspectionB: number;
  /** USCCs present in only one file (should be none when both runs read the same exports). */
  readonly onlyInA: number;
  readonly onlyInB: number;
}

async function* gradeRows(file: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  for await (const batch of readCsv(createReadStream(file))) {
    for (const it of batch as CsvItem[]) {
      if (!('fields' in it)) continue;
      if (!header) {
        header = it.fields;
        continue;
      }
      const row: Record<string, string> = {};
      header.forEach((h, i) => (row[h] = it.fields[i] ?? ''));
      yield row;
    }
  }
}

/**
 * Compares two grades CSVs (both sorted by uscc, as `xinfeng grade` writes them) in one streaming
 * merge-join; `onChange` receives a CSV line for every enterprise whose grade or class changed.
 *
 * @example
 * ```ts
 * const d = await diffGrades('a.csv', 'b.csv', (line) => out.write(line));
 * ```
 */
export async function diffGrades(fileA: string, fileB: string, onChange?: (csvLine: string) => void): Promise<GradeDiff> {
  const a = gradeRows(fileA);
  const b = gradeRows(fileB);
  const gm: Record<string, number> = {};
  const cm: Record<string, number> = {};
  let n = 0, changedGrade = 0, changedClass = 0, inspectionsA = 0, inspectionsB = 0, noA = 0, noB = 0, onlyA = 0, onlyB = 0;
  let ra = await a.next();
  let rb = await b.next();
  const inc = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
  while (!ra.done || !rb.done) {
    if (rb.done || (!ra.done && ra.value['uscc']! < rb.value['uscc']!)) {
      onlyA++;
      ra = await a.next();
      continue;
    }
    if (ra.done || rb.value['uscc']! < ra.value['uscc']!) {
      onlyB++;
      rb = await b.next();
      continue;
    }
    const x = ra.value;
    const y = rb.value;
    n++;
    inc(gm, `${x['grade']}|${y['grade']}`);
    inc(cm, `${x['supervision_class']}|${y['supervision_class']}`);
    const ia = Number(x['inspections_per_year'] ?? 0);
    const ib = Number(y['inspections_per_year'] ?? 0);
    inspectionsA += ia;
    inspectionsB += ib;
    if (ia === 0) noA++;
    if (ib === 0) noB++;
    const g = x['grade'] !== y['grade'];
    const c = x['supervision_class'] !== y['supervision_class'];
    if (g) changedGrade++;
    if (c) changedClass++;
    if ((g || c || ia !== ib) && onChange) {
      onChange(csvLine([x['uscc']!, x['name'] ?? '', x['score'] ?? '', y['score'] ?? '', x['grade']!, y['grade']!, x['supervision_class']!, y['supervision_class']!, String(ia), String(ib)]));
    }
    ra = await a.next();
    rb = await b.next();
  }
  const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort((p, q) => (p[0] < q[0] ? -1 : 1)));
  return { enterprises: n, gradeMatrix: sorted(gm), classMatrix: sorted(cm), changedGrade, changedClass, inspectionsA, inspectionsB, noInspectionA: noA, noInspectionB: noB, onlyInA: onlyA, onlyInB: onlyB };
}

/** Header of the per-enterprise changes CSV written by `xinfeng diff --out`. */
export const DIFF_CHANGES_HEADER = ['uscc', 'name', 'score_a', 'score_b', 'grade_a', 'grade_b', 'class_a', 'class_b', 'inspections_per_year_a', 'inspections_per_year_b'] as const;
