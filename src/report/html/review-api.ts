// The access review from the programmatic API: builds the access matrix and the risk summary
// from a compiled model and renders the self-contained HTML page (the same page as
// `iamspec matrix --format html`). Owns `accessReviewHtml`.

import { buildMatrix, type MatrixOptions } from '../../analysis/matrix/build.js';
import { reviewRisks } from '../../analysis/risks.js';
import type { Engine } from '../../engine/engine.js';
import { inputWarnings } from '../../spec/warnings.js';
import { type AccessReviewInput, renderAccessReview } from './access-review.js';

export interface AccessReviewOptions
  extends Pick<MatrixOptions, 'principals' | 'resources' | 'context' | 'onProgress'>,
    Omit<AccessReviewInput, 'matrix' | 'risks'> {}

/**
 * The HTML access review of a compiled model: `buildMatrix` (rows and columns as in
 * `options.principals` / `options.resources`, default every user and role by every resource),
 * `reviewRisks` on it, then `renderAccessReview`. Returns the HTML document as a string.
 *
 * ```ts
 * const html = accessReviewHtml(compileModel(await loadModel(['cdk.out'])), { title: 'Prod review' });
 * writeFileSync('review.html', html);
 * ```
 */
export function accessReviewHtml(engine: Engine, options: AccessReviewOptions = {}): string {
  const { principals, resources, context, onProgress, ...page } = options;
  const matrix = buildMatrix(engine, {
    ...(principals ? { principals } : {}),
    ...(resources ? { resources } : {}),
    ...(context ? { context } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  return renderAccessReview({
    ...page,
    warnings: page.warnings ?? inputWarnings(engine.model),
    matrix,
    risks: reviewRisks(engine, matrix),
  });
}
