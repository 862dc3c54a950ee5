// Public face of the analysis layer: decisions under a free request context, exhaustive checks
// (`only`, `onlyPrincipals`), role chains, who-can, the access matrix (in-thread or in worker
// threads) and the access review's risk findings.

export { assumableRoles, assumeChain, type ReachableRole, serviceAssumers } from './chains.js';
export { checkOnly, checkOnlyPrincipals } from './exhaustive.js';
export { decideAnyContext, type FreeDecisionOptions, statementRefsOf } from './free-decision.js';
export { ACCESS_LEVELS, buildMatrix, type MatrixOptions } from './matrix/build.js';
export { buildMatrixParallel, type ParallelMatrixOptions } from './matrix/workers.js';
export { type CandidatePrincipal, candidatePrincipals } from './principals.js';
export { type ReviewOptions, reviewRisks } from './risks.js';
export type * from './types.js';
export { type WhoCanOptions, whoCan } from './who-can.js';
