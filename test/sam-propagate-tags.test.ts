// `PropagateTags: true`: SAM gives every resource it generates for a function or state machine
// that resource's `Tags`, in place of the tags it had (aws/serverless-application-model,
// Apache-2.0, samtranslator/model/__init__.py `propagate_tags`: "Propagates tags to the
// resources", each resource's `assign_tags`; tests/translator/output/
// function_with_events_and_propagate_tags.json: the role's Tags are the function's, without
// `lambda:createdBy`). The execution role's tags are its principal tags (aws:PrincipalTag); before,
// they were not propagated and the role kept a `lambda:createdBy` tag it does not have.

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { loadFixture } from './helpers/sam.js';

const model = loadFixture('propagate-tags.yaml');
const roleOf = (id: string) => model.roles.find((r) => r.source.generatedLogicalId === `${id}Role`)!;
const known = (tags: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(tags).filter(([k, v]) => !k.startsWith('aws:') && !(v instanceof Unknown)),
  );

describe('PropagateTags', () => {
  it('the execution role of a function carries the function`s Tags, in place of lambda:createdBy', () => {
    expect(known(roleOf('Tagged').tags)).toEqual({ Team: 'payments' });
  });

  it('a state machine`s role likewise', () => {
    expect(known(roleOf('Flow').tags)).toEqual({ Team: 'ledger' });
  });

  it('PropagateTags known only at deployment: the role`s tags are unknown, not the ones without propagation', () => {
    expect(known(roleOf('Maybe').tags)).toEqual({});
  });
});
