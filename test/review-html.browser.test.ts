// The HTML access review in a real headless Chromium (Debian's `chromium`, driven by
// puppeteer-core): what a reviewer sees on the company1 model (SCENARIO.md). Sara-intern's row
// shows only List access on company1-logs (s3:ListBucket); IT's administrator sarah is flagged
// administrator-equivalent in the summary with AdministratorAccess; typing in the principal
// filter hides the other principals; clicking a cell opens its explanation with the statement
// and its source; the page makes no network request and throws no error.
//
// Chromium missing is a failure with a clear message (CI installs it, see .ci/run), unless
// IAMSPEC_SKIP_BROWSER=1. IAMSPEC_CHROMIUM overrides the path (default /usr/bin/chromium).

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { Matrix, MatrixJson, RiskFinding } from '../src/analysis/types.js';
import { loadModel } from '../src/index.js';
import { formatSource } from '../src/model/source.js';
import { messageWithoutListedReasons } from '../src/report/finding-message.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { compileModel } from '../src/engine/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { matrixPrincipalLabel, statementWithSource } from '../src/report/matrix-labels.js';
import { accessReviewHtml } from '../src/report/html/review-api.js';
import { REVIEW_MATRIX_OPTIONS } from '../src/report/review-matrix.js';
import { modelOf } from './fixtures/cfn/load.js';
import { maybeOpenBucket } from './helpers/cfn-templates.js';
import { buildCompany1 } from './helpers/company1.js';
import { EVIL, sampleMatrix, sampleRisks } from './helpers/matrix-fixtures.js';
import { writeTempFile } from './helpers/temp-inputs.js';

// Minimal typings of the DOM used by the functions that run in the page (the project compiles
// without lib "dom", so that browser globals cannot creep into the Node code).
interface DomElement {
  id: string;
  scrollTop: number;
  scrollLeft: number;
  scrollHeight: number;
  scrollWidth: number;
  focus(): void;
  value: string;
  textContent: string | null;
  innerText: string;
  firstChild: DomElement | null;
  parentElement: DomElement | null;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): DomElement[];
  dispatchEvent(event: Event): boolean;
}
declare const document: {
  activeElement: DomElement | null;
  getElementById(id: string): DomElement | null;
  querySelectorAll(selector: string): DomElement[];
};
declare function getComputedStyle(element: DomElement): { visibility: string };
declare const performance: { getEntriesByName(name: string): { startTime: number }[] };
declare function requestAnimationFrame(callback: () => void): number;

const CHROMIUM = process.env.IAMSPEC_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = process.env.IAMSPEC_SKIP_BROWSER === '1';

interface CellView {
  resource: string;
  /** Visible level marks that are not deny: `List:allow`... */
  access: string[];
  titles: string[];
}

describe.skipIf(SKIP)('HTML access review in headless Chromium (company1)', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium), ` +
          'set IAMSPEC_CHROMIUM to its path, or set IAMSPEC_SKIP_BROWSER=1 to skip the browser test.',
      );
    }
    const html = accessReviewHtml(compileModel(buildCompany1()), {
      title: 'company1 access review',
      generatedAt: '2026-01-01T00:00:00.000Z',
      inputs: ['test/helpers/company1.ts'],
    });
    const file = writeTempFile('review.html', html, 'iamspec-review-');
    const { launch } = await import('puppeteer-core');
    browser = await launch({
      executablePath: CHROMIUM,
      headless: true,
      // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** What the row of `principal` shows, per resource column (visible cells only). */
  async function rowView(principal: string): Promise<CellView[]> {
    return page.evaluate((label) => {
      const table = document.getElementById('matrix')!;
      const levels = [...document.querySelectorAll('input[name="level"]')].map((i) =>
        (i.parentElement!.textContent ?? '').trim().replace(/ \(.\)$/, ''),
      );
      const row = [...table.querySelectorAll('tbody tr.principal')].find((r) =>
        r.querySelector('th')!.textContent!.startsWith(label),
      );
      if (!row) throw new Error(`no row for ${label}`);
      return [...row.querySelectorAll('td[data-r]')]
        .filter((td) => (td as unknown as DomElement).offsetParent !== null)
        .map((td) => {
          const head = table.querySelector(`thead th[data-r="${td.getAttribute('data-r')}"]`)!;
          const badges = [...td.querySelectorAll('.lv')].filter(
            (b) =>
              getComputedStyle(b as unknown as DomElement).visibility !== 'hidden' &&
              b.getAttribute('data-access') !== 'deny',
          );
          return {
            resource: (head.firstChild!.textContent ?? '').trim(),
            access: badges.map(
              (b) => `${levels[Number(b.getAttribute('data-level'))]}:${b.getAttribute('data-access')}`,
            ),
            titles: badges.map((b) => b.getAttribute('title') ?? ''),
          };
        });
    }, principal);
  }

  async function visiblePrincipals(): Promise<string[]> {
    return page.$$eval('#matrix tbody tr.principal', (rows) =>
      rows
        .filter((r) => (r as unknown as DomElement).offsetParent !== null)
        .map((r) => r.querySelector('th')!.firstChild!.textContent!.trim()),
    );
  }

  it('shows Sara-intern with List access on company1-logs only (s3:ListBucket)', async () => {
    const view = await rowView('user/Sara-intern');
    // the roles are columns too, as `iamspec matrix --format html` shows them (report/review-matrix.ts)
    expect(view.map((c) => c.resource)).toEqual([
      'company1-hr',
      'company1-logs',
      'company1-sales',
      'company1-uploads',
      'Company1-Logs-Role',
      'JohnUploadRole',
    ]);
    const withAccess = view.filter((c) => c.access.length);
    expect(withAccess.map((c) => [c.resource, c.access])).toEqual([['company1-logs', ['List:allow']]]);
    expect(withAccess[0]!.titles[0]).toContain('s3:ListBucket');
    // a row with more access, to show the view tells them apart: john lists and reads company1-logs
    const john = await rowView('user/john');
    expect(john.find((c) => c.resource === 'company1-logs')!.access).toEqual(
      expect.arrayContaining(['List:allow', 'Read:allow']),
    );
  });

  it("flags IT's administrator sarah as administrator-equivalent, with AdministratorAccess", async () => {
    const summary = await page.$eval('section.risk[data-kind="admin-equivalent"]', (s) => ({
      subjects: [...s.querySelectorAll('tbody th')].map((th) => th.textContent!.trim()),
      // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
      text: (s as unknown as DomElement).innerText,
    }));
    expect(summary.subjects).toEqual(['user/sarah']);
    expect(summary.text).toContain('AdministratorAccess');
    const count = await page.$eval('a[href="#risk-admin-equivalent"]', (a) => a.parentElement!.textContent);
    expect(count).toBe('Administrator-equivalent principals: 1');
  });

  it('typing in the principal filter hides the other principals', async () => {
    expect(await visiblePrincipals()).toHaveLength(6);
    await page.type('#filter-principal', 'intern');
    expect(await visiblePrincipals()).toEqual(['user/Sara-intern']);
    expect(await page.$eval('#status', (s) => s.textContent)).toBe(
      'Showing 1 of 6 principals and 6 of 6 resources.',
    );
    // the resource filter hides columns; hiding empty rows and columns leaves her one cell
    await page.type('#filter-resource', 'company1-');
    await page.click('#hide-empty');
    expect((await rowView('user/Sara-intern')).map((c) => c.resource)).toEqual(['company1-logs']);
    await page.click('#hide-empty');
    await page.$eval('#filter-resource', (i) => {
      (i as unknown as DomElement).value = '';
      i.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // clearing the principal filter shows everybody again
    await page.$eval('#filter-principal', (i) => {
      (i as unknown as DomElement).value = '';
      i.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await visiblePrincipals()).toHaveLength(6);
  });

  it('the access filter hides the marks of unchecked access values', async () => {
    await page.click('input[name="access"][value="allow"]');
    expect((await rowView('user/Sara-intern')).every((c) => c.access.length === 0)).toBe(true);
    await page.click('input[name="access"][value="allow"]');
    expect((await rowView('user/Sara-intern')).filter((c) => c.access.length)).toHaveLength(1);
  });

  it('clicking a cell shows its explanation: the action, the statement and its source; again hides it', async () => {
    const button = await page.$$eval('#matrix tbody tr.principal', (rows) => {
      const row = rows.find((r) => r.querySelector('th')!.textContent!.startsWith('user/Sara-intern'))!;
      const heads = [...document.querySelectorAll('#matrix thead th[data-r]')];
      const r = heads.find((h) => h.firstChild!.textContent === 'company1-logs')!.getAttribute('data-r');
      return row.querySelector(`button[data-r="${r}"]`)!.id;
    });
    await page.click(`#${button}`);
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
    const detail = await page.$eval('tr.detail', (d) => (d as unknown as DomElement).innerText);
    expect(detail).toContain('user/Sara-intern on company1-logs');
    expect(detail).toContain('List: allow');
    expect(detail).toContain('s3:ListBucket');
    // the statements that grant it: the Developers group's logs policy and the intern boundary,
    // each with its source (test/helpers/company1.ts names the file company1.ts)
    expect(detail).toMatch(
      /Allow identity policy "Company1-Logs-Policy[^"]*", Statement\[0\] at company1\.ts/,
    );
    expect(detail).toMatch(
      /Allow permissions boundary "InternBoundaryPolicy[^"]*", Statement\[0\] at company1\.ts/,
    );
    expect(detail).toContain('Read, Write, Permissions management, Tagging: deny');
    expect(await page.$eval(`#${button}`, (b) => b.getAttribute('aria-expanded'))).toBe('true');
    await page.click(`#${button}`);
    expect(await page.$('tr.detail')).toBeNull();
    expect(await page.$eval(`#${button}`, (b) => b.getAttribute('aria-expanded'))).toBe('false');
  });

  it("collapses a long list of actions (sarah's Read on company1-logs) after the first few", async () => {
    const button = await page.$$eval('#matrix tbody tr.principal', (rows) => {
      const row = rows.find((r) => r.querySelector('th')!.textContent!.startsWith('user/sarah'))!;
      const heads = [...document.querySelectorAll('#matrix thead th[data-r]')];
      const r = heads.find((h) => h.firstChild!.textContent === 'company1-logs')!.getAttribute('data-r');
      return row.querySelector(`button[data-r="${r}"]`)!.id;
    });
    await page.click(`#${button}`);
    const summaries = await page.$$eval('tr.detail details.more-actions > summary', (list) =>
      list.map((x) => x.textContent),
    );
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries[0]).toMatch(/^and \d+ more actions$/);
    await page.click(`#${button}`);
  });

  it('shows the role chain of john through JohnUploadRole', async () => {
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
    const chains = await page.$eval('#role-chains', (s) => (s as unknown as DomElement).innerText);
    expect(chains).toContain('user/john → role/JohnUploadRole');
  });

  it('shows the added Read access when the intern boundary also allows s3:GetObject (a mutation)', async () => {
    const mutated = await browser.newPage();
    try {
      const html = accessReviewHtml(compileModel(buildCompany1({ internBoundaryGetObject: true })), {
        generatedAt: '2026-01-01T00:00:00.000Z',
      });
      await mutated.setContent(html, { waitUntil: 'load' });
      const logs = await mutated.evaluate(() => {
        const row = [...document.querySelectorAll('#matrix tbody tr.principal')].find((r) =>
          r.querySelector('th')!.textContent!.startsWith('user/Sara-intern'),
        )!;
        const heads = [...document.querySelectorAll('#matrix thead th[data-r]')];
        const r = heads.find((h) => h.firstChild!.textContent === 'company1-logs')!.getAttribute('data-r');
        return [...row.querySelectorAll(`td[data-r="${r}"] .lv:not(.deny)`)].map((b) =>
          b.getAttribute('title'),
        );
      });
      expect(logs).toHaveLength(2);
      expect(logs[1]).toMatch(/^Read: allow \(.*s3:GetObject/);
    } finally {
      await mutated.close();
    }
  });

  it('an indeterminate cell says why (its reasons, their kinds in the mark title) and the explain command', async () => {
    const page2 = await browser.newPage();
    try {
      // reader's Read on maybe-open rests on a bucket policy statement that exists only when the
      // parameter Open (no default) is "yes": indeterminate
      const model = modelOf(
        maybeOpenBucket(
          '{ AWS: !GetAtt Reader.Arn }',
          `  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
`,
        ),
      );
      await page2.setContent(accessReviewHtml(compileModel(model), { generatedAt: 'now' }), {
        waitUntil: 'load',
      });
      const id = await page2.evaluate(() => {
        const td = [...document.querySelectorAll('#matrix tbody tr.principal td[data-r]')].find((t) =>
          t.querySelector('.lv[data-access="indeterminate"]'),
        );
        return td!.querySelector('button')!.id;
      });
      await page2.click(`#${id}`);
      // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
      const detail = await page2.$eval('tr.detail', (d) => (d as unknown as DomElement).innerText);
      expect(detail).toContain('Read: indeterminate');
      // the reason: the bucket policy statement that might not exist, and where its condition is
      expect(detail).toContain('Indeterminate because:');
      expect(detail).toMatch(/statement might not exist: Allow might apply: it might not exist \(.*Open/);
      expect(detail.match(/Indeterminate: the reasons above are what the access depends on/g)).toHaveLength(
        1,
      );
      const title = await page2.$eval(
        `#${id} .lv[data-access="indeterminate"]`,
        (s) => (s as unknown as { title: string }).title,
      );
      expect(title).toContain('why: statement might not exist');
      expect(detail).toContain(
        'iamspec explain INPUT --principal arn:aws:iam::111122223333:role/reader --action s3:GetObject --resource arn:aws:s3:::maybe-open (an object action: --resource arn:aws:s3:::maybe-open/KEY)',
      );
    } finally {
      await page2.close();
    }
  });

  it('renders names from templates as text: no markup or script injection', async () => {
    const evilPage = await browser.newPage();
    const dialogs: string[] = [];
    evilPage.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    try {
      await evilPage.setContent(
        renderAccessReview({ matrix: sampleMatrix(), risks: sampleRisks(), title: EVIL, generatedAt: 'now' }),
        { waitUntil: 'load' },
      );
      expect(await evilPage.title()).toBe(EVIL);
      expect(await evilPage.$$('img')).toHaveLength(0);
      const header = await evilPage.$eval(
        '#matrix tbody tr[data-p="3"] th',
        (th) => th.firstChild!.textContent,
      );
      expect(header).toBe(`role/${EVIL}`);
      await evilPage.click('#cell-3-2');
      // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
      const detail = await evilPage.$eval('tr.detail', (d) => (d as unknown as DomElement).innerText);
      expect(detail).toContain(`Sid "${EVIL}"`);
      expect(detail).toContain(`at ${EVIL}.json:1:1`);
      expect(dialogs).toEqual([]);
    } finally {
      await evilPage.close();
    }
  });

  it("marks the levels a diff changes (the review of a diff's new state)", async () => {
    const diffPage = await browser.newPage();
    try {
      await diffPage.setContent(
        renderAccessReview({
          matrix: sampleMatrix(),
          risks: [],
          generatedAt: 'now',
          changes: {
            headline: '1 principal gains access',
            cells: { '0:0': { 0: 'added' }, '0:1': { 1: 'removed' } },
            principals: [],
            notes: [],
          },
        }),
        { waitUntil: 'load' },
      );
      const marks = await diffPage.$$eval('#matrix .lv.chg', (list) =>
        list.map((m) => [m.closest('button')!.id, m.getAttribute('data-change'), m.getAttribute('title')]),
      );
      expect(marks).toEqual([
        ['cell-0-0', 'added', 'List: allow (s3:ListBucket) (added by the change)'],
        ['cell-0-1', 'removed', 'Read: deny (removed by the change)'],
      ]);
      expect(await diffPage.$eval('#cell-0-1', (b) => b.getAttribute('aria-label'))).toBe(
        'user/Sara-intern on company1-hr: no access. Changed: Read removed. Show the explanation',
      );
    } finally {
      await diffPage.close();
    }
  });

  it('works offline: no request beyond the file itself, and no script error', () => {
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

/**
 * The same page at a size where only part of the matrix can be in the document (a synthetic
 * organisation of bench/generate-org.ts, as bench/review-html.bench.ts opens at 5,000 × 2,000):
 * rows and columns appear as the matrix scrolls, the filters narrow the rows from the data, a
 * cell's explanation appears when it is opened, and the keyboard moves between cells.
 */
describe.skipIf(SKIP)('HTML access review of a synthetic organisation in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let matrix: Matrix;
  let risks: RiskFinding[];
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM} (see the first test of this file)`);
    const { model } = generateOrg({ principals: 400, resources: 150, policies: 800, seed: 5 });
    const engine = compileModel(model);
    matrix = buildMatrix(engine);
    risks = reviewRisks(engine, matrix);
    const html = renderAccessReview({ matrix, risks, generatedAt: 'now' });
    const file = writeTempFile('review.html', html, 'iamspec-review-org-');
    const { launch } = await import('puppeteer-core');
    browser = await launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const drawnRows = () =>
    page.$$eval('#matrix tbody tr.principal', (rows) => rows.map((r) => Number(r.getAttribute('data-p'))));
  const drawnColumns = () =>
    page.$$eval('#matrix thead th[data-r]', (heads) => heads.map((h) => Number(h.getAttribute('data-r'))));
  /** Scrolls the matrix and waits for the frame that draws what came into view. */
  async function scrollMatrix(top: number | 'end', left: number | 'end'): Promise<void> {
    await page.evaluate(
      (t, l) => {
        const s = document.getElementById('matrix-scroll')!;
        s.scrollTop = t === 'end' ? s.scrollHeight : (t as number);
        s.scrollLeft = l === 'end' ? s.scrollWidth : (l as number);
      },
      top,
      left,
    );
    await page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
  }
  async function setFilter(id: string, value: string): Promise<void> {
    await page.$eval(
      `#${id}`,
      (i, v) => {
        (i as unknown as DomElement).value = v as string;
        i.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );
  }

  it('draws only the rows and columns in view, and the others as the matrix scrolls', async () => {
    expect(await page.evaluate(() => performance.getEntriesByName('iamspec-review-drawn').length)).toBe(1);
    const rows = await drawnRows();
    const columns = await drawnColumns();
    expect(rows[0]).toBe(0);
    expect(columns[0]).toBe(0);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(columns.length).toBeLessThan(40);
    expect(
      await page.$eval('#matrix', (t) => [t.getAttribute('aria-rowcount'), t.getAttribute('aria-colcount')]),
    ).toEqual(['401', '151']);
    await scrollMatrix('end', 'end');
    const last = await drawnRows();
    expect(last).toContain(399);
    expect(last).not.toContain(0);
    expect(await drawnColumns()).toContain(149);
    // the last row is labelled as the matrix labels it, with its ARN as title
    const label = await page.$eval('#matrix tbody tr.principal[data-p="399"] th', (th) => [
      th.firstChild!.textContent,
      th.getAttribute('title'),
    ]);
    expect(label).toEqual([matrixPrincipalLabel(matrix.principals[399]!), matrix.principals[399]!.arn]);
    await scrollMatrix(0, 0);
    expect((await drawnRows())[0]).toBe(0);
  });

  it('the principal filter narrows the rows from the data (not only those drawn)', async () => {
    const query = 'user-1';
    const expected = matrix.principals.filter((p) =>
      `${matrixPrincipalLabel(p)} ${p.arn} ${p.kind}`.toLowerCase().includes(query),
    );
    expect(expected.length).toBeGreaterThan(60); // more than one screen
    await setFilter('filter-principal', query);
    expect(await page.$eval('#status', (s) => s.textContent)).toBe(
      `Showing ${expected.length} of 400 principals and 150 of 150 resources.`,
    );
    const shown = await page.$$eval('#matrix tbody tr.principal th', (ths) =>
      ths.map((th) => th.firstChild!.textContent),
    );
    expect(shown.length).toBeLessThan(expected.length);
    expect(shown).toEqual(expected.slice(0, shown.length).map((p) => matrixPrincipalLabel(p, matrix)));
    await scrollMatrix('end', 0);
    const end = await page.$$eval('#matrix tbody tr.principal th', (ths) =>
      ths.map((th) => th.firstChild!.textContent),
    );
    expect(end.at(-1)).toBe(matrixPrincipalLabel(expected.at(-1)!));
    await setFilter('filter-principal', '');
    await scrollMatrix(0, 0);
  });

  it('hiding rows and columns without shown access counts them from every cell', async () => {
    await page.click('#hide-empty');
    await page.click('input[name="access"][value="conditional"]');
    await page.click('input[name="access"][value="indeterminate"]');
    // what is left: rows and columns with an allow at some level
    const rows = matrix.principals.filter((_, p) =>
      matrix.cells.row(p).some((c) => c.some((l) => l.access === 'allow')),
    );
    const columns = matrix.resources.filter((_, r) =>
      matrix.cells.toJSON().some((row) => row[r]!.some((l) => l.access === 'allow')),
    );
    // and the status says what the access filter hides
    expect(await page.$eval('#status', (s) => s.textContent)).toBe(
      `Showing ${rows.length} of 400 principals and ${columns.length} of 150 resources. Not shown by the filters: conditional, indeterminate access.`,
    );
    await page.click('input[name="access"][value="conditional"]');
    await page.click('input[name="access"][value="indeterminate"]');
    await page.click('#hide-empty');
    expect(await page.$eval('#status', (s) => s.textContent)).toBe(
      'Showing 400 of 400 principals and 150 of 150 resources.',
    );
  });

  it("opens a cell's explanation: its actions and the statements that grant them, with their sources", async () => {
    // a cell with access far from the top-left corner, brought into view by the filters
    let p = matrix.principals.length - 1;
    let r = -1;
    for (; p >= 0 && r < 0; p--)
      r = matrix.cells.row(p).findLastIndex((c) => c.some((l) => l.access !== 'deny'));
    p++;
    const principal = matrix.principals[p]!;
    const resource = matrix.resources[r]!;
    await setFilter('filter-principal', principal.arn);
    await setFilter('filter-resource', resource.arn);
    expect(await drawnRows()).toEqual([p]);
    expect(await drawnColumns()).toEqual([r]);
    await page.click(`#cell-${p}-${r}`);
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a reviewer sees
    const detail = await page.$eval(`#detail-${p}`, (d) => (d as unknown as DomElement).innerText);
    const cell = matrix.cells.at(p, r);
    const level = cell.findIndex((l) => l.access !== 'deny');
    expect(detail).toContain(`${matrix.levels[level]}: ${cell[level]!.access}`);
    expect(detail).toContain(cell[level]!.actions[0]!.action);
    for (const grant of cell[level]!.grants) expect(detail).toContain(statementWithSource(grant));
    expect(await page.$eval(`#cell-${p}-${r}`, (b) => b.getAttribute('aria-expanded'))).toBe('true');
    await page.click(`#cell-${p}-${r}`);
    expect(await page.$(`#detail-${p}`)).toBeNull();
    await setFilter('filter-principal', '');
    await setFilter('filter-resource', '');
    await scrollMatrix(0, 0);
  });

  it('the arrow keys, Home and End move between cells, drawing the ones out of view', async () => {
    await page.focus('#cell-0-0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('cell-1-1');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('cell-1-149');
    await page.keyboard.down('Control');
    await page.keyboard.press('End');
    await page.keyboard.up('Control');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('cell-399-149');
    // one cell in the tab order: Tab enters the matrix once, the keys move within it
    expect(await page.$$eval('#matrix button.cell[tabindex="0"]', (list) => list.map((b) => b.id))).toEqual([
      'cell-399-149',
    ]);
    await page.keyboard.press('Enter');
    expect(await page.$('#detail-399')).not.toBeNull();
    await page.keyboard.press('Enter');
    expect(await page.$('#detail-399')).toBeNull();
  });

  it('long lists of findings show their first entries, and the others on request', async () => {
    const sections = await page.$$eval('section.risk', (list) =>
      list.map((s) => ({
        kind: s.getAttribute('data-kind')!,
        rows: s.querySelectorAll('tbody tr').length,
        more: s.querySelector('button.show-more')?.textContent ?? null,
      })),
    );
    const long = sections.find((s) => s.more);
    expect(long).toBeDefined();
    expect(long!.rows).toBe(100);
    const total = 100 + Number(/Show the other (\d+) findings/.exec(long!.more!)![1]);
    expect(total).toBe(risks.filter((f) => f.kind === long!.kind).length);
    await page.click(`section.risk[data-kind="${long!.kind}"] button.show-more`);
    const rows = await page.$$eval(`section.risk[data-kind="${long!.kind}"] tbody tr`, (list) =>
      list.map((r) => ({
        cells: r.querySelectorAll(':scope > td, :scope > th').length,
        severity: r.querySelector('.sev')?.textContent,
        subject: r.querySelector('th[scope="row"]')?.getAttribute('title'),
        // the finding's words (an indeterminate finding's reasons follow in a list: ul.why)
        message: r.querySelectorAll(':scope > td')[1]?.firstChild?.textContent,
        statements: r.querySelectorAll('ul.refs > li > span.src').length,
      })),
    );
    // the rows drawn from the data are made like the first ones, and say what the findings say
    const sorted = (list: typeof rows) =>
      list.map((x) => `${x.cells} ${x.severity} ${x.subject} ${x.message} ${x.statements}`).sort();
    expect(sorted(rows)).toEqual(
      sorted(
        risks
          .filter((f) => f.kind === long!.kind)
          .map((f) => ({
            cells: 4,
            severity: f.severity,
            subject: f.subject,
            message: f.message,
            statements: f.statements.length,
          })),
      ),
    );
    expect(await page.$(`section.risk[data-kind="${long!.kind}"] button.show-more`)).toBeNull();
  });

  it('works offline, without script errors', () => {
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

/**
 * What a security engineer reads first on inputs with indeterminate verdicts (a template whose
 * policy targets are parameters without defaults, an import from outside the inputs, a group
 * addition of unknown users): the header counts the indeterminate verdicts as the JSON has them,
 * every indeterminate cell says why and where, the first screen shows who can reach a role from
 * outside the account and who is or can become an administrator (with the reasons of the
 * undecided ones), the filters say what they hide, and a narrow window needs no sideways scroll.
 */
describe.skipIf(SKIP)('HTML access review of inputs with indeterminate verdicts in headless Chromium', () => {
  const FIXTURE = 'test/fixtures/cloudformation/unknown-targets.yaml';
  let browser: Browser;
  let page: Page;
  let json: MatrixJson;
  let file: string;
  let matrix: Matrix;
  let risks: RiskFinding[];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM} (see the first test of this file)`);
    const engine = compileModel(await loadModel([FIXTURE]));
    // as `iamspec matrix` and `accessReviewHtml` build it (report/review-matrix.ts): roles are columns too
    matrix = buildMatrix(engine, {
      ...REVIEW_MATRIX_OPTIONS,
      assumed: { 'aws:SecureTransport': 'true' },
    });
    risks = reviewRisks(engine, matrix);
    json = JSON.parse(formatMatrixJson(matrix, risks)) as MatrixJson;
    file = writeTempFile(
      'review.html',
      renderAccessReview({ matrix, risks, generatedAt: 'now', inputs: [FIXTURE] }),
      'iamspec-review-',
    );
    const { launch } = await import('puppeteer-core');
    browser = await launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The indeterminate verdicts of the JSON, counted as every report shows them. */
  function jsonIndeterminate(): number {
    let n = 0;
    for (const row of json.cells)
      row.forEach((cell, r) => {
        n += json.resources[r]!.policyNotModelled
          ? json.levels.length
          : cell.filter((l) => l.access === 'indeterminate').length;
      });
    return n;
  }

  it("the header counts the indeterminate verdicts, as many as the JSON's", async () => {
    const expected = jsonIndeterminate();
    expect(expected).toBeGreaterThan(0);
    const text = await page.$eval('#indeterminate-count', (p) => p.textContent ?? '');
    expect(text).toContain(`${expected} indeterminate verdicts`);
    expect(await page.$eval('#indeterminate-count', (p) => p.getAttribute('data-verdicts'))).toBe(
      String(expected),
    );
  });

  it('every indeterminate cell says why and where: each reason with its source', async () => {
    const ids = await page.$$eval('#matrix td[data-r] button.cell', (list) =>
      list.filter((b) => b.querySelector('.lv[data-access="indeterminate"]')).map((b) => b.id),
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      await page.click(`#${id}`);
      const reasons = await page.$$eval('tr.detail ul.why > li', (list) =>
        list.map((li) => li.textContent ?? ''),
      );
      expect(reasons.length, id).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason, id).toMatch(/\(at [^)]*unknown-targets\.yaml:\d+/);
      await page.click(`#${id}`);
    }
  });

  it('shows on the first screen the roles reachable from outside and the possible administrators, with why and where', async () => {
    const top = await page.$eval('#first-look', (s) => (s as unknown as { offsetTop: number }).offsetTop);
    expect(top).toBeLessThan(1000);
    const outside = await page.$$eval('#first-look-outside + table tbody tr', (rows) =>
      rows.map((r) => r.textContent ?? ''),
    );
    // the role whose name is a parameter: its trust policy is unknown, so anyone might assume it
    expect(outside.join('\n')).toMatch(/role \(unknown-ReadSecrets\) might be open to anyone/);
    const admins = await page.$$eval('#first-look-admin + table tbody tr', (rows) =>
      rows.map((r) => r.textContent ?? ''),
    );
    // worker holds a managed policy imported from outside the inputs: why, and where the import is
    const worker = admins.find((a) => a.includes('role worker might be administrator-equivalent'));
    expect(worker).toContain(
      'policy content is unknown: export shared-boundary-policy-arn is not among the inputs (at test/fixtures/cloudformation/unknown-targets.yaml:54:11 (logical id Worker))',
    );
    expect(worker).not.toContain('no statement recorded');
    // alice: NewMembers (no default) may add her to the admins group
    const alice = admins.find((a) => a.includes('user alice might be administrator-equivalent'));
    expect(alice).toMatch(
      /parameter NewMembers has no value.*\(at test\/fixtures\/cloudformation\/unknown-targets\.yaml:7:15/,
    );
  });

  /** Each summary row's finding text and its "indeterminate because" lines, in a section. */
  const summaryRows = (p: Page, kind: string) =>
    p.$$eval(`section.risk[data-kind="${kind}"] tbody tr`, (rows) =>
      rows.map((r) => ({
        subject: r.querySelector('th[scope="row"]')?.getAttribute('title') ?? '',
        message: r.querySelectorAll(':scope > td')[1]!.firstChild?.textContent ?? '',
        why: r.querySelectorAll(':scope > td')[1]!.querySelectorAll('ul.why > li').length
          ? [...r.querySelectorAll(':scope > td')[1]!.querySelectorAll('ul.why > li')].map(
              (li) => li.textContent ?? '',
            )
          : [],
      })),
    );

  it('every indeterminate finding of the summary says "indeterminate because" with its reasons and sources; no other', async () => {
    const open = risks.filter((f) => f.indeterminate);
    expect(open.length).toBeGreaterThan(0);
    for (const kind of new Set(risks.map((f) => f.kind))) {
      const rows = await summaryRows(page, kind);
      const ofKind = risks.filter((f) => f.kind === kind);
      expect(rows).toHaveLength(ofKind.length);
      for (const row of rows) {
        // the message as the review shows it: reasons listed below are not repeated inline
        // (report/finding-message.ts)
        const finding = ofKind.find(
          (f) =>
            f.subject === row.subject &&
            messageWithoutListedReasons(f.message, f.indeterminate) === row.message,
        );
        expect(finding, `${kind} ${row.subject}`).toBeDefined();
        if (!finding!.indeterminate) {
          expect(row.why, kind).toEqual([]);
          continue;
        }
        expect(row.why.length, `${kind} ${row.subject}`).toBeGreaterThan(0);
        for (const line of row.why) expect(line).toMatch(/^indeterminate because /);
        // each reason in its line, in order, and where its unknown is (unknown-targets.yaml:LINE)
        const v = finding!.indeterminate;
        expect(row.why).toHaveLength(v.reasons.length + (v.more ? 1 : 0));
        v.reasons.forEach((r, i) => {
          expect(row.why[i]).toContain(r.text);
          if (r.source) expect(row.why[i]).toContain(`(at ${formatSource(r.source)}`);
        });
        expect(row.why.join('\n')).toMatch(/\(at [^)]*unknown-targets\.yaml:\d+/);
      }
    }
  });

  it('findings drawn on request ("Show the other N findings") say "indeterminate because" as the first rows do', async () => {
    const open = risks.find((f) => f.indeterminate)!;
    // more findings of that kind than the summary lists, each indeterminate
    const many = Array.from({ length: 103 }, (_, i) => ({ ...open, subject: `${open.subject}-${i}` }));
    const longFile = writeTempFile(
      'review.html',
      renderAccessReview({ matrix, risks: many, generatedAt: 'now' }),
      'iamspec-review-',
    );
    const long = await browser.newPage();
    try {
      long.on('pageerror', (e) => errors.push(String(e)));
      await long.goto(pathToFileURL(longFile).href, { waitUntil: 'load' });
      const first = await summaryRows(long, open.kind);
      expect(first).toHaveLength(100);
      await long.click(`section.risk[data-kind="${open.kind}"] button.show-more`);
      const all = await summaryRows(long, open.kind);
      expect(all).toHaveLength(103);
      const expected = first[0]!.why;
      expect(expected.length).toBeGreaterThan(0);
      for (const row of all) expect(row.why, row.subject).toEqual(expected);
    } finally {
      await long.close();
    }
  });

  it('"Show only indeterminate verdicts" leaves only those marks, and the status says what the filters hide', async () => {
    await page.click('#only-indeterminate');
    const status = await page.$eval('#status', (s) => s.textContent ?? '');
    expect(status).toContain('Not shown by the filters: allow, conditional access.');
    const shown = await page.$$eval('#matrix .lv:not(.off)', (list) =>
      list.filter((s) => s.getAttribute('data-access') !== 'deny').map((s) => s.getAttribute('data-access')),
    );
    expect(new Set(shown)).toEqual(new Set(['indeterminate']));
    expect(shown).toHaveLength(jsonIndeterminate());
    // unchecking a level is said too
    await page.click('input[name="level"][value="0"]');
    expect(await page.$eval('#status', (s) => s.textContent ?? '')).toContain(
      `and the ${json.levels[0]} level.`,
    );
  });

  it('in a narrow window nothing needs a sideways scroll, and the filters work from the keyboard', async () => {
    const narrow = await browser.newPage();
    try {
      await narrow.setViewport({ width: 400, height: 800 });
      await narrow.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const widths = await narrow.evaluate(() => {
        const root = document as unknown as { documentElement: { scrollWidth: number; clientWidth: number } };
        return [root.documentElement.scrollWidth, root.documentElement.clientWidth];
      });
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      await narrow.focus('#filter-principal');
      await narrow.keyboard.type('alice');
      const rows = await narrow.$$eval('#matrix tbody tr.principal th', (list) =>
        list.map((t) => t.textContent ?? ''),
      );
      expect(rows.length).toBe(1);
      expect(rows[0]).toContain('alice');
    } finally {
      await narrow.close();
    }
  });

  it('runs without script errors', () => {
    expect(errors).toEqual([]);
  });
});
