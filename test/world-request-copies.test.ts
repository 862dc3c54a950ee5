// A request carried into an account or region world (engine/world-decision.ts `requestInWorld`)
// keeps its context and session policy as they are when no string of theirs, keys included, holds
// the stand-in (`valuesHolding` over model/account-substitution.ts `someString`): the substitution
// would copy them unchanged. Every string the substitution reads is one `someString` reads.

import { describe, expect, it } from 'vitest';
import { someString, substituteAccount } from '../src/model/account-substitution.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { Unknown } from '../src/model/unknown.js';
import { requestInWorld, valuesHolding } from '../src/engine/world-decision.js';

const has = (s: string) => s.includes(PLACEHOLDER_ACCOUNT);

describe('someString reads the strings substituteStrings replaces', () => {
  it('values, keys, nested arrays and class instances; not below source or findings', () => {
    expect(someString({ a: ['x', { b: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:root` }] }, has)).toBe(true);
    expect(someString({ [`k${PLACEHOLDER_ACCOUNT}`]: 'x' }, has)).toBe(true);
    expect(someString([new Unknown(`account ${PLACEHOLDER_ACCOUNT}`)], has)).toBe(true);
    expect(someString({ source: { file: PLACEHOLDER_ACCOUNT } }, has)).toBe(false);
    expect(someString({ a: 'x', b: ['y', 3, null] }, has)).toBe(false);
  });

  it('a value it finds nothing in is copied unchanged by the substitution', () => {
    const value = { 'aws:SourceAccount': ['111122223333'], n: { m: 'x' } };
    expect(someString(value, has)).toBe(false);
    expect(substituteAccount(value, '444455556666')).toEqual(value);
  });
});

describe('requestInWorld keeps the values no string of which holds the stand-in', () => {
  const request = {
    principal: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/u`,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: { 'aws:SourceAccount': '111122223333' },
    sessionPolicy: {
      Statement: [{ Effect: 'Allow', Action: '*', Resource: `arn:aws:s3:::${PLACEHOLDER_ACCOUNT}` }],
    },
  };
  it('the context kept, the session policy and principal rewritten', () => {
    const changes = valuesHolding(request, PLACEHOLDER_ACCOUNT);
    expect(changes).toEqual({ context: false, sessionPolicy: true });
    const into = (s: string) => s.split(PLACEHOLDER_ACCOUNT).join('444455556666');
    const out = requestInWorld(request, into, (v) => substituteAccount(v, '444455556666'), changes);
    expect(out.context).toBe(request.context);
    expect(out.principal).toBe('arn:aws:iam::444455556666:user/u');
    expect(JSON.stringify(out.sessionPolicy)).toContain('444455556666');
  });
});
