// Whether any policy of a model could read a resource's or a principal's tags: a condition key
// `aws:ResourceTag/…`, `<service>:ResourceTag/…` (iam:ResourceTag, ec2:ResourceTag …) or
// `aws:PrincipalTag/…`, or a policy variable `${aws:PrincipalTag/…}` / `${aws:ResourceTag/…}` in a
// Resource, NotResource or condition value, in any statement of any document the model holds
// (identity, managed and boundary, trust, resource and endpoint policies, SCPs and RCPs). Tags
// that the inputs do not pin down (a CloudFormation stack's deploy-time tags) can change a verdict
// only then; `TAG_DEPENDENT_FINDING_CODES` are the findings kept only when some policy reads tags.

import type { PolicyDocument, Statement, ValueList } from '../policy/types.js';
import type { Model } from './types.js';

/** Findings about tags the inputs do not show, which matter only when some policy reads tags. */
export const TAG_DEPENDENT_FINDING_CODES: ReadonlySet<string> = new Set(['cfn/stack-tags-unknown']);

const TAG_KEY = /^[a-z0-9-]+:(resourcetag|principaltag)\//i;
const TAG_VARIABLE = /\$\{\s*aws:(resourcetag|principaltag)\//i;

function listReadsTags(l: ValueList | undefined): boolean {
  return !!l && l.values.some((v) => typeof v === 'string' && TAG_VARIABLE.test(v));
}

/** True when the statement has a tag condition key or a tag policy variable. */
export function statementReadsTags(st: Statement): boolean {
  if (listReadsTags(st.resource) || listReadsTags(st.notResource)) return true;
  return st.conditions.some(
    (c) =>
      TAG_KEY.test(c.key) ||
      TAG_VARIABLE.test(c.key) ||
      c.values.some((v) => typeof v === 'string' && TAG_VARIABLE.test(v)),
  );
}

/** Every policy document of the model, each once. */
function* modelDocuments(model: Model): Iterable<PolicyDocument> {
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) yield ip.document;
    if (p.kind === 'role' && p.trustPolicy) yield p.trustPolicy;
  }
  for (const mp of model.policies) if (mp.document) yield mp.document;
  for (const r of model.resources) {
    if (r.policy) yield r.policy;
    if (r.endpointPolicy) yield r.endpointPolicy;
  }
  for (const o of model.organizations) yield* [...o.scps, ...o.rcps];
}

/** True when some policy of the model could read a resource's or a principal's tags. */
export function modelReadsTags(model: Model): boolean {
  for (const d of modelDocuments(model)) if (d.statements.some(statementReadsTags)) return true;
  return false;
}

const PRINCIPAL_TAG_KEY = /^aws:principaltag\//i;
const PRINCIPAL_TAG_VARIABLE = /\$\{\s*aws:principaltag\//i;

/** True when the statement reads a principal's tags (`aws:PrincipalTag/…`, as a key or a variable). */
function statementReadsPrincipalTags(st: Statement): boolean {
  const inList = (l: ValueList | undefined) =>
    !!l && l.values.some((v) => typeof v === 'string' && PRINCIPAL_TAG_VARIABLE.test(v));
  if (inList(st.resource) || inList(st.notResource)) return true;
  return st.conditions.some(
    (c) =>
      PRINCIPAL_TAG_KEY.test(c.key) ||
      c.values.some((v) => typeof v === 'string' && PRINCIPAL_TAG_VARIABLE.test(v)),
  );
}

/** True when some policy of the model reads a principal's tags (ABAC on the caller). */
export function modelReadsPrincipalTags(model: Model): boolean {
  for (const d of modelDocuments(model)) if (d.statements.some(statementReadsPrincipalTags)) return true;
  return false;
}
