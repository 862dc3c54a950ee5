// Warnings that are not (issue 19, item 4): properties and attributes named like policies that
// hold no access policy are not reported as unmodelled policies, and their resources are not kept
// with an unknown policy (src/aws/not-access-policies.ts, each entry citing its reference page);
// a real resource policy iamspec does not model still is. Over the corpus (../shared/corpus,
// MANIFEST.tsv), every remaining cfn/tf unhandled-resource-type warning names a real policy.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { loadModelWithReport } from '../src/adapters/load.js';
import { NO_CLOUD_OBJECT_TYPES, NOT_ACCESS_POLICIES } from '../src/aws/not-access-policies.js';
import { ModelBuilder } from '../src/model/builder.js';
import { modelOf } from './fixtures/cfn/load.js';

const unhandled = (findings: readonly { code: string; message: string }[]) =>
  findings.filter((f) => f.code.endsWith('/unhandled-resource-type')).map((f) => f.message);

const template = `Resources:
  Pool: {Type: AWS::Cognito::UserPool, Properties: {Policies: {PasswordPolicy: {MinimumLength: 12, RequireSymbols: true}}}}
  Lb: {Type: AWS::ElasticLoadBalancing::LoadBalancer, Properties: {Listeners: [], Policies: [{PolicyName: p, PolicyType: SSLNegotiationPolicyType, Attributes: [{Name: Reference-Security-Policy, Value: ELBSecurityPolicy-2016-08}]}]}}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {DataProtectionPolicy: {Name: dp, Version: '2021-06-01', Statement: [{Sid: audit, DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: {Audit: {FindingsDestination: {}}}}]}}}
  Sec: {Type: AWS::OpenSearchServerless::SecurityPolicy, Properties: {Name: enc, Type: encryption, Policy: '{"Rules":[{"ResourceType":"collection","Resource":["collection/logs"]}],"AWSOwnedKey":true}'}}
  Acct: {Type: AWS::Logs::AccountPolicy, Properties: {PolicyName: dp, PolicyType: DATA_PROTECTION_POLICY, PolicyDocument: '{"Name":"dp","Version":"2021-06-01","Statement":[]}'}}
  Ap: {Type: AWS::S3::AccessPoint, Properties: {Bucket: b, Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '*'}]}}}`;

describe('properties named like policies that hold none', () => {
  it('CloudFormation: a Cognito password policy, ELB listener policies, data protection and encryption policies are not unmodelled policies', () => {
    // "Policies: A list of user pool policies. Contains the policy that sets password-complexity
    // requirements" (CloudFormation Template Reference, AWS::Cognito::UserPool); the other
    // entries quote their pages in src/aws/not-access-policies.ts.
    const model = modelOf(template);
    // (the S3 access point's policy is modelled: src/aws/s3-access-points.ts)
    expect(unhandled(model.findings)).toEqual([]);
    // no resource is kept with an unknown policy for them
    const unknownPolicies = model.resources.filter((r) => r.policy?.unknown).map((r) => r.source.logicalId);
    expect(unknownPolicies).toEqual([]);
  });

  it('Terraform: ECR lifecycle, data protection and OpenSearch Serverless security policies are not unmodelled policies', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/tf/not-access-policies', b, {});
    const model = b.build();
    expect(unhandled(model.findings)).toEqual([
      expect.stringContaining(
        'aws_codeartifact_domain_permissions_policy carries a policy (policy_document)',
      ),
    ]);
  });

  it('every entry names its reference page', () => {
    for (const e of NOT_ACCESS_POLICIES) {
      expect(e.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|registry\.terraform\.io)\//);
      expect(e.cfn ?? e.tf).toBeDefined();
    }
  });
});

describe('corpus: the unmodelled-policy warnings left are real', () => {
  const corpus = join(import.meta.dirname, '../../shared/corpus');
  it('no corpus input warns about a property that holds no access policy; the rest name real resource policies', () => {
    expect(existsSync(join(corpus, 'MANIFEST.tsv')), `${corpus} is missing`).toBe(true);
    const files = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0]!);
    const inputs = [...new Set(files.map((f) => /^(cfn\/nested\/[^/]+)\//.exec(f)?.[1] ?? f))];
    const types = new Set<string>();
    for (const input of inputs) {
      const { model } = loadModelWithReport([join(corpus, input)]);
      for (const m of unhandled(model.findings)) types.add(m.split(' ')[0]!);
    }
    for (const e of NOT_ACCESS_POLICIES) {
      if (e.cfn) expect(types.has(e.cfn.type)).toBe(false);
      if (e.tf) expect(types.has(e.tf.type)).toBe(false);
    }
    // Each of these carries a resource-based policy (S3 Multi-Region and S3 Express access points, S3 Tables, CodeArtifact
    // domains, CloudTrail dashboards and event data stores) that iamspec does not model yet.
    expect([...types].sort()).toEqual([
      'AWS::CloudTrail::ResourcePolicy',
      'AWS::CodeArtifact::Domain',
      'AWS::S3::MultiRegionAccessPointPolicy',
      'AWS::S3Express::AccessPoint',
      'AWS::S3Tables::TableBucketPolicy',
      'aws_codeartifact_domain_permissions_policy',
      'aws_s3tables_table_bucket_policy',
      'aws_s3tables_table_policy',
    ]);
  });
});

describe('Terraform resource types that manage no cloud object', () => {
  // Terraform, "terraform_data resource reference": "The terraform_data resource type implements
  // the standard resource lifecycle, but does not directly take any other actions. ... useful for
  // storing values which need to follow a manage resource lifecycle, and for triggering
  // provisioners"; "Provisioners Without a Resource": "Instances of null_resource are treated like
  // normal resources, but they don't do anything." Before, a policy-like `input` or `triggers`
  // value was reported as tf/unhandled-resource-type and kept as a resource of unknown policy.
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
  });

  function load(extra: Record<string, unknown> = {}) {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1' }] },
        resource: {
          terraform_data: { stored: { input: policy, triggers_replace: { policy } } },
          null_resource: { trigger: { triggers: { policy } } },
          ...extra,
        },
      },
      b,
    );
    return b.build();
  }

  it('terraform_data input and null_resource triggers holding a policy are not unmodelled policies', () => {
    const model = load();
    expect(unhandled(model.findings)).toEqual([]);
    expect(model.resources.filter((r) => r.policy?.unknown)).toEqual([]);
  });

  it('a real unmodelled policy beside them is still reported', () => {
    const model = load({
      aws_codeartifact_domain_permissions_policy: { p: { domain: 'd', policy_document: policy } },
    });
    expect(unhandled(model.findings)).toEqual([
      expect.stringContaining(
        'aws_codeartifact_domain_permissions_policy carries a policy (policy_document)',
      ),
    ]);
  });

  it('every entry names its reference page', () => {
    for (const e of NO_CLOUD_OBJECT_TYPES) expect(e.url).toMatch(/^https:\/\/developer\.hashicorp\.com\//);
  });
});
