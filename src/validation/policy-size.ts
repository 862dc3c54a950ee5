// Policy size quotas: AWS rejects a policy document over its size quota, so a template or
// configuration holding one would not deploy as modelled. A finding (`policy/size-over-quota`)
// says so. IAM counts characters without white space ("IAM and AWS STS quotas",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: "IAM does not
// count white space when calculating the size of a policy against these quotas"): managed
// policies 6,144 characters; the inline policies of a user 2,048, of a group 5,120, of a role
// 10,240 in all; a role trust policy 2,048 by default (adjustable to 4,096). Service control and
// resource control policies: 5,120 characters (AWS Organizations quotas). S3 bucket policies:
// 20 KB (Amazon S3 User Guide, "Bucket policies for Amazon S3").
//
// The document is measured as written compactly from its parsed form (single values without
// brackets), so the size is never over-counted: a finding means the policy is over the quota.

import type { Finding } from '../model/finding.js';
import type { Model } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { PolicyDocument, PrincipalSpec, Statement, ValueList } from '../policy/types.js';

function strLen(s: string): number {
  return JSON.stringify(s).replace(/\s/g, '').length;
}

function listLen(l: ValueList | undefined): number {
  if (!l) return 0;
  const known = l.values.filter((v): v is string => !isUnknown(v));
  if (known.length === 0) return 0;
  const body = known.reduce((n, v) => n + strLen(v), 0) + known.length - 1;
  return known.length === 1 ? body : body + 2;
}

function principalLen(p: PrincipalSpec | undefined): number {
  if (!p) return 0;
  if (p.wildcard) return 3;
  let n = 2;
  for (const [k, l] of [
    ['AWS', p.aws],
    ['Service', p.service],
    ['Federated', p.federated],
    ['CanonicalUser', p.canonicalUser],
  ] as const) {
    if (l) n += strLen(k) + 1 + listLen(l) + 1;
  }
  return n;
}

function statementLen(s: Statement): number {
  let n = 2; // {}
  const field = (name: string, len: number) => {
    if (len > 0) n += strLen(name) + 1 + len + 1;
  };
  if (s.sid !== undefined) field('Sid', strLen(s.sid));
  if (!isUnknown(s.effect)) field('Effect', strLen(s.effect));
  field('Action', listLen(s.action));
  field('NotAction', listLen(s.notAction));
  field('Resource', listLen(s.resource));
  field('NotResource', listLen(s.notResource));
  field('Principal', principalLen(s.principal));
  field('NotPrincipal', principalLen(s.notPrincipal));
  if (s.conditions.length) {
    let c = 2;
    for (const cl of s.conditions) {
      const values = cl.values.filter((v): v is string => !isUnknown(v));
      c += strLen(cl.operator) + strLen(cl.key) + 5 + values.reduce((a, v) => a + strLen(v) + 1, 0);
    }
    field('Condition', c);
  }
  return n;
}

/** Characters of the document without white space (a lower bound when parts are unknown). */
export function policySize(doc: PolicyDocument): number {
  let n = 2;
  if (doc.version !== undefined) n += strLen('Version') + 1 + strLen(doc.version) + 1;
  if (doc.id !== undefined) n += strLen('Id') + 1 + strLen(doc.id) + 1;
  n += strLen('Statement') + 1 + 2;
  n += doc.statements.reduce((a, s) => a + statementLen(s) + 1, 0);
  return n;
}

const QUOTAS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';

/** Findings for documents (or a principal's inline policies together) over their quota. */
export function policySizeFindings(model: Model): Finding[] {
  const out: Finding[] = [];
  const over = (docs: readonly PolicyDocument[], quota: number, what: string, extra = '') => {
    const known = docs.filter((d) => !d.unknown);
    if (!known.length) return;
    const size = known.reduce((n, d) => n + policySize(d), 0);
    if (size <= quota) return;
    out.push({
      code: 'policy/size-over-quota',
      severity: 'warning',
      message: `${what} has ${size.toLocaleString('en-US')} characters without white space, over AWS's quota of ${quota.toLocaleString('en-US')}${extra}: AWS would reject it, so the deployment would fail (${QUOTAS_URL})`,
      source: known[0]!.source,
    });
  };
  for (const p of model.policies) over([p.document], 6144, `the managed policy ${p.name}`);
  for (const u of model.users)
    over(
      u.inlinePolicies.map((i) => i.document),
      2048,
      `the inline policies of user ${u.name}`,
    );
  for (const g of model.groups)
    over(
      g.inlinePolicies.map((i) => i.document),
      5120,
      `the inline policies of group ${g.name}`,
    );
  for (const r of model.roles) {
    over(
      r.inlinePolicies.map((i) => i.document),
      10240,
      `the inline policies of role ${r.name}`,
    );
    if (r.trustPolicy)
      over(
        [r.trustPolicy],
        2048,
        `the trust policy of role ${r.name}`,
        ' (2,048 by default, adjustable up to 4,096)',
      );
  }
  for (const o of model.organizations) {
    for (const d of [...o.scps, ...o.rcps]) over([d], 5120, `this ${d.kind.toUpperCase()}`);
  }
  for (const r of model.resources) {
    if (r.policy && /^arn:[^:]+:s3:::[^/]+$/.test(r.arn))
      over([r.policy], 20 * 1024, `the bucket policy of ${r.arn}`);
  }
  return out;
}
