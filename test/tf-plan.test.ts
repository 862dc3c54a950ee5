// Terraform plan JSON reading. Terraform "JSON Output Format",
// https://developer.hashicorp.com/terraform/internals/json-format : resource_changes with
// change.actions / after / after_unknown, prior_state (data sources read during the plan),
// the configuration representation (expressions with `references`, module_calls), and
// instance addresses with count/for_each keys and module paths.

import { describe, expect, it } from 'vitest';
import {
  InputError,
  isTerraformJsonConfig,
  isTerraformPlan,
  loadTerraformPlan,
  readJsonFileWithBom,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const FIXTURE = 'test/fixtures/tf/plan-linking';
const PLAN = `${FIXTURE}/plan.json`;

function load(withConfig: boolean): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(PLAN, b, {}, withConfig ? readTerraformConfig(FIXTURE) : undefined);
  return b.build();
}

function tmpFile(name: string, content: string | Uint8Array): string {
  return writeTempFile(name, content, 'iamspec-plan-');
}

function inputError(f: () => void): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError thrown');
}

describe('plan actions', () => {
  const m = load(false);

  it('a delete leaves the model; create, update, replace and no-op stay (using `after`)', () => {
    const users = m.users.map((u) => u.arn);
    expect(users).not.toContain('arn:aws:iam::111122223333:user/old-user'); // ["delete"]
    // ["delete","create"]: the replacement's path is "/" (after), not "/system/" (before)
    expect(users).toEqual(['arn:aws:iam::111122223333:user/svc']);
    expect(m.groups.map((g) => g.name)).toContain('ops'); // ["no-op"]
    const role = m.roles.find((r) => r.name === 'app'); // ["update"]
    expect(role?.tags).toEqual({ team: 'platform' });
  });

  it('takes the account from aws_caller_identity in prior_state and the region from the provider', () => {
    expect(m.accounts).toEqual([{ id: '111122223333', region: 'eu-west-1' }]);
    expect(m.findings.map((f) => f.code)).not.toContain('tf/assumed-account');
  });

  it('gives sources with file, pointer, line and the instance address of modules and for_each', () => {
    const blue = m.groups.find((g) => g.name === 'team-blue');
    expect(blue?.source.address).toBe('module.team["blue"].aws_iam_group.g');
    expect(blue?.source.file).toBe(PLAN);
    expect(blue?.source.pointer).toMatch(/^\/resource_changes\/\d+$/);
    expect(blue?.source.line).toBeGreaterThan(1);
  });
});

describe('unknown values and configuration references', () => {
  it('keeps a policy known only after apply as unknown, named with its address', () => {
    const m = load(false);
    const p = m.policies.find((x) => x.name === 'read-logs');
    expect(p?.document.unknown).toBeDefined();
    expect(p?.document.unknown?.reason).toContain('aws_iam_policy.logs.policy');
    expect(p?.document.unknown?.source?.address).toBe('aws_iam_policy.logs');
  });

  it('an attachment whose policy_arn is unknown: linked with the configuration directory, unknown read alone', () => {
    // policy_arn is unknown in the plan; the configuration sets aws_iam_policy.logs.arn, whose ARN
    // follows from its name ("IAM identifiers": arn:aws:iam::account:policy/name)
    const role = (m: ReturnType<typeof load>) => m.roles.find((r) => r.name === 'app')!;
    expect(role(load(true)).managedPolicies.map((a) => a.policyArn)).toEqual([
      'arn:aws:iam::111122223333:policy/read-logs',
    ]);
    // read alone, the plan says only that the expression refers to aws_iam_policy.logs
    // (plan/references.ts): the attachment's policy stays unknown, and the run says so
    const alone = load(false);
    expect(role(alone).managedPolicies.map((a) => isUnknown(a.policyArn))).toEqual([true]);
    expect(alone.findings.find((f) => f.code === 'tf/plan-value-unpinned')?.message).toContain(
      'aws_iam_role_policy_attachment',
    );
  });

  it('a module input (module_calls expressions) to the resource it refers to: with the configuration directory', () => {
    const m = load(true);
    for (const team of ['team-blue', 'team-red']) {
      const g = m.groups.find((x) => x.name === team)!;
      expect(g.managedPolicies.map((a) => a.policyArn)).toEqual([
        'arn:aws:iam::111122223333:policy/read-logs',
      ]);
    }
  });

  it('recomputes unknown values from the .tf configuration given with the plan', () => {
    const m = load(true);
    const p = m.policies.find((x) => x.name === 'read-logs')!;
    expect(p.document.unknown).toBeUndefined();
    expect(p.document.statements.map((s) => [s.sid, s.resource?.values])).toEqual([
      ['ReadLogs', ['arn:aws:s3:::acme-logs/*']],
      ['ListLogs', ['arn:aws:s3:::acme-logs']],
    ]);
    // the plan's known values are kept: the role still has the plan's ARN and tags
    expect(m.roles[0]!.tags).toEqual({ team: 'platform' });
  });
});

describe('plan detection and bad input', () => {
  it('detects plans and JSON configurations by content', () => {
    expect(isTerraformPlan({ format_version: '1.2', planned_values: {} })).toBe(true);
    expect(isTerraformPlan({ format_version: '1.0', resource_changes: [] })).toBe(true);
    expect(isTerraformPlan({ resource: {} })).toBe(false);
    expect(isTerraformJsonConfig({ '//': {}, resource: { aws_iam_role: {} } })).toBe(true);
    expect(isTerraformJsonConfig({ Resources: {} })).toBe(false);
  });

  it('reads UTF-8 with a byte-order mark and UTF-16 LE/BE with a byte-order mark', () => {
    const text = '{"format_version":"1.2","resource_changes":[]}';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(Buffer.from(text, 'utf16le').swap16());
    const beBom = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    for (const bytes of [le, beBom, u8]) {
      expect(readJsonFileWithBom(tmpFile('p.json', bytes)).text).toBe(text);
    }
  });

  it('reports truncated JSON with file, line and column', () => {
    const f = tmpFile('plan.json', '{\n  "format_version": "1.2",\n  "resource_changes": [\n');
    const e = inputError(() => loadTerraformPlan(f, new ModelBuilder()));
    expect(e.file).toBe(f);
    expect(e.line).toBeGreaterThanOrEqual(3); // where the text ends
    expect(e.message).toMatch(/plan\.json:\d+:\d+: invalid JSON/);
  });

  it('rejects a JSON file that is neither a plan nor a configuration, and unsupported format versions', () => {
    const other = tmpFile('x.json', '{"Resources": {}}');
    expect(inputError(() => loadTerraformPlan(other, new ModelBuilder())).message).toContain(
      'not a Terraform plan',
    );
    const v2 = tmpFile('v2.json', '{"format_version": "2.0", "resource_changes": []}');
    expect(inputError(() => loadTerraformPlan(v2, new ModelBuilder())).message).toContain('format_version');
  });

  it('never throws on odd plan content: entries without change or values are skipped', () => {
    const f = tmpFile(
      'odd.json',
      JSON.stringify({
        format_version: '0.1',
        resource_changes: [
          null,
          { address: 'x' },
          {
            address: 'aws_iam_role.r',
            type: 'aws_iam_role',
            name: 'r',
            change: { actions: ['create'], after: null, after_unknown: true },
          },
        ],
      }),
    );
    const b = new ModelBuilder();
    loadTerraformPlan(f, b, { account: '111122223333' });
    const role = b.build().roles[0]!;
    expect(role.name).toBe('(unknown-aws_iam_role.r)'); // name known only after apply: an unknown name
    expect(isUnknown(role.trustPolicy?.unknown)).toBe(false);
  });
});
