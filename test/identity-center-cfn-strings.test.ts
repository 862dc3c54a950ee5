// The CloudFormation IAM Identity Center handler reads its string properties through the reader
// both adapters share (src/adapters/string-values.ts `stringOrUnknown`): a number is its text
// (an account id written as a number), an empty string is not a value (not set: unknown).
// - AWS::SSO::Assignment, "TargetId: TargetID is an AWS account identifier, (For example,
//   123456789012)." (CloudFormation Template Reference, AWS::SSO::Assignment)

import { describe, expect, it } from 'vitest';
import { stringOrUnknown, stringOrUnknownWhy } from '../src/adapters/string-values.js';
import { Unknown } from '../src/model/unknown.js';
import { cfnPermissionSetAssignedTo } from './helpers/identity-center-fixtures.js';
import { loadTemplate } from './helpers/temp-inputs.js';

function load(name: unknown, target: unknown) {
  return loadTemplate(
    { Resources: cfnPermissionSetAssignedTo(target, { Name: name }) },
    {},
    'template.json',
  ).roles.filter((r) => r.name.startsWith('AWSReservedSSO_'));
}

describe('CloudFormation IAM Identity Center string properties', () => {
  it('a TargetId written as a number is that account; a Name is the role name', () => {
    const roles = load('Admins', 222233334444);
    expect(roles.map((r) => r.account)).toEqual(['222233334444']);
    expect(roles[0]!.name).toMatch(/^AWSReservedSSO_Admins_/);
  });

  it('an empty Name is not a name: the role name holds an unknown part, not `AWSReservedSSO__`', () => {
    const roles = load('', '222233334444');
    expect(roles).toHaveLength(1);
    expect(roles[0]!.name.startsWith('AWSReservedSSO__')).toBe(false);
    expect(roles[0]!.name).toContain('(unknown-');
  });

  it('the shared reader: text of scalars, Unknown kept, nothing for empty, lists and objects', () => {
    const u = new Unknown('x');
    expect(stringOrUnknown(12)).toBe('12');
    expect(stringOrUnknown(true)).toBe('true');
    expect(stringOrUnknown(u)).toBe(u);
    expect(stringOrUnknown('')).toBeUndefined();
    expect(stringOrUnknown(['a'])).toBeUndefined();
    const why = stringOrUnknownWhy(undefined, 'Name is not set', { file: 't.json' });
    expect(why).toBeInstanceOf(Unknown);
    expect((why as Unknown).reason).toBe('Name is not set');
  });
});
