// The access review (issue 13, items 11-13): the company1 example's review has sarah as its only
// high finding and no wildcard finding for the intern (capped by her boundary); it states the
// assumed context once (requests use TLS); roles are columns; the role chains are a picture (an
// inline SVG, no external reference).

import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';

describe('the access review of the company1 example (tf-example)', async () => {
  const r = await runCli(['matrix', 'tf-example/plan.json', 'tf-example/', '--format', 'html']);
  const html = r.stdout;

  it('has sarah as its only high finding, and no wildcard finding for Sara-intern', () => {
    expect(r.code).toBe(0);
    expect(html).toMatch(/\d+ findings \(1 high\)/);
    // Once in the findings, once on the first screen (administrators: report/html/first-look.ts).
    const firstLook = /<section id="first-look"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(firstLook.match(/class="sev sev-high"/g)).toHaveLength(1);
    expect(html.replace(firstLook, '').match(/class="sev sev-high"/g)).toHaveLength(1);
    expect(html).toContain('user sarah is administrator-equivalent');
    expect(html).not.toMatch(/user Sara-intern is allowed wildcard actions/);
    expect(html).not.toMatch(/user Sara-intern has Allow statements on every resource/);
  });

  it('states the assumed context once', () => {
    expect(html.match(/assumed: requests use TLS/g)).toHaveLength(1);
  });

  it('draws the role chains as an inline SVG: john → JohnUploadRole', () => {
    const svg = /<svg class="chain-graph"[\s\S]*?<\/svg>/.exec(html)?.[0];
    expect(svg).toBeDefined();
    expect(svg).toContain('user/john assumes role/JohnUploadRole (allow)');
    expect(svg).not.toMatch(/https?:\/\//);
  });
});
