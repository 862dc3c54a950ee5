// The matrix the access review is built over, in one place: `accessReviewHtml` (the library API,
// report/html/review-api.ts) and `iamspec matrix` (every format, cli/commands/matrix.ts) build
// their matrices with these options, so the page the API renders is the page the CLI writes.
// Owns `REVIEW_MATRIX_OPTIONS`.

import type { MatrixOptions } from '../analysis/matrix/build.js';

/** Roles are columns too: who may sts:AssumeRole or iam:PassRole which role. */
export const REVIEW_MATRIX_OPTIONS = Object.freeze({ includeRoles: true }) satisfies Pick<
  MatrixOptions,
  'includeRoles'
>;
