// The kinds of risk finding the access review makes, in the order the reviews list them, each
// with its heading and what it gathers in words: the HTML review's summary sections and the
// diff's SARIF rule description name them from this one list. Owns `RISK_KINDS`.

import type { RiskFinding } from '../analysis/types.js';

/** Risk kinds in the order the summary lists them, with their headings. */
export const RISK_KINDS: { kind: RiskFinding['kind']; title: string; why: string }[] = [
  {
    kind: 'admin-equivalent',
    title: 'Administrator-equivalent principals',
    why: 'can perform every action on every resource (or grant themselves that)',
  },
  {
    kind: 'privilege-escalation',
    title: 'Privilege escalation',
    why: 'permissions that let a principal raise its own privileges',
  },
  {
    kind: 'outside-escalation',
    title: 'Outside callers that can escalate',
    why: 'accounts outside the inputs, anyone (a trust open to every principal), federated (OIDC, SAML, Cognito) users, and the pods of an EKS cluster (IRSA, Pod Identity) that may become a role through which they become administrators or raise their privileges, and callers that may invoke a Lambda function running as such a role; one finding per caller and role, with its ways',
  },
  { kind: 'passrole-wildcard', title: 'iam:PassRole on *', why: 'can hand any role to a service' },
  {
    kind: 'public-access',
    title: 'Public access',
    why: 'resource policies that allow anyone (Principal "*"), and API Gateway methods anyone can call that run a function or act with a role',
  },
  {
    kind: 'cross-account-access',
    title: 'Cross-account access',
    why: 'principals of other accounts that the policies let in',
  },
  {
    kind: 'confused-deputy',
    title: 'Confused deputies',
    why: "resource policies that let an AWS service in for any account's resources (no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition)",
  },
  {
    kind: 'weak-federated-trust',
    title: 'Weak federated trusts',
    why: 'roles that GitHub Actions, EKS, Cognito or SAML users can assume without conditions saying which',
  },
  {
    kind: 'federated-entry-point',
    title: 'Federated entry points',
    why: 'every role a web identity or SAML provider can assume, with the conditions that let its users in',
  },
  { kind: 'wildcard-action', title: 'Wildcard actions', why: 'Allow statements with "*" in Action' },
  { kind: 'wildcard-resource', title: 'Wildcard resources', why: 'Allow statements on Resource "*"' },
];
