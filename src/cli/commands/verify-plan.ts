import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, optString, requireString, type CliCommand } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError } from '../../_lib/issues/index.js';
import { verifyPlan, type PlanManifest, type PlanPairRef } from '../../inspection/index.js';
import { readCsv, readGrades, readItems, readNoDisturbanceEnterprises, readNoDisturbanceItems, writeRejects, type Reject } from './plan.js';

/** `xinfeng verify-plan`: recompute a published plan's draw and list every difference. */
export const verifyPlanCommand: CliCommand = {
  name: 'verify-plan',
  summary: 'Re-derive a published inspection plan from its manifest and list every difference',
  summaryZh: '依据公开清单重算检查计划抽取结果并列出全部差异',
  help: `Usage: xinfeng verify-plan --manifest FILE --grades FILE --plan FILE --items FILE
                           [--no-disturbance-enterprises FILE] [--no-disturbance-items FILE]
                           [--seed S] [--rulebook FILE] [--rejects-out FILE]

Recomputes the 双随机 draw of a plan written by \`xinfeng plan\` from the manifest (plan id, year,
asOf, seed — or --seed when the manifest is sealed), the same grades CSV, item catalogue and
双无 lists, and compares: seed commitment, rulebook hash, population and input digests, per
stratum N / ratio / n, the number of drawn rows per stratum, and every missing or extra enterprise.
Rows of plan.csv with source=draw are the drawn pairs (any record_type).

Exit codes: 0 identical; 1 differences found (each printed); 2 usage; 3 input error.`,
  options: {
    manifest: { type: 'string' },
    grades: { type: 'string' },
    plan: { type: 'string' },
    items: { type: 'string' },
    'no-disturbance-enterprises': { type: 'string' },
    'no-disturbance-items': { type: 'string' },
    seed: { type: 'string' },
    rulebook: { type: 'string' },
    'rejects-out': { type: 'string' },
  },
  async run({ values }, ctx) {
    const manifestFile = requireString(values, 'manifest');
    let manifest: PlanManifest;
    try {
      manifest = JSON.parse(readFileSync(resolve(ctx.cwd, manifestFile), 'utf8')) as PlanManifest;
    } catch (e) {
      throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: manifestFile, reason: (e as Error).message }));
    }
    if (manifest.format !== 'xinfeng-inspection-manifest/1') throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: manifestFile, reason: 'not an xinfeng inspection manifest' }));
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const rejects: Reject[] = [];
    const population = readGrades(requireString(values, 'grades'), ctx.cwd, rulebook, manifest.asOf, rejects);
    const planFile = requireString(values, 'plan');
    const pairs: PlanPairRef[] = [];
    for (const { row } of readCsv(planFile, ctx.cwd, ['source', 'agency', 'item_id', 'supervision_class', 'uscc'])) {
      if (row.source === 'draw') pairs.push({ agency: row.agency!, itemId: row.item_id!, classId: row.supervision_class!, uscc: row.uscc! });
    }
    const seed = optString(values, 'seed');
    const ndEnt = optString(values, 'no-disturbance-enterprises');
    const ndItems = optString(values, 'no-disturbance-items');
    const result = verifyPlan(manifest, population, pairs, {
      rulebook,
      items: readItems(requireString(values, 'items'), ctx.cwd),
      noDisturbanceEnterprises: readNoDisturbanceEnterprises(ndEnt, ctx.cwd),
      noDisturbanceItems: readNoDisturbanceItems(ndItems, ctx.cwd),
      ...(seed ? { seed } : {}),
    });
    const rejectsOut = optString(values, 'rejects-out');
    if (rejectsOut) writeRejects(resolve(ctx.cwd, rejectsOut), rejects);
    if (result.identical) {
      println(ctx.stdout, `identical: plan ${manifest.planId} re-derived (${population.length} enterprises, ${pairs.length} drawn pairs, ${manifest.strata.length} strata)`);
      return EXIT.OK;
    }
    println(ctx.stdout, `differences: ${result.differences.length} (plan ${manifest.planId})`);
    for (const d of result.differences) println(ctx.stdout, JSON.stringify(d));
    return EXIT.FINDINGS;
  },
};
