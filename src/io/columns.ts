import { fail } from '../_lib/issues/index.js';
import { toHalfWidth } from './normalize.js';

/** Which input table a file holds. */
export type TableKind = 'enterprises' | 'events';

/**
 * A canonical column of an input table (the English snake_case name used in xinfeng's own exports,
 * e.g. `uscc`, `registration_date`, `fine_amount`).
 */
export interface ColumnSpec {
  readonly name: string;
  /** Required columns must be present in the header (fatal error otherwise). */
  readonly required: boolean;
  /** Header spellings recognised for this column (Chinese and English), compared after {@link headerKey}. */
  readonly aliases: readonly string[];
}

const C = (name: string, required: boolean, aliases: string[]): ColumnSpec => ({ name, required, aliases: [name, ...aliases] });

/**
 * Columns of an enterprise (市场主体名录) export, with the common Chinese and English header names.
 *
 * @example
 * ```ts
 * ENTERPRISE_COLUMNS.find((c) => c.name === 'uscc')!.aliases.includes('统一社会信用代码'); // true
 * ```
 */
export const ENTERPRISE_COLUMNS: readonly ColumnSpec[] = [
  C('uscc', true, ['统一社会信用代码', '社会信用代码', '信用代码', '统一代码', '统一社会信用代码/注册号', 'credit_code', 'usc_code', 'unified_social_credit_code', 'uniscid']),
  C('name', true, ['企业名称', '名称', '市场主体名称', '主体名称', '单位名称', 'enterprise_name', 'company_name', 'entname']),
  C('industry_code', true, ['行业代码', '国民经济行业代码', '行业分类代码', '国民经济行业分类代码', 'industry', 'industry_code_gbt4754', 'industryco']),
  C('registration_date', true, ['成立日期', '注册日期', '登记日期', '设立日期', 'established', 'founded', 'estdate', 'date_established']),
  C('registered_capital', false, ['注册资本', '注册资金', 'registered_capital_yuan', 'capital', 'regcap']),
  C('district', false, ['区', '所属区', '行政区', '所属区县', '所属行政区划', 'county']),
  C('street', false, ['街道', '街镇', '所属街镇', '街道/镇', '所属街道', '镇街', 'town', 'subdistrict']),
  C('status', false, ['登记状态', '经营状态', '状态', '企业状态', 'regstate', 'enterprise_status']),
  C('scale', false, ['企业规模', '规模', 'size', 'enterprise_scale']),
  C('licences', false, ['许可证', '许可', '持有许可', '许可证件', 'licenses', 'license', 'licence']),
  C('no_disturbance', false, ['无感监测', '无感监管', '无感监测名单', '无事不扰', 'on_no_disturbance_list', 'no_disturbance_list']),
];

/**
 * Columns of a credit-record (信用记录) export. One table holds every record type (`type`); the
 * columns a type does not use stay empty.
 *
 * @example
 * ```ts
 * EVENT_COLUMNS.map((c) => c.name); // ['id', 'uscc', 'type', 'date', 'decision_number', …]
 * ```
 */
export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  C('id', false, ['记录编号', '记录id', '编号', '序号id', 'record_id', 'event_id']),
  C('uscc', true, ['统一社会信用代码', '社会信用代码', '信用代码', '当事人统一社会信用代码', 'credit_code', 'usc_code', 'unified_social_credit_code']),
  C('type', true, ['记录类型', '类型', '事件类型', '信用记录类型', 'record_type', 'event_type', 'kind']),
  C('date', true, ['日期', '记录日期', '发生日期', '认定日期', 'event_date', 'record_date']),
  C('decision_number', false, ['决定书文号', '处罚决定书文号', '行政处罚决定书文号', '文书号', '文号', '决定文号', 'decision_no', 'decisionnumber']),
  C('decision_date', false, ['处罚决定日期', '决定日期', '作出决定日期', 'decisiondate']),
  C('publication_date', false, ['公示日期', '公示时间', 'publicationdate', 'published_on']),
  C('penalty_kinds', false, ['处罚种类', '处罚类别', '处罚类型', 'penalty_kind', 'penalty_types']),
  C('fine_amount', false, ['罚款金额', '罚没金额', '罚款', '罚没款', 'fine', 'fine_amount_yuan', 'amount']),
  C('authority', false, ['处罚机关', '实施机关', '决定机关', '检查机关', '作出决定机关', '部门', 'agency', 'department']),
  C('sector', false, ['领域', '行业领域', '监管领域', 'domain']),
  C('procedure', false, ['程序', '处罚程序', '适用程序', 'procedure_type']),
  C('tier', false, ['公示期类别', '失信程度', '违法程度', 'severity', 'publicity_tier']),
  C('serious_list', false, ['列入严重失信名单', '严重失信', 'serious', 'seriouslist']),
  C('reason', false, ['列入原因', '异常原因', '列入经营异常名录原因', 'listing_reason']),
  C('of_record', false, ['原记录编号', '被修复记录', '对应记录', 'ofrecord', 'repaired_record']),
  C('case_number', false, ['执行案号', '案号', 'casenumber', 'case_no']),
  C('court', false, ['执行法院', '法院']),
  C('removed_on', false, ['移除日期', '屏蔽日期', '撤销日期', 'removedon', 'removal_date']),
  C('outcome', false, ['检查结果', '抽查结果', 'result', 'inspection_outcome']),
  C('substantiated', false, ['是否属实', '经查属实', '属实', 'is_substantiated']),
  C('year', false, ['年度', '年份', '所属年度', 'report_year', 'tax_year']),
  C('level', false, ['级别', '等级', '纳税信用级别', '表彰级别', 'grade']),
  C('title', false, ['荣誉称号', '表彰名称', '称号', 'honour', 'honor']),
  C('repaired_on', false, ['修复日期', '修复时间', 'repairedon', 'repair_date']),
];

/**
 * The key a header is compared by: half-width, lower case, without spaces, underscores, hyphens,
 * and without a bracketed unit suffix (`注册资本（万元）` → `注册资本`). The unit is read separately
 * by {@link headerUnit}.
 *
 * @example
 * ```ts
 * headerKey(' Registration_Date '); // 'registrationdate'
 * headerKey('罚款金额（元）');        // '罚款金额'
 * ```
 */
export function headerKey(header: string): string {
  return toHalfWidth(header.replace(/^\ufeff/, ''))
    .replace(/[(（【[][^)）】\]]*[)）】\]]\s*$/, '')
    .toLowerCase()
    .replace(/[\s_\-]+/g, '');
}

/**
 * The money unit a header declares: `万元` in `注册资本（万元）` or `注册资本(万)` means bare numbers
 * are in 万元.
 *
 * @example
 * ```ts
 * headerUnit('注册资本（万元）'); // 'wan'
 * ```
 */
export function headerUnit(header: string): 'yuan' | 'wan' {
  return /[(（【[]\s*万(元)?\s*[)）】\]]/.test(toHalfWidth(header)) || /万元$/.test(header.trim()) ? 'wan' : 'yuan';
}

/**
 * A column mapping file: source header → canonical column, per table or for both.
 * `{ "enterprises": { "纳税人识别号": "uscc" }, "events": { "处罚文号": "decision_number" } }`
 * or flat `{ "纳税人识别号": "uscc" }`.
 *
 * @example
 * ```ts
 * const m: ColumnMapping = { enterprises: { '纳税人识别号': 'uscc' } };
 * ```
 */
export interface ColumnMapping {
  readonly enterprises?: Readonly<Record<string, string>>;
  readonly events?: Readonly<Record<string, string>>;
  readonly both?: Readonly<Record<string, string>>;
}

/**
 * Validates a parsed mapping file (throws `IO_MAPPING_INVALID` naming the fault).
 *
 * @example
 * ```ts
 * const m = parseColumnMapping(JSON.parse(text), 'mapping.json');
 * ```
 */
export function parseColumnMapping(json: unknown, file: string): ColumnMapping {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('IO_MAPPING_INVALID', { file, reason: 'expected a JSON object' });
  const o = json as Record<string, unknown>;
  const isSection = (k: string) => k === 'enterprises' || k === 'events';
  const check = (section: string, rec: unknown, cols: readonly ColumnSpec[][]): Record<string, string> => {
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) fail('IO_MAPPING_INVALID', { file, reason: `"${section}" must be an object of "source header": "column"` });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec as Record<string, unknown>)) {
      if (typeof v !== 'string') fail('IO_MAPPING_INVALID', { file, reason: `${section}."${k}" must be a column name string` });
      if (!cols.some((list) => list.some((c) => c.name === v))) {
        const known = [...new Set(cols.flat().map((c) => c.name))].join(', ');
        fail('IO_MAPPING_INVALID', { file, reason: `${section}."${k}" maps to unknown column "${v}" (known: ${known})` });
      }
      out[k] = v;
    }
    return out;
  };
  if (Object.keys(o).some(isSection)) {
    for (const k of Object.keys(o)) if (!isSection(k)) fail('IO_MAPPING_INVALID', { file, reason: `unknown section "${k}" (use "enterprises" and "events")` });
    const m: { enterprises?: Record<string, string>; events?: Record<string, string> } = {};
    if (o['enterprises'] !== undefined) m.enterprises = check('enterprises', o['enterprises'], [ENTERPRISE_COLUMNS as ColumnSpec[]]);
    if (o['events'] !== undefined) m.events = check('events', o['events'], [EVENT_COLUMNS as ColumnSpec[]]);
    return m;
  }
  return { both: check('mapping', o, [ENTERPRISE_COLUMNS as ColumnSpec[], EVENT_COLUMNS as ColumnSpec[]]) };
}

/**
 * Where each canonical column sits in a file: `index[name]` is the field index or -1, `header[name]`
 * the header as written in the file (for rejects), `unit[name]` the declared money unit.
 *
 * @example
 * ```ts
 * const layout = resolveColumns(['统一社会信用代码', '企业名称'], 'enterprises', 'e.csv');
 * ```
 */
export interface ColumnLayout {
  readonly kind: TableKind;
  readonly file: string;
  readonly header: readonly string[];
  readonly index: Readonly<Record<string, number>>;
  readonly sourceName: Readonly<Record<string, string>>;
  readonly unit: Readonly<Record<string, 'yuan' | 'wan'>>;
  /** Header cells that match no column (kept for the summary: "ignored columns"). */
  readonly ignored: readonly string[];
}

/**
 * Maps a file's header row to canonical columns through the mapping file (first) and the aliases.
 * A missing required column is fatal: `IO_MISSING_COLUMNS` naming the file and the columns found.
 * Two headers mapping to the same column is fatal too (`IO_DUPLICATE_COLUMN`): picking one silently
 * could grade on the wrong data.
 *
 * @example
 * ```ts
 * resolveColumns(['uscc', 'name', 'industry_code', 'registration_date'], 'enterprises', 'e.csv').index.uscc; // 0
 * ```
 */
export function resolveColumns(header: readonly string[], kind: TableKind, file: string, mapping: ColumnMapping = {}): ColumnLayout {
  const specs = kind === 'enterprises' ? ENTERPRISE_COLUMNS : EVENT_COLUMNS;
  const explicit = new Map<string, string>();
  for (const m of [mapping.both, kind === 'enterprises' ? mapping.enterprises : mapping.events]) {
    if (m) for (const [src, col] of Object.entries(m)) if (specs.some((s) => s.name === col)) explicit.set(headerKey(src), col);
  }
  const byAlias = new Map<string, string>();
  for (const s of specs) for (const a of s.aliases) byAlias.set(headerKey(a), s.name);
  const index: Record<string, number> = {};
  const sourceName: Record<string, string> = {};
  const unit: Record<string, 'yuan' | 'wan'> = {};
  const ignored: string[] = [];
  for (const s of specs) index[s.name] = -1;
  header.forEach((h, i) => {
    const key = headerKey(h);
    const col = explicit.get(key) ?? byAlias.get(key);
    if (!col) {
      ignored.push(h);
      return;
    }
    if (index[col]! >= 0) fail('IO_DUPLICATE_COLUMN', { file, first: sourceName[col]!, second: h, field: col });
    index[col] = i;
    sourceName[col] = h;
    unit[col] = headerUnit(h);
  });
  const missing = specs.filter((s) => s.required && index[s.name]! < 0).map((s) => s.name);
  if (missing.length) {
    fail('IO_MISSING_COLUMNS', { file, missing: missing.join(', '), found: header.length ? header.join(', ') : '(none)' });
  }
  return { kind, file, header: [...header], index, sourceName, unit, ignored };
}
