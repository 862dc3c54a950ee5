// An input that writes the name of a stand-in region itself (`deploying-region`,
// `unknown-region`: src/model/stand-ins.ts) is read as a literal distinct from the stand-in, and
// the user is told (`load/stand-in-spelled`). Before, the literal was taken for the stand-in: a
// Deny on `arn:aws:sqs:deploying-region:…:jobs` or on aws:RequestedRegion `deploying-region` was
// taken to cover the stack's own queue in every region, and `cannot` passed although in AWS
// neither Deny matches anything.
//
// AWS rules pinned here:
// - IAM User Guide, "IAM identifiers" (ARN format): "region – The Region code. For example,
//   us-east-2 for US East (Ohio)." A region field that is no Region code matches no resource.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// - IAM User Guide, "AWS global condition context keys", aws:RequestedRegion: "Use this key to
//   compare the AWS Region that was called in the request with the Region that you specify in
//   the policy." A request is always made to a Region, never to one named `deploying-region`.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// - IAM User Guide, "Policy evaluation logic": "An explicit deny in any policy overrides any
//   allows." — so a Deny taken to match by mistake turns an allowed access into a denied one.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadModelSync } from '../src/adapters/load.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isUnknown, type Unknown } from '../src/model/unknown.js';
import { compileModel } from '../src/engine/index.js';
import { namedRegions, standInRegions } from '../src/model/region-substitution.js';
import {
  distinctFromBuiltStandIns,
  distinctFromStandIns,
  PLACEHOLDER_ACCOUNT_LITERAL,
  PLACEHOLDER_REGION,
  StandInSpellings,
  withStandInSpellings,
} from '../src/model/stand-ins.js';
import { loadModelByKind } from '../src/adapters/load-by-kind.js';

const FX = 'test/fixtures/stand-in-spelled';
const ACCOUNT = '111122223333';
const QUEUE = `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/worker`;

// Built from pieces (`Fn::Sub`, `Fn::Join`, a Terraform template, `format()`): the evaluated
// string is the same literal as written whole, and is read so (src/model/stand-ins.ts
// `distinctFromBuiltStandIns`).
describe.each([
  ['a CloudFormation template', `${FX}/template.yaml`],
  ['a Terraform configuration', `${FX}/tf`],
  ['a CloudFormation template that builds it from pieces', `${FX}/template-built.yaml`],
  ['a Terraform configuration that builds it from pieces', `${FX}/tf-built`],
])('%s that writes "deploying-region" itself, no region given', (_name, input) => {
  const model = loadModelSync([input], { account: ACCOUNT });
  const engine = compileModel(model);

  it('the stack still has the stand-in in its own ARNs; the literal is another string', () => {
    expect(standInRegions(model)).toEqual([PLACEHOLDER_REGION]);
    expect(model.resources.find((r) => r.kind === 'sqs-queue')?.arn).toBe(QUEUE);
    const role = model.roles.find((r) => r.name === 'worker')!;
    const text = JSON.stringify(role.inlinePolicies.map((p) => p.document.statements));
    expect(text).toContain('deploying\u2011region');
    // The literal is no region the region worlds would try.
    expect([...namedRegions(model).codes]).not.toContain('deploying\u2011region');
  });

  it('neither Deny covers the queue: the access is allowed, as in AWS wherever it is deployed', () => {
    expect(engine.decide({ principal: ROLE, action: 'sqs:SendMessage', resource: QUEUE }).decision).toBe(
      'allow',
    );
    expect(engine.decide({ principal: ROLE, action: 'sqs:GetQueueUrl', resource: QUEUE }).decision).toBe(
      'allow',
    );
    // The same with --region: the literal never equals a real region.
    const inRegion = compileModel(loadModelSync([input], { account: ACCOUNT, region: 'eu-west-1' }));
    const q = QUEUE.replace(PLACEHOLDER_REGION, 'eu-west-1');
    expect(inRegion.decide({ principal: ROLE, action: 'sqs:SendMessage', resource: q }).decision).toBe(
      'allow',
    );
    expect(inRegion.decide({ principal: ROLE, action: 'sqs:GetQueueUrl', resource: q }).decision).toBe(
      'allow',
    );
  });

  it('the user is told which file writes it', () => {
    const f = model.findings.filter((x) => x.code === 'load/stand-in-spelled');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toContain('"deploying-region"');
    expect(f[0]!.source?.file).toContain('stand-in-spelled');
  });
});

describe('the region option', () => {
  it('is a region code: a stand-in name given as the region is refused', () => {
    expect(() => loadModelSync([`${FX}/template.yaml`], { region: PLACEHOLDER_REGION })).toThrow(
      /region code/,
    );
    expect(() => loadModelSync([`${FX}/template.yaml`], { region: 'unknown-region' })).toThrow(/region code/);
  });

  it('values given on the command line are literals too (--parameter, --var)', () => {
    // A variable the configuration declares: a --var for an undeclared one is an input error.
    const m = loadModelSync([`${FX}/tf-var`], {
      account: ACCOUNT,
      vars: { queue_region: 'deploying-region' },
    });
    expect(
      m.findings.some((f) => f.code === 'load/stand-in-spelled' && f.message.includes('--var queue_region')),
    ).toBe(true);
  });
});

describe('inputs given in memory or by the environment', () => {
  it('a template object given to the API (a CDK app in memory) is read the same way', () => {
    const template = parseTemplateText(readFileSync(`${FX}/template.yaml`, 'utf8'), 'inline.yaml').value;
    const builder = new ModelBuilder();
    loadTemplateObject(template, builder, { account: ACCOUNT, stackName: 'inline' });
    const model = builder.build();
    expect(JSON.stringify(model.roles[0]!.inlinePolicies[0]!.document.statements)).toContain(
      'deploying\u2011region',
    );
    expect(
      compileModel(model).decide({ principal: ROLE, action: 'sqs:SendMessage', resource: QUEUE }).decision,
    ).toBe('allow');
    expect(
      model.findings.filter((f) => f.code === 'load/stand-in-spelled').map((f) => f.source?.file),
    ).toEqual(['inline']);
  });

  it('a TF_VAR_ environment variable is a literal too', () => {
    const b = new ModelBuilder();
    loadTerraformConfig(`${FX}/tf-var`, b, {
      account: ACCOUNT,
      env: { TF_VAR_queue_region: 'deploying-region' },
    });
    const m = b.build();
    const role = m.roles.find((r) => r.name === 'worker')!;
    expect(JSON.stringify(role.inlinePolicies[0]!.document.statements)).toContain('deploying\u2011region');
    expect(m.findings.find((f) => f.code === 'load/stand-in-spelled')?.source?.file).toBe(
      'TF_VAR_queue_region',
    );
  });
});

describe('distinctFromStandIns', () => {
  it('keeps the length (lines and columns of the file stay), and changes nothing else', () => {
    const spellings = new StandInSpellings();
    const text = '{"Resource": "arn:aws:sqs:unknown-region:1:q", "b": "us-east-1"}';
    withStandInSpellings(spellings, () => {
      const out = distinctFromStandIns(text, 'x.json');
      expect(out.length).toBe(text.length);
      expect(out).toBe(text.replace('unknown-region', 'unknown\u2011region'));
      expect(distinctFromStandIns('us-east-1 deploying region', 'y.json')).toBe('us-east-1 deploying region');
    });
    expect(spellings.take().map((f) => f.source?.file)).toEqual(['x.json']);
    expect(spellings.take()).toEqual([]);
  });
});

// The spellings belong to one load (src/model/stand-ins.ts, StandInSpellings): a long-lived
// process (a test runner, the two sides of a diff) loads several models, and a file read for one
// must not give its finding to another, nor a failed load to the next one.
describe('the finding lands on the model whose inputs wrote it', () => {
  const spelledFiles = (m: { findings: readonly { code: string; source?: { file?: string } }[] }) =>
    m.findings.filter((f) => f.code === 'load/stand-in-spelled').map((f) => f.source?.file);
  const CLEAN = 'test/fixtures/cli/cfn/company.yaml';

  it('two loads in one process: one spelling it, one not', async () => {
    const spelling = loadModelSync([`${FX}/template.yaml`], { account: ACCOUNT });
    const clean = loadModelSync([CLEAN], { account: ACCOUNT, region: 'us-east-1' });
    expect(spelledFiles(spelling)).toEqual([`${FX}/template.yaml`]);
    expect(spelledFiles(clean)).toEqual([]);
    // The same interleaved through awaits (the CLI's loader): each load keeps its own.
    const [a, b] = await Promise.all([
      loadModelByKind([`${FX}/template.yaml`], { account: ACCOUNT }),
      loadModelByKind([CLEAN], { account: ACCOUNT, region: 'us-east-1' }),
    ]);
    expect(spelledFiles(a.model)).toEqual([`${FX}/template.yaml`]);
    expect(spelledFiles(b.model)).toEqual([]);
  });

  it('a failing load followed by a clean one: the clean model has no finding of the failed one', () => {
    // the template spelling it is read, then the next input is no input of any kind: the load fails
    expect(() =>
      loadModelSync([`${FX}/template.yaml`, `${FX}/scp-spelling.json`], { account: ACCOUNT }),
    ).toThrow(/scp-spelling/);
    const clean = loadModelSync([CLEAN], { account: ACCOUNT, region: 'us-east-1' });
    expect(spelledFiles(clean)).toEqual([]);
  });

  it('a template read by the caller, then given to a builder, is still told (the literal is seen)', () => {
    const template = parseTemplateText(readFileSync(`${FX}/template.yaml`, 'utf8'), 'read.yaml').value;
    // read outside any load: nothing noted anywhere yet
    const spelled = distinctFromStandIns(JSON.stringify(template), 'read.yaml');
    const b = new ModelBuilder();
    loadTemplateObject(JSON.parse(spelled), b, { account: ACCOUNT, stackName: 'read' });
    expect(spelledFiles(b.build())).toEqual(['read']);
    // and another builder built afterwards gets nothing
    expect(spelledFiles(new ModelBuilder().build())).toEqual([]);
  });

  it('an SCP file that spells it is told on its own model, not the next one', () => {
    const scp = `${FX}/scp-spelling.json`;
    const withScp = loadModelSync([CLEAN], { account: ACCOUNT, region: 'us-east-1', scp: [scp] });
    expect(spelledFiles(withScp)).toEqual([scp]);
    expect(spelledFiles(loadModelSync([CLEAN], { account: ACCOUNT, region: 'us-east-1' }))).toEqual([]);
  });
});

describe('a stand-in built from pieces (distinctFromBuiltStandIns)', () => {
  it('across pieces: the literal, the file noted; held whole by one piece (the adapters own): kept', () => {
    const spellings = new StandInSpellings();
    const out = withStandInSpellings(spellings, () => [
      distinctFromBuiltStandIns(['arn:aws:iam::', '0000', '00000000', ':root'], 'a.yaml'),
      distinctFromBuiltStandIns(['arn:aws:iam::', '000000000000', ':root'], 'b.yaml'),
      distinctFromBuiltStandIns(['deploying-', 'deploying-region'], 'c.yaml'),
      // not the pieces joined (format()): built when no piece holds it whole
      distinctFromBuiltStandIns(['deploying-%s', 'region'], 'd.yaml', 'deploying-region'),
    ]);
    expect(out).toEqual([
      `arn:aws:iam::${PLACEHOLDER_ACCOUNT_LITERAL}:root`,
      'arn:aws:iam::000000000000:root',
      'deploying-deploying-region',
      'deploying\u2011region',
    ]);
    expect(spellings.take().map((f) => f.source?.file)).toEqual(['a.yaml', 'd.yaml']);
  });
});

// Fn::Select, Fn::Split and Fn::ToJsonString build no string from pieces: Select gives an element
// as it is, Split substrings of one string, ToJsonString JSON text, in which two strings of the
// value are apart by a quote (`"a":"deploying-","b":"region"`), so no stand-in spans them. One
// case is read as built by mistake without care: the pieces of an Fn::Split of the deploying
// region joined back with the same delimiter, which in AWS is the region itself.
// CloudFormation Template Reference, Fn::Split: "To split a string into a list of string values
// so that you can select an element from the resulting string list"; Fn::Join: "appends a set of
// values into a single value, separated by the specified delimiter".
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-split.html
describe('Fn::Select, Fn::Split, Fn::ToJsonString of a stand-in', () => {
  const resources = (statements: string) => {
    const text = `Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements}`;
    const { value, locate } = parseTemplateText(text, 'split.yaml');
    const b = new ModelBuilder();
    loadTemplateObject(value, b, { account: ACCOUNT, stackName: 's', file: 'split.yaml', locate });
    const m = b.build();
    return {
      values: m.roles[0]!.inlinePolicies[0]!.document.statements.map((s) => s.resource?.values?.[0]),
      spelled: m.findings.filter((f) => f.code === 'load/stand-in-spelled'),
    };
  };

  it('the reproduction: Fn::Join of the Fn::Split of AWS::Region is the deploying region (was the literal)', () => {
    const r = resources(
      `              - {Effect: Allow, Action: 'sqs:A', Resource: !Join ['-', !Split ['-', !Ref 'AWS::Region']]}`,
    );
    expect(r.values).toEqual([PLACEHOLDER_REGION]);
    expect(r.spelled).toEqual([]);
  });

  it('pieces of it are unknown (us-gov-west-1 has four at -): joined otherwise, the string is unknown there, never a literal', () => {
    const r = resources(
      `              - {Effect: Allow, Action: 'sqs:A', Resource: !Join ['-', [!Select [0, !Split ['-', !Ref 'AWS::Region']], 'region']]}`,
    );
    // was the literal 'deploying\u2011region' (us + region is us-region in AWS, but the first
    // piece is no known text): now unknown where the piece is, the text around it kept
    expect(isUnknown(r.values[0])).toBe(true);
    expect((r.values[0] as Unknown).reason).toContain('Fn::Split: it compares or transforms a region');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: how an unknown part is shown, not a JavaScript template
    expect(String(r.values[0])).toContain('partly known: ${?}-region');
    expect(r.spelled).toEqual([]);
  });

  it('Fn::Select of an Fn::Split of a string the template writes whole reads its literal', () => {
    const r = resources(
      `              - {Effect: Allow, Action: 'sqs:A', Resource: !Select [1, !Split [',', 'x,deploying-region']]}`,
    );
    expect(r.values).toEqual(['deploying\u2011region']);
    expect(r.spelled).toHaveLength(1);
  });

  it('Fn::ToJsonString cannot spell one across two strings', () => {
    const r = resources(
      `              - {Effect: Allow, Action: 'sqs:A', Resource: !ToJsonString {a: 'deploying-', b: 'region'}}`,
    );
    expect(r.values).toEqual(['{"a":"deploying-","b":"region"}']);
    expect(r.spelled).toEqual([]);
  });
});
