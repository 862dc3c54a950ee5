// The spec's warnings (SpecResult.warnings: something the spec names that is probably not what
// was meant, e.g. a bucket that is not in the model) are visible in every report format: text,
// JSON, JUnit and Markdown here; SARIF in report-sarif.test.ts.

import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json.js';
import { renderJunit } from '../src/report/junit.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import { BUCKET_WARNING, passing, SPEC, specResult } from './helpers/spec-results.js';

const result = specResult([passing], [], [BUCKET_WARNING]);
const LINE = `${SPEC}:12:9: warning: ${BUCKET_WARNING.message} [spec/resource-not-in-model]`;

describe("the spec's warnings in every report", () => {
  it('text: one line each, with the spec location and the code', () => {
    expect(renderText(result)).toContain(`\n${LINE}\n`);
    expect(renderText(specResult([passing]))).not.toContain('warning:');
  });

  it('JSON: a warnings list with code, severity, message, candidates and location', () => {
    expect(JSON.parse(renderJson(result)).warnings).toEqual([
      {
        code: 'spec/resource-not-in-model',
        severity: 'warning',
        message: BUCKET_WARNING.message,
        candidates: ['company1-logs'],
        about: 'spec',
        affectsVerdicts: true,
        location: { file: SPEC, line: 12, column: 9, pointer: '/expect/0/only/0' },
        source: null,
      },
    ]);
  });

  it('JUnit: a property of the suite', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      renderJunit(result),
    );
    const props = xml.testsuites.testsuite.properties.property;
    const list = Array.isArray(props) ? props : [props];
    expect(list).toContainEqual({ name: 'warning', value: LINE });
  });

  it('Markdown: a warning callout with the location', () => {
    const md = renderMarkdown(result);
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain(`(\`${SPEC}:12:9\`, \`spec/resource-not-in-model\`)`);
    expect(md).toContain('did you mean company1-logs?');
  });
});
