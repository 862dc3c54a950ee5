// A name world's model (src/model/name-world-model.ts `nameWorldModel`) is built copy-on-write:
// the base model with the fixed unknown name parts replaced, only the objects holding one copied.
// It must be exactly the model the whole-model copy gave (`fullNameWorldModel`, what
// src/engine/name-worlds.ts built before), and what is derived from it exactly what is derived
// from that copy (src/model/stand-ins.ts `deployingAccountAlternatives`, read from the base's
// account names and the world's changed strings).
// AWS page the rule comes from:
// - CloudFormation Template Reference, AWS::IAM::Role, RoleName: "If you don't specify a name,
//   AWS CloudFormation generates a unique physical ID and uses that ID for the role name."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelInAccount } from '../src/model/account-substitution.js';
import { accountWorldModel, fullNameWorldModel, nameWorldModel } from '../src/model/name-world-model.js';
import {
  deployingAccountAlternatives,
  namedAccounts,
  standInAccountsOf,
  UNKNOWN_NAME_PART_OPEN,
} from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { loadModel } from '../src/index.js';

const EKS = join(
  import.meta.dirname,
  '../../shared/corpus/cfn/aws__aws-cdk__eks-fargate-cluster.template.json',
);

/** The unknown parts of the model's role ARNs (the parts a world fixes). */
function roleParts(m: Model): string[] {
  const out: string[] = [];
  for (const r of m.roles) {
    const at = r.arn.indexOf(UNKNOWN_NAME_PART_OPEN);
    if (at >= 0) out.push(r.arn.slice(at, r.arn.indexOf(')', at) + 1));
  }
  return out;
}

describe('a name world built copy-on-write', () => {
  it('is the model the whole-model copy gives, for one part, two parts and a value with digits', async () => {
    const base = await loadModel([EKS]);
    const parts = roleParts(base);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const bindings = [
      new Map([[parts[0]!, 'x']]),
      new Map([
        [parts[1]!, 'x'],
        [parts[2]!, 'y'],
      ]),
      new Map([[parts[0]!, '123456789012']]),
      new Map([[parts[2]!, '']]),
    ];
    for (const b of bindings) expect(nameWorldModel(base, b)).toStrictEqual(fullNameWorldModel(base, b));
  });

  it('shares the objects that hold none of the parts fixed', async () => {
    const base = await loadModel([EKS]);
    const [part] = roleParts(base);
    const world = nameWorldModel(base, new Map([[part!, 'x']]));
    const i = base.roles.findIndex((r) => r.arn.includes(part!));
    expect(world.roles[i]).not.toBe(base.roles[i]);
    expect(world.roles[i]!.arn).not.toContain(part);
    // a role whose ARN and policies do not hold the part is the base's own
    const other = base.roles.findIndex((r) => !JSON.stringify(r).includes(part!));
    expect(other).toBeGreaterThanOrEqual(0);
    expect(world.roles[other]).toBe(base.roles[other]);
  });
});

describe("a name world's account alternatives, read from its base's account names", () => {
  it('are those recomputed on the whole-model copy (a value naming an account id adds it)', async () => {
    const base = await loadModel([EKS]);
    const parts = roleParts(base);
    const standIns = standInAccountsOf(base);
    expect(standIns.length).toBeGreaterThan(0);
    const bindings = [
      new Map([[parts[0]!, 'x']]),
      new Map([[parts[0]!, '123456789012']]),
      new Map([
        [parts[1]!, '210987654321'],
        [parts[2]!, ''],
      ]),
    ];
    let differs = 0;
    for (const b of bindings) {
      const world = nameWorldModel(base, b);
      const full = fullNameWorldModel(base, b);
      expect([...namedAccounts(world)].sort()).toEqual([...namedAccounts(full)].sort());
      for (const id of standIns) {
        const mine = deployingAccountAlternatives(world, id);
        expect(mine).toEqual(deployingAccountAlternatives(full, id));
        if (mine.join() !== deployingAccountAlternatives(base, id).join()) differs++;
      }
    }
    // the worlds naming an account id decide in one more world than the base
    expect(differs).toBeGreaterThan(0);
  });
});

describe("a name world's model in another account", () => {
  it('is the whole-model copy of the world in that account, derived from the base in that account or not', async () => {
    const base = await loadModel([EKS]);
    const parts = roleParts(base);
    const [from] = standInAccountsOf(base);
    // derived from the base's model in the account (the substitutions commute), then values that
    // do not commute with it (digits, empty): copied whole
    const bindings = [
      new Map([[parts[0]!, 'x']]),
      new Map([
        [parts[1]!, 'x-y'],
        [parts[2]!, 'y'],
      ]),
      new Map([[parts[0]!, '123456789012']]),
      new Map([[parts[1]!, '']]),
      new Map([[parts[1]!, '1x']]),
    ];
    for (const to of ['123456789012', '210987654321'])
      for (const b of bindings) {
        const world = nameWorldModel(base, b);
        expect(accountWorldModel(world, to, from!)).toStrictEqual(
          modelInAccount(fullNameWorldModel(base, b), to, from!),
        );
      }
  });
});
