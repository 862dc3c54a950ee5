// Reproductions: outside access through EKS and Cognito that the review passed in silence (or
// under-rated) before identity pools, Pod Identity associations and IRSA namespace wildcards were
// modelled. Only the APIs of that code are used, so the file runs against it (and fails there).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { listFederatedEntryPoints, weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe('outside access through EKS and Cognito the review used to pass in silence', () => {
  const file = 'test/fixtures/cognito-eks/template.yaml';
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'ce', file, locate });
  const engine = compileModel(b.build());
  const findings = weakFederatedTrusts(engine);
  const of = (name: string) => findings.filter((f) => f.subject === role(name));

  // `StringLike` `system:serviceaccount:*` pins `sub` to a pattern, which the old check took as pinned.
  it('an IRSA trust whose sub spans every namespace is a finding', () => {
    expect(of('IrsaAnyNamespace').map((f) => f.severity)).toEqual(['high']);
  });

  // A trust of the service principal pods.eks.amazonaws.com was no federated trust to the review.
  it('a Pod Identity trust with no cluster, namespace or service account condition is a finding', () => {
    expect(of('PodIdentityAnyPod').map((f) => f.severity)).toEqual(['medium']);
  });

  // The guests of a pool that allows them were one medium clause ("unauthenticated (guest)
  // identities too"), whoever the pool and whatever the role.
  // (GuestRole's pool has the classic flow off: Cognito's enhanced-flow scope-down allows none of
  // what it grants, so it is low, still a finding: test/cognito-guest-scope-down-review.test.ts.)
  it('the unauthenticated role of a pool with guest access is a finding: anonymous internet users', () => {
    const [f] = of('GuestRole');
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('anonymous internet users');
    expect(of('ClassicGuestRole').map((x) => x.severity)).toEqual(['high']);
  });

  it('a Pod Identity association is an entry point into its role', () => {
    const entries = listFederatedEntryPoints(engine).filter((e) => e.role === role('PodIdentityScoped'));
    expect(entries.map((e) => e.caller)).toEqual(['pods.eks.amazonaws.com']);
  });
});
