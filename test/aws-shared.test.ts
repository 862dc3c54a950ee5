// The AWS facts both adapters share (src/aws): ARN formats filled from the catalog's templates,
// queue URLs, the Lambda FunctionName pattern and the AddPermission statement (an unknown
// principal stays an unknown Principal element), the default key policy, ModelBuilder.findPrincipal
// and the key under which a resource's policy governs ARNs beneath it.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { ARN, arnTemplate, policyHolderKey } from '../src/aws/arn-formats.js';
import { defaultKeyPolicy } from '../src/aws/kms.js';
import { lambdaPermissionDocument, parseFunctionName, permissionPrincipal } from '../src/aws/lambda.js';
import { kindOfArn, nameFromArn, RESOURCE_POLICIES } from '../src/aws/resource-policies.js';
import { queueFromUrl } from '../src/aws/sqs.js';
import { compileModel } from '../src/engine/index.js';
import { accountRootArn, iamArn, s3BucketArn } from '../src/model/arns.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const ENV = { partition: 'aws', region: 'eu-west-1', account: '111122223333' };

describe('ARN formats come from the catalog', () => {
  it('fills the catalog templates', () => {
    expect(arnTemplate('dynamodb', 'table')).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalog ARN template / Terraform interpolation, literal text
      'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
    );
    expect(ARN.table(ENV, 'orders')).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/orders');
    expect(ARN.queue(ENV, 'jobs')).toBe('arn:aws:sqs:eu-west-1:111122223333:jobs');
    expect(ARN.function(ENV, 'f')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:f');
    expect(ARN.backupVault(ENV, 'v')).toBe('arn:aws:backup:eu-west-1:111122223333:backup-vault:v');
    expect(ARN.glueCatalog(ENV)).toBe('arn:aws:glue:eu-west-1:111122223333:catalog');
    expect(ARN.restApi(ENV, 'a1b2c3')).toBe('arn:aws:execute-api:eu-west-1:111122223333:a1b2c3');
    expect(ARN.eventRule(ENV, undefined, 'r')).toBe('arn:aws:events:eu-west-1:111122223333:rule/r');
    expect(ARN.eventRule(ENV, 'bus', 'r')).toBe('arn:aws:events:eu-west-1:111122223333:rule/bus/r');
  });

  it("the model builder's IAM and S3 ARNs agree with the catalog", () => {
    for (const kind of ['user', 'group', 'role', 'policy', 'instance-profile'] as const) {
      expect(iamArn('aws', ENV.account, kind, 'n', '/a/b/')).toBe(
        ARN.iam('aws', ENV.account, kind, 'n', '/a/b/'),
      );
      expect(iamArn('aws', ENV.account, kind, 'n')).toBe(ARN.iam('aws', ENV.account, kind, 'n'));
    }
    expect(s3BucketArn('aws-cn', 'b')).toBe(ARN.bucket('aws-cn', 'b'));
  });

  it('reads the name back from an ARN of each described kind', () => {
    for (const d of RESOURCE_POLICIES) {
      if (d.kind === 'dynamodb-stream' || d.kind === 'glue-catalog') continue;
      const name = d.kind === 'lambda-layer-version' ? 'layer:3' : 'name-1';
      const arn = d.arn(ENV, name);
      expect(nameFromArn(d, arn)).toBe(name);
      expect(kindOfArn(arn)?.kind).toBe(d.kind);
    }
    expect(
      kindOfArn('arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream/2024-01-01T00:00:00.000')?.kind,
    ).toBe('dynamodb-stream');
  });

  it('the policy holder of an ARN', () => {
    expect(policyHolderKey('arn:aws:s3:::b/k/x')).toBe('arn:aws:s3:::b');
    expect(policyHolderKey('arn:aws:lambda:eu-west-1:111122223333:function:f:prod')).toBe(
      'arn:aws:lambda:eu-west-1:111122223333:function:f',
    );
    expect(policyHolderKey('arn:aws:dynamodb:eu-west-1:111122223333:table/t/index/i')).toBe(
      'arn:aws:dynamodb:eu-west-1:111122223333:table/t',
    );
    expect(policyHolderKey('arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream/2024')).toBe(
      'arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream',
    );
    expect(policyHolderKey('arn:aws:glue:eu-west-1:111122223333:table/db/t')).toBe(
      'arn:aws:glue:eu-west-1:111122223333:catalog',
    );
    expect(policyHolderKey('arn:aws:sqs:eu-west-1:111122223333:q')).toBe(
      'arn:aws:sqs:eu-west-1:111122223333:q',
    );
  });
});

describe('SQS queue URLs', () => {
  // Amazon SQS Developer Guide, "Amazon SQS queue and message identifiers": "the queue URL ...
  // https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue"
  it('reads the current, legacy and China forms, and ARNs', () => {
    expect(queueFromUrl('https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue', 'aws')?.arn).toBe(
      'arn:aws:sqs:us-east-2:123456789012:MyQueue',
    );
    expect(queueFromUrl('https://queue.amazonaws.com/123456789012/q', 'aws')?.region).toBe('us-east-1');
    expect(queueFromUrl('https://eu-west-1.queue.amazonaws.com/123456789012/q', 'aws')?.arn).toBe(
      'arn:aws:sqs:eu-west-1:123456789012:q',
    );
    expect(queueFromUrl('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q', 'aws-cn')?.arn).toBe(
      'arn:aws-cn:sqs:cn-north-1:123456789012:q',
    );
    expect(queueFromUrl('arn:aws:sqs:eu-west-1:123456789012:q', 'aws')?.name).toBe('q');
    expect(queueFromUrl('arn:aws:sns:eu-west-1:123456789012:t', 'aws')).toBeUndefined();
    expect(queueFromUrl('not a queue', 'aws')).toBeUndefined();
  });
});

describe('Lambda', () => {
  // AWS Lambda API Reference, "AddPermission", FunctionName: "Function name – my-function (name-only),
  // my-function:v1 (with alias). Function ARN – arn:aws:lambda:us-west-2:123456789012:function:my-function.
  // Partial ARN – 123456789012:function:my-function."
  it('FunctionName: name, name with qualifier, partial ARN, ARN', () => {
    expect(parseFunctionName('my-function', ENV)?.functionArn).toBe(
      'arn:aws:lambda:eu-west-1:111122223333:function:my-function',
    );
    expect(parseFunctionName('my-function:v1', ENV)?.qualifiedArn).toBe(
      'arn:aws:lambda:eu-west-1:111122223333:function:my-function:v1',
    );
    expect(parseFunctionName('123456789012:function:my-function', ENV)?.account).toBe('123456789012');
    const arn = parseFunctionName('arn:aws:lambda:us-west-2:123456789012:function:my-function', ENV)!;
    expect([arn.region, arn.account, arn.qualifier]).toEqual(['us-west-2', '123456789012', undefined]);
    expect(parseFunctionName('not/a/function', ENV)).toBeUndefined();
  });

  it('an unknown principal is an unknown Principal element, not an AWS principal', () => {
    const u = new Unknown('known after apply');
    expect(permissionPrincipal(u, 'aws')).toBe(u);
    expect(permissionPrincipal('111122223333', 'aws')).toEqual({ AWS: 'arn:aws:iam::111122223333:root' });
    expect(permissionPrincipal('s3.amazonaws.com', 'aws')).toEqual({ Service: 's3.amazonaws.com' });
    const { document } = lambdaPermissionDocument(
      {
        principal: u,
        action: 'lambda:InvokeFunction',
        resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
      },
      'aws',
    );
    expect((document.Statement as Record<string, unknown>[])[0]!.Principal).toBe(u);
  });

  // The principal might be a service: a service principal's invoke must be indeterminate. With
  // `{AWS: Unknown}` (what the Terraform adapter wrote before) it was a definite deny, a pass
  // where access might exist.
  it("Terraform: a permission whose principal is known only after apply leaves a service's invoke indeterminate", () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: { region: 'eu-west-1', allowed_account_ids: ['111122223333'] } },
        variable: { caller: { type: 'string' } },
        resource: {
          aws_lambda_function: {
            f: {
              function_name: 'f',
              role: 'arn:aws:iam::111122223333:role/r',
              handler: 'h',
              runtime: 'nodejs22.x',
            },
          },
          aws_lambda_permission: {
            p: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalog ARN template / Terraform interpolation, literal text
              function_name: '${aws_lambda_function.f.function_name}',
              action: 'lambda:InvokeFunction',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalog ARN template / Terraform interpolation, literal text
              principal: '${var.caller}',
            },
          },
        },
      },
      b,
    );
    const engine = compileModel(b.build());
    const d = engine.decide({
      principal: 'events.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('KMS default key policy', () => {
  // AWS KMS Developer Guide, "Default key policy": "The default key policy gives the AWS account
  // that owns the KMS key full access to the KMS key".
  it('allows the owning account kms:*', () => {
    const doc = parsePolicy(defaultKeyPolicy('aws', '111122223333'), { kind: 'resource', source: {} });
    expect(doc.statements[0]!.principal!.aws!.values).toEqual([accountRootArn('aws', '111122223333')]);
    expect(doc.statements[0]!.action!.values).toEqual(['kms:*']);
  });
});

describe('ModelBuilder.findPrincipal', () => {
  it('takes the account from an ARN, the default account for a name', () => {
    const b = new ModelBuilder();
    const here = b.addRole({ name: 'deploy', account: '111122223333', source: {} });
    const there = b.addRole({ name: 'deploy', account: '444455556666', source: {} });
    expect(b.findPrincipal('role', 'deploy', '111122223333')).toBe(here);
    expect(b.findPrincipal('role', 'arn:aws:iam::444455556666:role/deploy', '111122223333')).toBe(there);
    // The same role written with another path.
    expect(b.findPrincipal('role', 'arn:aws:iam::444455556666:role/ops/deploy', '111122223333')).toBe(there);
    expect(b.findPrincipal('user', 'arn:aws:iam::444455556666:role/deploy', '111122223333')).toBeUndefined();
    expect(b.findPrincipal('role', 'arn:aws:iam::999999999999:role/deploy', '111122223333')).toBeUndefined();
  });
});
