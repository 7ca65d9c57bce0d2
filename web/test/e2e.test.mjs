// End-to-end tests of the officer's web application: Playwright drives
// Debian's Chromium against a real `sardesk serve --demo` (docs/web.md).
// Screenshots of each screen go to SARDESK_WEB_OUTPUT for a reviewer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const output = process.env.SARDESK_WEB_OUTPUT || path.resolve('web-test-output');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const password = 'sardesk-demo';

let server;
let browser;
let context;
let page;
const cspViolations = [];

async function screenshot(name) {
  await page.screenshot({ path: path.join(output, `${name}.png`), fullPage: true });
}

// Runs axe-core (WCAG 2.2 A and AA rules) on the page; evaluation through
// the DevTools protocol is not subject to the page's CSP.
async function assertAccessible(name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  assert.deepEqual(problems, [], `${name} has accessibility problems`);
}

async function assertNoSideways(name) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${name} scrolls sideways by ${overflow}px at 200% zoom`);
}

// Requests from the signed-in page: the session cookie and the CSRF token.
async function apiCall(method, url, options = {}) {
  const session = await (await page.request.get(`${server.url}/api/session`)).json();
  const res = await page.request.fetch(`${server.url}${url}`, { method, headers: { 'X-CSRF-Token': session.csrf_token }, ...options });
  const body = await res.json().catch(() => null);
  assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

function daysUntil(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const now = new Date();
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86400000);
}

describe('the officer web application', { concurrency: false }, () => {
  before(async () => {
    await mkdir(output, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the application at every address outside /api, with a strict CSP', async () => {
    for (const address of ['/', '/cases/SAR-2026-000001', '/requests/new']) {
      const res = await fetch(server.url + address);
      assert.equal(res.status, 200, address);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
      const html = await res.text();
      assert.match(html, /<script type="module" src="\/app-[A-Z0-9]{8}\.js"><\/script>/);
      assert.doesNotMatch(html, /<script>|onclick=|style="/, 'no inline script, handler or style');
    }
    const html = await (await fetch(server.url + '/')).text();
    const js = /src="(\/app-[A-Z0-9]{8}\.js)"/.exec(html)[1];
    const asset = await fetch(server.url + js);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type'), /^text\/javascript/);
    assert.match(asset.headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(server.url + '/app-NOTTHERE.js')).status, 404);
    assert.equal((await fetch(server.url + '/api/no-such-route')).status, 404);
  });

  it('asks for sign-in, refuses a wrong password and signs in with the keyboard', async () => {
    await page.goto(server.url + '/');
    await page.waitForURL(/\/sign-in\?next=/);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Sign in to sardesk' }).waitFor());
    await assertAccessible('the sign-in page');
    await screenshot('01-sign-in');

    await page.getByLabel('Username').fill('ava.officer');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The username or password is not right').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-error-summary');
    await screenshot('02-sign-in-error');

    // Keyboard only: Tab to the username, type, Tab, type, Enter.
    await page.goto(server.url + '/sign-in');
    await page.getByRole('heading', { name: 'Sign in to sardesk' }).waitFor();
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement.id)) !== 'username'; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'username');
    await page.keyboard.type('ava.officer');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByText('Signed in as').waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'sardesk_session');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
  });

  it('shows the dashboard: closest deadlines first, overdue unmistakable, counts by stage', async () => {
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();
    const open = await apiCall('GET', '/api/cases?open=true&limit=5000');
    const byRef = new Map(open.cases.map((c) => [c.reference, c]));
    for (const table of ['my-cases', 'team-cases']) {
      const refs = await page.locator(`table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.dataset.reference));
      const mine = table === 'my-cases';
      assert.deepEqual(refs.sort(), open.cases.filter((c) => (c.assigned_officer === 'ava.officer') === mine).map((c) => c.reference).sort());
      const shown = await page.locator(`table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.dataset.reference));
      const urgency = shown.map((r) => {
        const c = byRef.get(r);
        return Math.min(c.stage_due ? daysUntil(c.stage_due) : Infinity, c.days_remaining);
      });
      for (let i = 1; i < urgency.length; i++) assert.ok(urgency[i - 1] <= urgency[i], `${table} is in deadline order: ${shown}`);
    }
    // Overdue: said in words (not colour alone) on the row and above the lists.
    const overdue = open.cases.filter((c) => c.overdue);
    assert.ok(overdue.length > 0, 'the demo data has an overdue request');
    await page.locator('#overdue-warning').getByText(/past the statutory deadline/).waitFor();
    const row = page.locator(`tr[data-reference="${overdue[0].reference}"]`);
    assert.match(await row.innerText(), /days? overdue/);
    // Counts by stage add up to the open requests.
    const counts = await page.locator('#stage-count-list .app-counts__number').allInnerTexts();
    assert.equal(counts.map(Number).reduce((a, b) => a + b, 0), open.cases.length);
    await page.locator('#waiting-on-me').waitFor();
    await assertAccessible('the dashboard');
    await screenshot('03-dashboard');

    await page.setViewportSize({ width: 640, height: 900 });  // 1280 px at 200% zoom
    await assertNoSideways('the dashboard');
    await screenshot('03-dashboard-200-percent');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('records a new request, showing a possible existing data subject while typing', async () => {
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { name: 'Record a new request' }).waitFor();
    await page.getByRole('button', { name: 'Record the request' }).click();
    await page.getByRole('alert').getByText("Enter the data subject's full name").waitFor();

    await page.getByLabel('Subject access request (UK GDPR Article 15)').check();
    await page.getByLabel("Data subject's full name").pressSequentially('Jordan Ellis', { delay: 20 });
    const matches = page.locator('#possible-matches');
    await matches.getByText('Possible existing data subject').waitFor();
    assert.match(await matches.innerText(), /SAR-2026-000001/);
    await page.getByLabel('Date of birth (optional)').fill('1994-03-12');
    await matches.getByText('Same date of birth').waitFor();
    await page.getByLabel('Information requested').fill('Everything the council holds about me since 2020.');
    await page.getByLabel('Photo identification').selectOption('passport');
    await assertAccessible('the new request form');
    await screenshot('04-new-request');
    await page.getByRole('button', { name: 'Record the request' }).click();

    await page.locator('#created-banner').waitFor();
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    const reference = /^(SAR-\d{4}-\d{6})/.exec(heading)[1];
    const created = await apiCall('GET', `/api/cases/${reference}`);
    assert.equal(created.subject.name, 'Jordan Ellis');
    assert.equal(created.subject.dob, '1994-03-12');
    assert.equal(created.assigned_officer, 'ava.officer');
    assert.equal(created.evidence.length, 1);
    assert.equal(created.evidence[0].type, 'passport');
    assert.ok(created.possible_repeat_of.includes('SAR-2026-000001'), 'sardesk flags the repeat');
    assert.match(await page.locator('main').innerText(), /Possible repeat of SAR-2026-000001/);
  });

  it('shows a case: deadlines, next actions and why others are not possible, timeline; a move works', async () => {
    await page.goto(server.url + '/cases/SAR-2026-000001');
    await page.getByRole('heading', { name: /^SAR-2026-000001: Jordan Ellis/ }).waitFor();
    const view = await apiCall('GET', '/api/cases/SAR-2026-000001');
    const deadlines = await page.locator('#deadline-list').innerText();
    assert.match(deadlines, /Statutory deadline/);
    assert.match(deadlines, /stage due/);
    const allowed = view.next_actions.filter((a) => a.allowed);
    const blocked = view.next_actions.filter((a) => !a.allowed);
    assert.equal(await page.locator('#move-form button[data-move]').count(), allowed.length);
    for (const b of blocked) assert.ok((await page.locator('#blocked-moves').innerText()).includes(b.why_not));
    const audit = await apiCall('GET', '/api/cases/SAR-2026-000001/audit');
    assert.equal(await page.locator('#timeline-list li').count(), audit.entries.length);
    await assertAccessible('the case page');
    await screenshot('05-case');
    await page.setViewportSize({ width: 640, height: 900 });
    await assertNoSideways('the case page');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A move, with the keyboard: focus the first allowed move and press Enter.
    const target = allowed.find((a) => a.to !== 'withdrawn');
    await page.locator(`#move-form button[data-move="${target.to}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/moved=/);
    await page.getByRole('heading', { name: /^SAR-2026-000001/ }).waitFor();
    assert.equal((await apiCall('GET', '/api/cases/SAR-2026-000001')).status, target.to);
  });

  it('reviews a document: proposals as boxes, keyboard accept and reject, the redacted view', async () => {
    const reference = 'SAR-2026-000005';
    const text = 'Case note.\nCasey Morgan met Jordan Smith at 12 Acacia Avenue.\nJordan Smith can be reached on 07700 900123 or jordan.smith@example.org.\n';
    const uploaded = await apiCall('POST', `/api/cases/${reference}/documents`, {
      multipart: { file: { name: 'case-note.txt', mimeType: 'text/plain', buffer: Buffer.from(text) } },
    });
    const documentId = uploaded.uploads[0].document_id;
    for (let i = 0; i < 120; i++) {
      const docs = await apiCall('GET', `/api/cases/${reference}/documents`);
      const doc = docs.documents.find((d) => d.id === documentId);
      if (doc.status === 'ready') break;
      assert.notEqual(doc.status, 'failed', doc.error);
      await new Promise((r) => setTimeout(r, 500));
    }
    await apiCall('POST', `/api/cases/${reference}/redactions/propose`, { data: {} });
    const before = await apiCall('GET', `/api/cases/${reference}/redactions?document=${documentId}`);
    assert.ok(before.redactions.length >= 2, 'detection proposed redactions');

    await page.goto(`${server.url}/cases/${reference}`);
    await page.getByRole('link', { name: /Review/ }).first().click();
    await page.getByRole('heading', { name: 'Review case-note.txt' }).waitFor();
    await page.locator('#page-overlay .app-box').first().waitFor();
    assert.equal(await page.locator('#proposal-list li').count(), before.redactions.length);
    await page.locator('#page-image').evaluate((img) => img.decode());
    await assertAccessible('the review page');
    await screenshot('06-review');

    // j selects the first proposal, a accepts it; j then r rejects the next.
    await page.locator('h1').focus();
    await page.keyboard.press('j');
    const first = Number(await page.locator('#proposal-list [aria-current="true"]').getAttribute('data-redaction'));
    await page.locator('h1').focus();
    await page.keyboard.press('a');
    await page.locator(`#proposal-list [data-redaction="${first}"]`).getByText('Accepted').waitFor();
    await page.keyboard.press('j');
    const second = Number(await page.locator('#proposal-list [aria-current="true"]').getAttribute('data-redaction'));
    assert.notEqual(second, first);
    await page.keyboard.press('r');
    await page.locator(`#proposal-list [data-redaction="${second}"]`).getByText('Rejected').waitFor();
    const after = await apiCall('GET', `/api/cases/${reference}/redactions?document=${documentId}`);
    assert.equal(after.redactions.find((r) => r.id === first).status, 'accepted');
    assert.equal(after.redactions.find((r) => r.id === second).status, 'rejected');

    // The filter narrows the side list.
    await page.getByLabel('Status').selectOption('accepted');
    assert.equal(await page.locator('#proposal-list li').count(), 1);
    await page.getByLabel('Status').selectOption('');

    // v shows the redacted view: only accepted redactions, burnt in.
    await page.keyboard.press('v');
    await page.getByRole('button', { name: 'Show original view' }).waitFor();
    const burnt = await page.locator('#page-overlay .app-box--burnt').count();
    assert.ok(burnt >= 1);
    assert.equal(await page.locator('#page-overlay .app-box--proposed, #page-overlay .app-box--rejected').count(), 0);
    await screenshot('07-review-redacted');
    await page.keyboard.press('v');

    // Draw a new box with the mouse over the top left of the page.
    await page.getByRole('button', { name: 'Draw a new box' }).click();
    await page.locator('#page').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await page.locator('#page').boundingBox();
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.08, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((n) => document.querySelectorAll('#proposal-list li').length > n, before.redactions.length);
    const all = (await apiCall('GET', `/api/cases/${reference}/redactions?document=${documentId}`)).redactions;
    const drawn = all.filter((r) => r.source === 'officer');
    assert.equal(drawn.length, 1);
    assert.equal(drawn[0].page, 1);
    const [x0, y0, x1, y1] = drawn[0].boxes[0];
    assert.ok(x1 > x0 && y1 > y0, 'the box is in page points');
  });

  it('signs out', async () => {
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to sardesk' }).waitFor();
    const res = await page.request.get(`${server.url}/api/session`);
    assert.equal(res.status(), 401);
  });

  it('needed no inline script or style the CSP refused', () => {
    assert.deepEqual(cspViolations, []);
  });
});
