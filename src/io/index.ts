/**
 * I/O for district-scale runs (辖区级批量处理): streaming CSV ingestion with a byte-level fast path,
 * encodings (UTF-8, BOM, GB18030/GBK), header aliases and mapping files, field normalisation,
 * rejects with reasons, USCC-hash partitioning, worker-thread grading, the HTML report and the
 * sample district generator.
 */
export {
  type CsvRow,
  type CsvPlainRow,
  type CsvMalformed,
  type CsvItem,
  type ReadCsvOptions,
  REFERENCE_CSV_OPTIONS,
  FastCsvScanner,
  readCsv,
  readCsvAll,
} from './csv.js';
export { type InputEncoding, parseEncodingName, detectEncoding, fileEncoding } from './encoding.js';
export { toHalfWidth, normalizeDate, parseAmountFen, parseBoolean, parseWholeNumber, splitList, type AmountUnit } from './normalize.js';
export {
  type TableKind,
  type ColumnSpec,
  type ColumnMapping,
  type ColumnLayout,
  ENTERPRISE_COLUMNS,
  EVENT_COLUMNS,
  headerKey,
  headerUnit,
  parseColumnMapping,
  resolveColumns,
} from './columns.js';
export { type RejectRow, type RowResult, type ConvertOptions, makeReject, clipRejectValue, REJECT_VALUE_MAX, convertEnterprise, convertEvent } from './records.js';
export { neutralizeCell, csvCell, csvLine, GRADES_HEADER, REJECTS_HEADER } from './csv-write.js';
export { partitionOf, routingKey } from './partition.js';
export { type GradeLine, type GradeStats, type PartitionGrader, mergeStats } from './engine.js';
export { createPartitionGrader, formatHundredths } from './grader.js';
export { type PartitionInput, type PartitionOutput, type PartitionCounts, processPartition } from './process-partition.js';
export { type JitMode } from './jit.js';
export {
  type GradeFilesOptions,
  type GradeProgress,
  type FileReconciliation,
  type GradeRunSummary,
  gradeFiles,
} from './pipeline.js';
export { type SampleDistrictOptions, generateSampleDistrict } from './sample-district.js';
export { type GradeStreamOptions, toStreamRow, gradeStream } from './stream.js';
export { type ReportData, type ReportBar, renderReport, barChart, pairedBarChart, heatMap, coverageChart, escapeHtml } from './report.js';
export { type ReportInputs, collectReportData } from './report-inputs.js';
export { type GradeDiff, diffGrades, DIFF_CHANGES_HEADER } from './diff.js';
export { type SubjectRows, readSubjectRows } from './subject.js';
