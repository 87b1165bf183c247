import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReporter } from '../../src/report/html.js';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { daysAgo, memoryWorkspace, topic } from '../helpers/memory.js';
import { json, tempDir } from '../helpers/tree.js';
import { hostileReport } from '../report/sample-report.js';

/** Debian's chromium (`apt-get install -y chromium`); .ci/run installs it. Never skipped: a missing browser is a failure. */
const CHROMIUM = '/usr/bin/chromium';
// As root in a container, with no network: no sandbox, no background connections that would be refused.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: this test opens the HTML report in Debian's Chromium. Install it with \`apt-get install -y chromium\` (.ci/run does this).`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Console errors and warnings, page errors, and every request that was not the report file itself. */
  problems: string[];
}

async function open(file: string): Promise<Opened> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const visibleRows = (page: Page) => page.locator('#findings-table tbody tr:visible').count();

/** A real audit: two commits in the window, permission findings of several severities, a memory store. */
async function auditedReport(): Promise<{ html: string; findings: { ruleId: string; severity: string }[] }> {
  const now = new Date();
  const w = memoryWorkspace({
    'MEMORY.md': '- [Old](project_old.md) — old\n',
    'project_old.md': topic({ name: 'old', type: 'project', modified: daysAgo(200, now) }),
  });
  const settings = (allow: string[]) => json({ permissions: { allow, deny: ['Read(./.env)'] } });
  await makeRepo(w.root, [
    { author: 'Ada', date: daysAgo(4, now), message: 'Allow tests', files: { '.claude/settings.json': settings(['Bash(npm test)']) } },
    { author: 'Grace', date: daysAgo(2, now), message: 'Allow curl and sudo', files: { '.claude/settings.json': settings(['Bash(npm test)', 'Bash(curl:*)', 'Bash(sudo:*)', 'Bash(npm test)']) } },
  ]);
  const html = path.join(w.base, 'weekly.html');
  const jsonFile = path.join(w.base, 'audit.json');
  const r = await cli(['audit', w.root, '--home', w.home, '--managed-dir', w.managedDir, '--state-dir', w.stateDir, '--fail-on', 'never', '--report', `html:${html}`, '--report', `json:${jsonFile}`]);
  expect(r.code).toBe(0);
  return { html, findings: JSON.parse(readFileSync(jsonFile, 'utf8')).findings };
}

describe('the HTML report in headless Chromium', () => {
  it('renders the index chart and every finding, and filters by auditor, severity and newness, with no console error or request', async () => {
    const { html, findings } = await auditedReport();
    const auditors = [...new Set(findings.map((f) => f.ruleId.split('/')[0]!))];
    expect(auditors.length).toBeGreaterThan(1);
    const { page, problems } = await open(html);

    const chart = page.locator('#index-chart');
    expect(await chart.isVisible()).toBe(true);
    expect((await chart.boundingBox())!.width).toBeGreaterThan(300);
    expect(await page.locator('#index-chart circle.point').count()).toBe(2);
    expect(await page.locator('#index-chart path.series').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ H/);

    expect(await page.locator('#filters').isVisible()).toBe(true);
    expect(await visibleRows(page)).toBe(findings.length);
    expect(await page.locator('#filter-count').textContent()).toBe(`${findings.length} of ${findings.length} findings shown`);

    await page.selectOption('#filter-auditor', 'permissions');
    const permissions = findings.filter((f) => f.ruleId.startsWith('permissions/'));
    expect(await visibleRows(page)).toBe(permissions.length);
    for (const text of await page.locator('#findings-table tbody tr:visible td:nth-child(3)').allTextContents()) expect(text).toMatch(/^permissions\//);

    await page.selectOption('#filter-severity', 'error');
    expect(await visibleRows(page)).toBe(permissions.filter((f) => f.severity === 'error').length);
    expect(await page.locator('#filter-count').textContent()).toBe(`${permissions.filter((f) => f.severity === 'error').length} of ${findings.length} findings shown`);

    await page.selectOption('#filter-auditor', '');
    await page.selectOption('#filter-severity', 'warning');
    expect(await visibleRows(page)).toBe(findings.filter((f) => f.severity === 'warning').length);

    // The first audit with this state dir: every finding is new, so "new only" hides none.
    await page.selectOption('#filter-severity', '');
    await page.check('#filter-new');
    expect(await visibleRows(page)).toBe(findings.length);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps attacker-controlled text inert: injected markup shows as text and never runs', async () => {
    const file = path.join(tempDir(), 'hostile.html');
    writeFileSync(file, htmlReporter(hostileReport(), { color: false }));
    const { page, problems } = await open(file);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, iframe, link, body svg:not(#index-chart)').count()).toBe(0);
    expect(await page.locator('#findings-table').textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('#changes').textContent()).toContain('<script>window.__pwned=5</script>');
    // Its own script still runs (allowed by hash): the filters show and work.
    expect(await page.locator('#filters').isVisible()).toBe(true);
    await page.selectOption('#filter-auditor', 'evil');
    expect(await visibleRows(page)).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs nothing the CSP does not allow: an extra inline script is refused', async () => {
    const file = path.join(tempDir(), 'tampered.html');
    writeFileSync(file, htmlReporter(hostileReport(), { color: false }).replace('</body>', '<script>window.__pwned = 42;</script></body>'));
    const { page, problems } = await open(file);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(problems.some((p) => /Content Security Policy/i.test(p))).toBe(true);
    await page.close();
  });
});
