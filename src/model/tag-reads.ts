// Whether any policy of a model could read a resource's or a principal's tags: a condition key
// `aws:ResourceTag/…`, `<service>:ResourceTag/…` (iam:ResourceTag, ec2:ResourceTag …) or
// `aws:PrincipalTag/…`, or a policy variable `${aws:PrincipalTag/…}` / `${aws:ResourceTag/…}` in a
// Resource, NotResource or condition value, in any statement of any document the model holds
// (identity, managed and boundary, trust, resource and endpoint policies, SCPs and RCPs). Tags
// that the inputs do not pin down (a CloudFormation stack's deploy-time tags) can change a verdict
// only then; `TAG_DEPENDENT_FINDING_CODES` are the findings kept only when some policy reads tags.

import { type PolicyDocument, type Statement, statementLabel, type ValueList } from '../policy/types.js';
import type { Source } from './source.js';
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

/** A statement that reads a principal's tags: its policy's name, its label and where it is written. */
export interface PrincipalTagReader {
  policy: string;
  statement: string;
  source: Source;
}

/**
 * The statements of the model that read a principal's tags, in model order (what makes tagging
 * oneself matter), each policy named as the engine's traces name it where the model names it:
 * `inline policy P of role R`, a managed policy by its name, `trust policy of role X`, `resource policy of X`, an
 * SCP or RCP by its name.
 */
export function principalTagReaders(model: Model): PrincipalTagReader[] {
  const named: [string, PolicyDocument][] = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies)
      named.push([`inline policy ${ip.name} of ${p.kind} ${p.name}`, ip.document]);
    if (p.kind === 'role' && p.trustPolicy) named.push([`trust policy of role ${p.name}`, p.trustPolicy]);
  }
  for (const mp of model.policies) if (mp.document) named.push([mp.name, mp.document]);
  for (const r of model.resources) {
    if (r.policy) named.push([`resource policy of ${r.name}`, r.policy]);
    if (r.endpointPolicy) named.push([`endpoint policy of ${r.name}`, r.endpointPolicy]);
  }
  for (const o of model.organizations)
    for (const d of [...o.scps, ...o.rcps]) named.push([d.name ?? `organization policy of ${o.account}`, d]);
  const out: PrincipalTagReader[] = [];
  // An SCP of several accounts is listed under each of them: read once.
  const seen = new Set<PolicyDocument>();
  for (const [policy, d] of named) {
    if (seen.has(d)) continue;
    seen.add(d);
    for (const st of d.statements)
      if (statementReadsPrincipalTags(st))
        out.push({ policy, statement: statementLabel(st), source: st.source });
  }
  return out;
}
