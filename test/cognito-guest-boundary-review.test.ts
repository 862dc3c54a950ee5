// The review's guest-role finding reads the role's principal side as `decide` gathers it
// (analysis/cognito-guests.ts `guestWeaknesses` through `Engine.principalSideOf`: identity-based
// policies, permissions boundary, Cognito's scope-down as the session policy). Before, it read the
// role's policies itself and left out the boundary: a guest role whose boundary allows none of
// what its policies grant was a high finding saying the guests keep what the role grants.
//
// IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions boundary
// allows it to perform only the actions that are allowed by both its identity-based policies and
// its permissions boundaries." https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// AWS Managed Policy Reference, AmazonCognitoUnAuthedIdentitiesSessionPolicy: the enhanced flow's
// guests get "the intersection of the role associated with the identity of the unauthenticated
// user provided by a service, and the privileges given in this managed policy".

import { describe, expect, it } from 'vitest';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, GUEST_DIR, guestTemplateModel } from './helpers/cognito-guests.js';

const model = guestTemplateModel(`${GUEST_DIR}/bounded.yaml`, 'gb');
const engine = compileModel(model);
const findings = weakFederatedTrusts(engine);
const roleArn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/${role}`;
const of = (role: string) => findings.filter((f) => f.subject === roleArn(role));

describe('a permissions boundary on a guest role', () => {
  it('the engine agrees: the boundary denies what it does not allow', () => {
    const session = (role: string, action: string) =>
      engine.decide({ principal: roleArn(role), action, resource: '*' }).decision;
    expect(session('BoundedPollyRole', 'polly:SynthesizeSpeech')).toBe('deny');
    expect(session('BoundedPollyRole', 's3:GetObject')).toBe('allow');
    expect(session('BoundedClassicRole', 's3:GetObject')).toBe('deny');
    expect(session('WideBoundaryRole', 's3:GetObject')).toBe('allow');
  });

  it('enhanced flow: the boundary keeps S3 only, the scope-down has no S3 action: low, the scope-down leaves nothing', () => {
    const [f] = of('BoundedPollyRole');
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('anonymous internet users (guests of Amazon Cognito identity pool polly');
    expect(f?.message).toContain(
      "but Cognito's scope-down of enhanced-flow guests (AmazonCognitoUnAuthedIdentitiesSessionPolicy) allows none of the actions the role's policies grant",
    );
    expect(f?.message).not.toContain('their credentials are limited to what the role grants');
  });

  it('basic flow: a boundary that allows none of what the policies grant makes the role grant nothing: medium, said', () => {
    const [f] = of('BoundedClassicRole');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain(
      "but the role's permissions boundary allows none of the actions its policies grant",
    );
  });

  it('basic flow: a boundary that keeps the grant leaves the finding high', () => {
    const [f] = of('WideBoundaryRole');
    expect(f?.severity).toBe('high');
    expect(f?.message).not.toContain('permissions boundary');
  });
});
