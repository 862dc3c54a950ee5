// The HTML access review at organisation size (issue 17: "the review of the 5,000 × 2,000
// organisation opens in headless Chromium in under 5 s and stays under 30 MB, with the filters
// working"). For each size it generates the organisation (bench/generate-org.ts, seeded), builds
// the matrix and the risk findings in one thread, renders the page (`renderAccessReview`, what
// `iamspec matrix --format html` writes), then opens the file in headless Chromium (Debian's
// `chromium` driven by puppeteer-core) a few times with tinybench and reports:
//   open        from the navigation to the first drawn matrix (the page's `iamspec-review-drawn`
//               mark, after parsing the data, measuring and drawing the rows in view)
//   heap        the page's JavaScript heap (CDP Performance.getMetrics JSHeapUsedSize) once open,
//               after a forced GC, and after the filters, a scroll and an opened explanation;
//               JSHeapTotalSize (what V8 holds, the ceiling of the peak) alongside
//   filter      typing a principal filter (7 keystrokes, each filtering every row) until the
//               status says how many rows are left
//   scroll      scrolling to the middle of the matrix until the rows there are drawn
//   explain     opening a cell until its explanation is in the page (the first opening parses the
//               statements block)
// with the machine (CPU, cores, memory, load average) and the Chromium version.
//
// Run: `node bench/run.mjs review-html`. REVIEW_HTML_SIZES=500x200x1000,5000x2000x10000 (the
// default: the target size only) sets the organisations (principals x resources x policies);
// REVIEW_HTML_OPENS (default 3) how many times the page is opened; IAMSPEC_CHROMIUM the
// browser (default /usr/bin/chromium).

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { Bench } from 'tinybench';
import { buildMatrix } from '../src/analysis/matrix.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { DEFAULT_ORG_SIZE, generateOrg } from './generate-org.js';

const CHROMIUM = process.env.IAMSPEC_CHROMIUM ?? '/usr/bin/chromium';
const OPENS = Number(process.env.REVIEW_HTML_OPENS ?? 3);
const TARGET_OPEN_MS = 5_000;
const TARGET_HEAP_MB = 30;

// The page's globals, typed here (the project compiles without lib "dom").
interface PageElement {
  value: string;
  textContent: string | null;
  scrollTop: number;
  scrollLeft: number;
  scrollHeight: number;
  scrollWidth: number;
  dispatchEvent(event: Event): boolean;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  closest(selector: string): PageElement | null;
  scrollIntoView(): void;
  id: string;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare function requestAnimationFrame(callback: () => void): number;

interface Size {
  principals: number;
  resources: number;
  policies: number;
}

interface OpenResult {
  openMs: number;
  heapMB: number;
  heapTotalMB: number;
  heapAfterGcMB: number;
  nodes: number;
  filterMs: number;
  filterStatus: string;
  scrollMs: number;
  explainMs: number;
  heapAfterUseMB: number;
  heapTotalAfterUseMB: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Waits for the frame after the next one (the page draws on animation frames). */
async function frames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/** Opens the page once in a fresh tab and uses it as a reviewer would. */
async function openOnce(browser: Browser, url: string): Promise<OpenResult> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.setViewport({ width: 1280, height: 900 });
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('iamspec-review-drawn').length > 0, {
      timeout: 120_000,
    });
    const openMs = await page.evaluate(
      () => performance.getEntriesByName('iamspec-review-drawn')[0]!.startTime,
    );
    const loaded = await metrics(cdp);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const collected = await metrics(cdp);

    const f0 = performance.now();
    await page.type('#filter-principal', 'user-12');
    const filterStatus = await page.$eval('#status', (s) => s.textContent ?? '');
    const filterMs = performance.now() - f0;
    await page.$eval('#filter-principal', (i) => {
      (i as unknown as PageElement).value = '';
      i.dispatchEvent(new Event('input', { bubbles: true }));
    });

    const s0 = performance.now();
    await page.evaluate(() => {
      const s = document.getElementById('matrix-scroll')!;
      s.scrollIntoView();
      s.scrollTop = s.scrollHeight / 2;
      s.scrollLeft = s.scrollWidth / 2;
    });
    await frames(page);
    const scrollMs = performance.now() - s0;

    const cell = await page.evaluate(() => {
      const box = document.getElementById('matrix-scroll')!.getBoundingClientRect();
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.closest('button.cell')
        ?.id;
    });
    if (!cell) throw new Error('no cell in the middle of the matrix');
    const e0 = performance.now();
    await page.click(`#${cell}`);
    await page.waitForSelector('tr.detail .explanation');
    const explainMs = performance.now() - e0;
    const used = await metrics(cdp);
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
    return {
      openMs,
      heapMB: mb(loaded.JSHeapUsedSize!),
      heapTotalMB: mb(loaded.JSHeapTotalSize!),
      heapAfterGcMB: mb(collected.JSHeapUsedSize!),
      nodes: loaded.Nodes!,
      filterMs,
      filterStatus,
      scrollMs,
      explainMs,
      heapAfterUseMB: mb(used.JSHeapUsedSize!),
      heapTotalAfterUseMB: mb(used.JSHeapTotalSize!),
    };
  } finally {
    await page.close();
  }
}

function sizes(): Size[] {
  const spec = process.env.REVIEW_HTML_SIZES;
  if (!spec) return [{ ...DEFAULT_ORG_SIZE }];
  return spec.split(',').map((s) => {
    const [principals, resources, policies] = s.split('x').map(Number);
    if (!principals || !resources || !policies) throw new Error(`REVIEW_HTML_SIZES: not PxRxN: ${s}`);
    return { principals, resources, policies };
  });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

async function main(): Promise<void> {
  const { launch } = await import('puppeteer-core');
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-review-bench-'));
  const rows: string[] = [];
  let chromium = '';
  let failed = false;
  try {
    for (const size of sizes()) {
      const g0 = performance.now();
      const { model } = generateOrg(size);
      const engine = compileModel(model);
      const matrix = buildMatrix(engine);
      const risks = reviewRisks(engine, matrix);
      const matrixMs = performance.now() - g0;
      let html = '';
      const render = new Bench({ iterations: 1, time: 0, warmup: false });
      render.add('render', () => {
        html = renderAccessReview({ matrix, risks, generatedAt: '2026-01-01T00:00:00.000Z' });
      });
      await render.run();
      const renderResult = render.tasks[0]!.result;
      if (!('latency' in renderResult)) throw new Error(`render failed: ${JSON.stringify(renderResult)}`);
      const file = join(dir, `review-${size.principals}.html`);
      writeFileSync(file, html);
      html = '';
      const fileMB = mb(statSync(file).size);

      const browser = await launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      chromium = await browser.version();
      const opens: OpenResult[] = [];
      try {
        const bench = new Bench({ iterations: OPENS, time: 0, warmup: false });
        bench.add('open', async () => {
          opens.push(await openOnce(browser, pathToFileURL(file).href));
        });
        await bench.run();
        const result = bench.tasks[0]!.result;
        if (!('latency' in result)) throw new Error(`opening the page failed: ${JSON.stringify(result)}`);
      } finally {
        await browser.close();
      }
      const open = median(opens.map((o) => o.openMs));
      const heap = max(opens.map((o) => Math.max(o.heapMB, o.heapAfterUseMB)));
      const pass = open < TARGET_OPEN_MS && heap < TARGET_HEAP_MB;
      if (!pass) failed = true;
      const o = opens[0]!;
      console.log(
        `${size.principals} x ${size.resources} x ${size.policies}: matrix+risks ${fmt(matrixMs / 1000, 1)} s (${risks.length} findings), ` +
          `render ${fmt(renderResult.latency.mean)} ms, file ${fmt(fileMB, 1)} MB, ${fmt(o.nodes)} DOM nodes; ` +
          `filter: ${o.filterStatus}`,
      );
      rows.push(
        `| ${fmt(size.principals)} × ${fmt(size.resources)} × ${fmt(size.policies)} | ${fmt(fileMB, 1)} MB | ` +
          `${fmt(renderResult.latency.mean)} ms | ${fmt(open)} ms (${opens.map((x) => fmt(x.openMs)).join(' / ')}) | ` +
          `${fmt(median(opens.map((x) => x.heapMB)), 1)} MB (total ${fmt(median(opens.map((x) => x.heapTotalMB)), 1)}) | ` +
          `${fmt(median(opens.map((x) => x.heapAfterGcMB)), 1)} MB | ` +
          `${fmt(median(opens.map((x) => x.heapAfterUseMB)), 1)} MB (total ${fmt(median(opens.map((x) => x.heapTotalAfterUseMB)), 1)}) | ` +
          `${fmt(median(opens.map((x) => x.filterMs)))} ms | ${fmt(median(opens.map((x) => x.scrollMs)))} ms | ` +
          `${fmt(median(opens.map((x) => x.explainMs)))} ms | ${pass ? 'yes' : 'NO'} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nMachine: ${cpu}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GB; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; ${chromium}, headless, 1280 × 900; ${OPENS} opens per size (median; heap: CDP JSHeapUsedSize)`,
  );
  console.log(
    `Targets: open < ${fmt(TARGET_OPEN_MS)} ms and JS heap < ${TARGET_HEAP_MB} MB (the largest of load and after use)\n`,
  );
  console.log(
    '| organisation (principals × resources × policies) | file | render | open (first drawn matrix) | JS heap once open | after GC | after filter, scroll, explanation | filter (7 keys) | scroll | open a cell | targets met |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (failed) process.exitCode = 1;
}

await main();
