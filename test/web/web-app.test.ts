/**
 * The web app end to end, in a real chromium against a real `sluice serve`: the first admin
 * signs in, deploys a model from the modeler (after the validator's findings are drawn on a
 * broken one), starts an instance, sees its task arrive in the inbox without a reload,
 * completes it through its form-js form, and sees the instance end and the heatmap count it;
 * then analyses an uploaded CSV log and simulates a scenario against the deployed model.
 * Every main page is photographed into test/web/screenshots/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailable,
  buildWebApp,
  openBrowser,
  repo,
  type Served,
  serve,
} from './web-harness.js';

const model = readFileSync(join(repo, 'test/web/fixtures/order-approval.bpmn'), 'utf8');
const files = {
  good: join(tmpdir(), 'order-approval.bpmn'),
  // The same diagram with the user task turned into a service task that names no job type.
  broken: join(tmpdir(), 'broken-approval.bpmn'),
  log: join(tmpdir(), 'three-orders.csv'),
};
// Three cases, eight events, three activities; every case passes 'check'.
const csvLog = [
  'case,activity,timestamp,resource',
  'o1,receive,2026-03-02T09:00:00Z,ann',
  'o1,check,2026-03-02T09:30:00Z,bob',
  'o1,ship,2026-03-02T11:00:00Z,ann',
  'o2,receive,2026-03-02T10:00:00Z,ann',
  'o2,check,2026-03-02T12:00:00Z,bob',
  'o2,ship,2026-03-03T09:00:00Z,cy',
  'o3,receive,2026-03-03T08:00:00Z,cy',
  'o3,check,2026-03-03T08:45:00Z,bob',
].join('\n');

describe.runIf(browserAvailable())('the web app, in a browser', () => {
  let server: Served;
  let browser: Browser;

  beforeAll(async () => {
    buildWebApp();
    writeFileSync(files.good, model);
    writeFileSync(files.broken, model.replaceAll('bpmn:userTask', 'bpmn:serviceTask'));
    writeFileSync(files.log, csvLog);
    server = await serve();
    browser = await openBrowser(server.url);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the first admin with the set-up token and signs in', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    await browser.shot('sign-in');
    await page.getByRole('button', { name: /Create the first admin/ }).click();
    await page.getByLabel('Set-up token').fill(server.setupToken);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill('a long admin password');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    // Two scrypt hashes (set-up, sign-in) on a busy machine may take a while.
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 90_000 });
    await page.getByText('Nothing waits for you.').waitFor();
  });

  it('draws the validator’s findings on the diagram of a model that cannot deploy', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('link', { name: 'New process' }).click();
    await page.locator('.djs-container').waitFor();
    await page.getByLabel('Open a BPMN file').setInputFiles(files.broken);
    await page.locator('[data-element-id="approve"]').waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('heading', { name: 'Findings' }).waitFor();
    await expect.poll(() => page.locator('.findings').textContent()).toContain('approve');
    await page.locator('.djs-overlay .finding-badge').first().waitFor();
    await browser.shot('modeler-findings');
  });

  it('deploys a model from the modeler and shows it among the processes', async () => {
    const { page } = browser;
    await page.getByLabel('Open a BPMN file').setInputFiles(files.good);
    await page.locator('[data-element-id="approve"]').click();
    await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Sluice' }).click();
    await page.getByLabel('SLA', { exact: true }).waitFor();
    await browser.shot('modeler');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('status').getByRole('link', { name: 'order-approval version 1' }).click();
    await page.getByRole('heading', { name: 'Order approval · version 1' }).waitFor();
    await page.locator('[data-element-id="approve"]').waitFor();
    await browser.shot('process-version');
    await page.getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('row', { name: /order-approval/ }).waitFor();
    await browser.shot('processes');
  });

  it('starts an instance whose task arrives in the open inbox without a reload', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Nothing waits for you.').waitFor();
    // Started from outside the page (with the same session), so only the live stream can tell it.
    const csrf = (await browser.context.cookies()).find((c) => c.name === 'sluice_csrf')!.value;
    const answer = await browser.context.request.post('/api/v1/instances', {
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      data: { processId: 'order-approval', businessKey: 'A-1002' },
    });
    const started = (await answer.json()) as { instanceId: string };
    expect(started.instanceId).toBeTruthy();
    const card = page.getByRole('link', { name: /Approve order/ });
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent()).toContain('On track');
    await browser.shot('inbox');
  });

  it('completes the task through its form, and the instance ends', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: /Approve order/ }).click();
    await page.locator('.fjs-container').waitFor();
    await page.getByLabel('Approve the order').check();
    await page.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Some fields need attention');
    await page.getByLabel('Note for the customer').fill('Shipped tomorrow');
    await browser.shot('task-form');
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByText('Nothing waits for you.').waitFor({ timeout: 15_000 });

    await page.getByRole('link', { name: 'Instances' }).click();
    await page.getByRole('link', { name: /…$/ }).first().click();
    await expect
      .poll(() => page.getByTestId('instance-state').textContent(), { timeout: 15_000 })
      .toBe('completed');
    await page.getByRole('cell', { name: '"Shipped tomorrow"' }).waitFor();
    await page.locator('.djs-element.path-taken[data-element-id="done"]').waitFor();
    await browser.shot('instance');
    await page.getByRole('link', { name: 'Instances' }).click();
    await page.getByRole('table').waitFor();
    await browser.shot('instances');
  });

  it('counts the completed task on the heatmap the server computes, and on its process map', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Analytics' }).click();
    const heatmap = page.waitForResponse((r) =>
      r.url().includes('/api/v1/insight/processes/order-approval/heatmap'),
    );
    await page.getByLabel('Process').selectOption('order-approval');
    const served = (await (await heatmap).json()) as { elements: { elementId: string; frequency: number }[] };
    expect(served.elements.find((e) => e.elementId === 'approve')?.frequency).toBe(1);
    await page.locator('.djs-overlay .heat-label').first().waitFor();
    await expect
      .poll(() => page.locator('[data-container-id="approve"] .heat-label').textContent())
      .toBe('1');
    await browser.shot('analytics-heatmap');
    await page.getByRole('tab', { name: 'Process map' }).click();
    await expect
      .poll(() => page.locator('.map-node[data-activity="Approve order"] .map-count').textContent())
      .toBe('1');
    await browser.shot('analytics-process-map');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Variants' }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('tab', { name: 'Cycle time' }).click();
    await page.locator('.chart svg').waitFor();
    await browser.shot('analytics-cycle-time');
    await page.getByRole('tab', { name: 'Workload' }).click();
    await page.getByRole('heading', { name: 'Per person' }).waitFor();
    await browser.shot('analytics-workload');
  });

  it('analyses an uploaded CSV event log with the same panels', async () => {
    const { page } = browser;
    await page.goto('/analytics');
    await page.getByLabel('Event log (XES, .xes.gz or CSV)').setInputFiles(files.log);
    await page.getByRole('button', { name: 'Analyse the log' }).click();
    await expect
      .poll(() => page.getByTestId('log-figures').textContent(), { timeout: 20_000 })
      .toBe('3 cases, 8 events, 3 activities');
    await page.getByRole('tab', { name: 'Process map' }).click();
    await expect
      .poll(() => page.locator('.map-node[data-activity="check"] .map-count').textContent())
      .toBe('3');
    await browser.shot('analytics-log');
  });

  it('simulates a scenario against the deployed model and compares it with the baseline', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Simulation' }).click();
    await page.getByRole('heading', { name: 'Simulation' }).waitFor();
    await page.getByRole('combobox', { name: /^Process/ }).selectOption('order-approval');
    const scenario = page.getByLabel(/^Scenario \(JSON/);
    await expect.poll(() => scenario.inputValue()).toContain('"approve"');
    const tiny = { ...(JSON.parse(await scenario.inputValue()) as object), cases: 60, warmUp: 0 };
    await scenario.fill(JSON.stringify(tiny, null, 2));
    await page.getByLabel('Runs').fill('3');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    const figures = page.getByTestId('simulation-figures');
    await figures.getByRole('columnheader', { name: 'one more person' }).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => figures.getByRole('row', { name: /Cycle time \(mean\)/ }).textContent())
      .toMatch(/min|h|s/);
    await page.locator('.chart svg').first().waitFor();
    await browser.shot('simulation');
  });

  it('gives a user skills on the admin page', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Admin' }).click();
    const skills = page.getByRole('textbox', { name: 'Skills of ada' });
    await skills.fill('network:6');
    await page.getByRole('button', { name: 'Save the skills of ada' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain("'network:6' is not a skill");
    await skills.fill('network:3, linux:2');
    await page.getByRole('button', { name: 'Save the skills of ada' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.reload();
    const stored = async (): Promise<string[]> =>
      (await page.getByRole('textbox', { name: 'Skills of ada' }).inputValue()).split(', ').sort();
    await expect.poll(stored).toEqual(['linux:2', 'network:3']);
    await browser.shot('admin');
  });

  it('suspends an instance from its page with a reason, and resumes it', async () => {
    const { page } = browser;
    const csrf = (await browser.context.cookies()).find((c) => c.name === 'sluice_csrf')!.value;
    const answer = await browser.context.request.post('/api/v1/instances', {
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      data: { processId: 'order-approval', businessKey: 'A-1003' },
    });
    const { instanceId } = (await answer.json()) as { instanceId: string };
    await page.goto(`/instances/${instanceId}`);
    await page.getByRole('heading', { name: 'Operator' }).waitFor();
    await page.getByLabel('Reason (recorded in the history)').fill('customer on hold');
    await page.getByRole('button', { name: 'Suspend instance' }).click();
    await page.getByRole('button', { name: 'Resume instance' }).waitFor();
    await page.getByText('instance.suspended').waitFor();
    await browser.shot('instance-operator');
    await page.getByRole('button', { name: 'Resume instance' }).click();
    await page.getByRole('button', { name: 'Suspend instance' }).waitFor();
    await page.getByText('instance.resumed').waitFor();
  });

  it('photographs the remaining pages and the inbox at phone width', async () => {
    const { page } = browser;
    for (const [path, name, heading] of [['/decisions', 'decisions', /Decisions/]] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await browser.shot(name);
    }
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await browser.shot('inbox-phone');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('reports no script errors or refused content', () => {
    expect(browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
