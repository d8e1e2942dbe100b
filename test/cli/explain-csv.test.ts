import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { captureCli } from '../_support/cli.js';
import { parse } from 'csv-parse/sync';
import { explainCommand } from '../../src/cli/commands/explain.js';
import { gradeFiles, defaultRulebook } from '../../src/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


describe('xinfeng explain over the district CSV exports', () => {
  const root = resolve(__dirname, '../..');

  it('explains an enterprise straight from the exports, with the same grade as `xinfeng grade`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-explain-csv-'));
    await gradeFiles({ enterprisesFile: join(root, 'data/sample/enterprises.csv'), eventsFile: join(root, 'data/sample/events.csv'), asOf: '2025-06-30', rulebook: defaultRulebook(), outFile: join(dir, 'g.csv') });
    const grades = parse(readFileSync(join(dir, 'g.csv')), { columns: true }) as { uscc: string; grade: string; score: string }[];
    // a C or D enterprise has reasons worth explaining
    const target = grades.find((g) => g.grade === 'D') ?? grades.find((g) => g.grade === 'C')!;
    const t = captureCli(root);
    const code = await explainCommand.run(
      { values: { enterprise: 'data/sample/enterprises.csv', events: 'data/sample/events.csv', uscc: target.uscc, 'as-of': '2025-06-30', json: true }, positionals: [] },
      t.c,
    );
    expect(code).toBe(0);
    const r = JSON.parse(t.out()) as { uscc: string; grade: string; score: string; reasons: unknown[] };
    expect(r.uscc).toBe(target.uscc);
    expect(r.grade).toBe(target.grade);
    expect(r.score).toBe(target.score);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('requires --uscc with CSV exports', async () => {
    const t = captureCli(root);
    await expect(
      explainCommand.run({ values: { enterprise: 'data/sample/enterprises.csv', 'as-of': '2025-06-30' }, positionals: [] }, t.c),
    ).rejects.toThrow(/--uscc/);
  });
});
