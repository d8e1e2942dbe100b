/**
 * Renders the analyst report in headless Chromium (Debian's `chromium`; scripts/ensure-chromium.sh
 * installs it) and checks that every chart was laid out with drawn shapes, and that a screenshot is
 * not blank. No network: the report is a local file and Chromium runs with networking features off.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { collectReportData, gradeFiles, renderReport } from '../../src/io/index.js';
import { defaultRulebook } from '../../src/rulebook/index.js';

const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'xf-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = promisify(execFile);

function flags(profile: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
}

if (!existsSync(CHROMIUM)) {
  console.warn(`report-chromium: ${CHROMIUM} is missing — run scripts/ensure-chromium.sh (apt-get install chromium); the rendering test is skipped`);
}

describe.skipIf(!existsSync(CHROMIUM))('report in headless Chromium', () => {
  it('draws every chart (grade distribution, credit × risk, inspections before/after merging, coverage, repair timeline, rejects) and the page is not blank', async () => {
    const g = join(dir, 'grades.csv');
    const s = join(dir, 'summary.json');
    const summary = await gradeFiles({ enterprisesFile: resolve('data/sample/enterprises.csv'), eventsFile: resolve('data/sample/events.csv'), asOf: '2025-06-30', rulebook: defaultRulebook(), outFile: g, rejectsFile: join(dir, 'rejects.csv') });
    writeFileSync(s, JSON.stringify(summary));
    // Plan and notices outputs in the shapes `xinfeng plan` and `xinfeng notices` write.
    const plan = join(dir, 'plan');
    const notices = join(dir, 'notices');
    for (const d of [plan, notices]) mkdirSync(d, { recursive: true });
    writeFileSync(join(plan, 'summary.json'), JSON.stringify({ offsiteTasks: 40, visits: { beforeMerging: 120, afterMerging: 70, beforeByMonth: [10, 9, 11, 10, 12, 8, 9, 10, 11, 10, 10, 10], afterByMonth: [6, 5, 6, 6, 7, 5, 5, 6, 6, 6, 6, 6], jointInspections: 12 } }));
    writeFileSync(
      join(plan, 'plan.csv'),
      'record_type,inspection_code,inspection_id,agency,lead_agency\nonsite,C1,I1,SCJG,SCJG\nonsite,C1,I2,STHJ,SCJG\nonsite,C2,I3,STHJ,STHJ\noffsite,,I4,XFJY,XFJY\n',
    );
    writeFileSync(
      join(notices, 'notices.json'),
      JSON.stringify({ notices: [{ publication: { byPlatform: [{ repairable: true, earliestRepairDate: '2025-05-01' }] } }, { publication: { byPlatform: [{ repairable: true, earliestRepairDate: '2025-09-01' }, { repairable: true, earliestRepairDate: '2026-02-01' }] } }, { publication: { byPlatform: [{ repairable: false }] } }] }),
    );
    const html = renderReport(await collectReportData({ grades: g, summary: s, rejects: join(dir, 'rejects.csv'), planDir: plan, noticesDir: notices }));
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const { stdout } = await run(CHROMIUM, [...flags(join(dir, 'p1')), '--virtual-time-budget=5000', '--dump-dom', `file://${file}`], { timeout: 90_000, maxBuffer: 32 << 20 });
    expect(stdout).toContain('data-rendered="1"');
    const drawn = [...stdout.matchAll(/<svg class="chart"[^>]*data-drawn="(\d+)"/g)].map((m) => Number(m[1]));
    const charts = (html.match(/<svg class="chart"/g) ?? []).length;
    expect(charts).toBe(7);
    expect(drawn).toHaveLength(charts);
    for (const n of drawn) expect(n).toBeGreaterThan(0);
    const png = join(dir, 'shot.png');
    await run(CHROMIUM, [...flags(join(dir, 'p2')), '--window-size=1200,2400', `--screenshot=${png}`, `file://${file}`], { timeout: 90_000 });
    // A blank 1200×2400 page compresses to a few KiB; charts and CJK text make it far larger.
    expect(statSync(png).size).toBeGreaterThan(40_000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);
});
