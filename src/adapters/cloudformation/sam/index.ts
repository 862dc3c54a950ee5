// The SAM transform: the entry the CloudFormation adapter calls for a template before building
// its stack (see expand.ts for what is expanded and how).

export {
  declaresSamTransform,
  expandServerless,
  SAM_TRANSFORM,
  type SamExpansion,
  serverlessResourceIds,
} from './expand.js';
export type { SamExpansionOptions } from './context.js';
