import { checkDate, type CliCommand, EXIT, optString } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { describeRulebook, formatParameterValue, rulebookHash } from '../../rulebook/index.js';
import { UsageError } from '../command.js';

/** `xinfeng rules`: validate a rulebook and print the parameters in force on a date with sources. */
export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'Validate a rulebook and print its parameters in force on a date, with sources',
  summaryZh: '校验规则集并列出某日有效的参数及其出处',
  help: `Usage: xinfeng rules [--rulebook FILE] [--as-of YYYY-MM-DD] [--json] [--export]

Validates the rulebook (default: cn-sh-minhang) and prints every parameter in force on the
date, with its value, effective dates, source document, article and status. Values marked
inferred or library-default are flagged with "!" (they are not law).

Options:
  --rulebook FILE   a rulebook JSON file (default: the bundled cn-sh-minhang)
  --as-of DATE      the date (YYYY-MM-DD); required unless --export
  --json            print JSON lines instead of text
  --export          print the whole rulebook as one JSON document and exit

Exit codes: 0 valid; 3 the rulebook is invalid (each fault printed with its JSON path); 2 usage.`,
  options: {
    rulebook: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
    export: { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const rb = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    if (values.export) {
      ctx.stdout.write(`${JSON.stringify(rb, null, 2)}\n`);
      return EXIT.OK;
    }
    const asOf = optString(values, 'as-of');
    if (!asOf) throw new UsageError('missing required option --as-of YYYY-MM-DD');
    checkDate(asOf, 'as-of');
    const rows = describeRulebook(rb, asOf);
    if (values.json) {
      for (const r of rows) println(ctx.stdout, JSON.stringify(r));
      return EXIT.OK;
    }
    println(ctx.stdout, `规则集 rulebook ${rb.id} — ${rb.title}`);
    println(ctx.stdout, `辖区 jurisdiction ${rb.jurisdiction.name} (${rb.jurisdiction.code}); edition ${rb.edition}`);
    println(ctx.stdout, `sha256 ${rulebookHash(rb)}; in force on ${asOf}`);
    let flagged = 0;
    let missing = 0;
    let stale = 0;
    for (const r of rows) {
      println(ctx.stdout);
      const mark = r.flagged ? '!' : ' ';
      println(ctx.stdout, `${mark} ${r.path}${r.unit ? ` [${r.unit}]` : ''}`);
      println(ctx.stdout, `    ${r.description}`);
      if (r.source === undefined) {
        missing++;
        println(ctx.stdout, `    (no value in force on ${asOf})`);
        continue;
      }
      if (r.flagged) flagged++;
      if (r.warnings.length) stale++;
      println(ctx.stdout, `    = ${formatParameterValue(r.value)}`);
      println(ctx.stdout, `    in force ${r.from} – ${r.to ?? 'open'}`);
      const s = r.source;
      const doc = [s.title, s.docNo, s.article].filter(Boolean).join(' ');
      println(ctx.stdout, `    source [${s.status}] ${doc}${s.url ? ` <${s.url}>` : ''}`);
      println(ctx.stdout, `    verified ${s.lastVerifiedOn}, review by ${s.reviewBy}${r.warnings.length ? '  ⚠ past review date' : ''}`);
      if (s.note) println(ctx.stdout, `    note: ${s.note}`);
    }
    println(ctx.stdout);
    println(
      ctx.stdout,
      `${rows.length} parameters; ${flagged} flagged (inferred / library-default); ${missing} with no value on ${asOf}; ${stale} past their review date`,
    );
    return EXIT.OK;
  },
};
