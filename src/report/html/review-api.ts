// The access review from the programmatic API: builds the access matrix and the risk summary
// from a compiled model and renders the self-contained HTML page (the same page as
// `iamspec matrix --format html`). Owns `accessReviewHtml`.

import { buildMatrix, type MatrixOptions } from '../../analysis/matrix/build.js';
import { reviewRisks } from '../../analysis/risks.js';
import type { Engine } from '../../engine/engine.js';
import { inputWarnings } from '../../spec/warnings.js';
import { findingPlaces } from '../finding-places.js';
import { REVIEW_MATRIX_OPTIONS } from '../review-matrix.js';
import { type AccessReviewInput, renderAccessReview } from './access-review.js';

/**
 * The access review's options: the matrix's rows and columns, and the request context as the CLI
 * takes it. `context` pins keys (`--context`: every request has exactly these values, so access
 * only without them is not shown); `assumed` assumes keys (`--assume`, e.g. TLS:
 * `{ 'aws:SecureTransport': 'true' }`): it settles their conditions but never hides access, a
 * request it denies is decided again with them free (src/analysis/assumed-context.ts), and the
 * page states it. Default: nothing pinned, nothing assumed.
 */
export interface AccessReviewOptions
  extends Pick<MatrixOptions, 'principals' | 'resources' | 'context' | 'assumed' | 'onProgress'>,
    Omit<AccessReviewInput, 'matrix' | 'risks'> {}

/**
 * The HTML access review of a compiled model: `buildMatrix` (rows and columns as in
 * `options.principals` / `options.resources`, default every user and role by every resource and every role,
 * as `iamspec matrix` builds it: report/review-matrix.ts), `reviewRisks` on
 * it, then `renderAccessReview`. Returns the HTML document as a string.
 *
 * ```ts
 * const html = accessReviewHtml(compileModel(await loadModel(['cdk.out'])), {
 *   title: 'Prod review',
 *   assumed: { 'aws:SecureTransport': 'true' }, // as `iamspec matrix` assumes by default
 * });
 * writeFileSync('review.html', html);
 * ```
 */
export function accessReviewHtml(engine: Engine, options: AccessReviewOptions = {}): string {
  const { principals, resources, context, assumed, onProgress, ...page } = options;
  const built = buildMatrix(engine, {
    ...REVIEW_MATRIX_OPTIONS,
    ...(principals ? { principals } : {}),
    ...(resources ? { resources } : {}),
    ...(context ? { context } : {}),
    ...(assumed ? { assumed } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  // the page states what it assumed, as `iamspec matrix` does (`Matrix.assumed`)
  const matrix = assumed && Object.keys(assumed).length ? { ...built, assumed } : built;
  return renderAccessReview({
    ...page,
    warnings: page.warnings ?? inputWarnings(engine.model),
    matrix,
    risks: reviewRisks(engine, matrix),
    places: findingPlaces(engine.model),
  });
}
