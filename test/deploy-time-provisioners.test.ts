// Deploy-time commands iamspec reads from their text (src/aws/shell-words.ts,
// src/aws/cli-commands.ts) and the provisioners that run them
// (src/adapters/terraform/handlers/local-exec.ts); the narrowing of an AWS CLI call and of a CDK
// AwsCustomResource call by the parameter naming what it acts on
// (src/aws/access-changes.ts `narrowAccessChangeByParameters`).
// Pages the rules come from:
// - Bash Reference Manual, "Quoting": "A non-quoted backslash `\` is the Bash escape character. It
//   preserves the literal value of the next character that follows, with the exception of
//   newline. If a `\newline` pair appears, and the backslash itself is not quoted, the
//   `\newline` is treated as a line continuation (that is, it is removed from the input stream
//   and effectively ignored)." "Enclosing characters in single quotes preserves the literal value
//   of each character within the quotes." "Enclosing characters in double quotes preserves the
//   literal value of all characters within the quotes, with the exception of `$`, `` ` ``, `\`".
// - Terraform, "JSON Output Format", configuration representation: `"provisioners" is an optional
//   field which describes any provisioners. Connection info will not be included here.`
//   (`{"type": "local-exec", "expressions": <block-expressions-representation>}`).
// - Terraform, "remote-exec Provisioner": "The remote-exec provisioner invokes a script on a
//   remote resource after it is created."; "inline - This is a list of command strings.";
//   "Provisioner Connection Settings": "expressions can use the `self` object, which represents
//   the connection's parent resource". Amazon EC2 User Guide, "IAM roles for Amazon EC2":
//   applications on the instance use the credentials of its instance profile's role.
// - IAM API Reference, PutRolePolicy `RoleName`: "The name of the role to associate the policy
//   with."; Amazon S3 API Reference, PutBucketPolicy `Bucket`: "The name of the bucket."

import { describe, expect, it } from 'vitest';
import { ANY_ACCESS_CHANGE } from '../src/aws/access-changes.js';
import { shellCommandChange } from '../src/aws/cli-commands.js';
import { shellLine } from '../src/aws/shell-words.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { checkTempFilesWithText } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const M = '\u0000';
const E = { partition: 'aws', account: ACCOUNT };
const ROLE_APP = [`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::${ACCOUNT}:role/*/app`];

async function check(files: Record<string, string>, input: string, spec: string, extra: string[] = []) {
  const { text, expectations } = await checkTempFilesWithText(files, spec, {
    input,
    args: ['--account', ACCOUNT, ...extra],
  });
  return { run: text, statuses: expectations.map((e) => e.status) };
}

const TRUST_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: only-ec2\n    resource: role/app\n    action: sts:AssumeRole\n    onlyPrincipals: [ec2.amazonaws.com]\n`;
const CANNOT_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`;

describe('shell words', () => {
  const words = (text: string) => shellLine(text, M).commands.map((c) => c.map((w) => w.text));

  it('quotes, backslashes and line continuations', () => {
    expect(words(`aws iam put-role-policy --role-name 'app role' --x "a \\"b\\" \\$c"`)).toEqual([
      ['aws', 'iam', 'put-role-policy', '--role-name', 'app role', '--x', 'a "b" $c'],
    ]);
    expect(words('aws iam \\\n  put-role-policy \\\n  --role-name app')).toEqual([
      ['aws', 'iam', 'put-role-policy', '--role-name', 'app'],
    ]);
    expect(words('\'aws\' "iam" a\\ b')).toEqual([['aws', 'iam', 'a b']]);
  });

  it('separators, redirections, comments and here-documents', () => {
    expect(words('echo "a; b" && aws s3 ls; x | y & z || w\nv')).toEqual([
      ['echo', 'a; b'],
      ['aws', 's3', 'ls'],
      ['x'],
      ['y'],
      ['z'],
      ['w'],
      ['v'],
    ]);
    expect(words('aws iam list-roles > out.json 2>&1 # aws iam attach-role-policy')).toEqual([
      ['aws', 'iam', 'list-roles'],
    ]);
    expect(words('cat > p.json <<\'EOF\'\n{"Statement": []}\n./x.sh\nEOF\necho done')).toEqual([
      ['cat'],
      ['echo', 'done'],
    ]);
  });

  it('what a shell would expand is not known; substitutions make the line opaque', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion
    const line = shellLine('aws iam put-role-policy --role-name $ROLE --policy-name "p-${X}" app*', M);
    expect(line.commands[0]!.map((w) => w.known)).toEqual([
      true,
      true,
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    for (const opaque of [
      'echo $(./grant.sh)',
      'echo "`./grant.sh`"',
      "echo 'x",
      'diff <(a) b',
      'cat <<EOF\n$(x)\nEOF',
    ])
      expect(shellLine(opaque, M).opaque, opaque).toBeDefined();
    // a quoted here-document delimiter: the body is not expanded
    expect(shellLine("cat <<'EOF'\n$(x)\nEOF", M).opaque).toBeUndefined();
  });
});

describe('what a command line may change', () => {
  const change = (text: string) => shellCommandChange(text, M, E)?.change;

  it('a command substitution runs what it holds: anything (it was read as a harmless echo)', () => {
    expect(change('echo $(aws iam attach-role-policy --role-name app --policy-arn x)')).toEqual(
      ANY_ACCESS_CHANGE,
    );
    expect(change('echo "`./grant.sh`"')).toEqual(ANY_ACCESS_CHANGE);
  });

  it('a quoted or continued --role-name bounds the call to that role', () => {
    const bound = { principals: true, trust: false, resources: false, principalArns: ROLE_APP };
    for (const text of [
      "aws iam put-role-policy --role-name 'app' --policy-name p --policy-document file://p.json",
      'aws iam put-role-policy --role-name "app" --policy-name p --policy-document file://p.json',
      'aws iam put-role-policy --role-name=app --policy-name p --policy-document file://p.json',
      'aws iam put-role-policy \\\n  --role-name app \\\n  --policy-name p --policy-document file://p.json',
      "'aws' iam attach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess",
    ])
      expect(change(text), text).toEqual(bound);
    expect(
      change('aws iam update-assume-role-policy --role-name app --policy-document file://t.json'),
    ).toEqual({
      principals: false,
      trust: true,
      resources: false,
      trustArns: ROLE_APP,
    });
    expect(
      change("aws s3api put-bucket-policy --bucket 'data' --policy file://p.json")?.resourceArns,
    ).toEqual(['arn:aws:s3:::data']);
  });

  it('a name the text leaves unknown, parameters from a file, a name given twice: every element', () => {
    for (const text of [
      'aws iam put-role-policy --role-name $ROLE --policy-name p --policy-document file://p.json',
      `aws iam put-role-policy --role-name ${M} --policy-name p --policy-document file://p.json`,
      'aws iam put-role-policy --cli-input-json file://in.json --role-name app',
      'aws iam put-role-policy --role-name app --role-name other --policy-name p',
    ])
      expect(change(text), text).toEqual({ principals: true, trust: false, resources: false });
  });

  it('a program, service or operation the text leaves unknown: anything', () => {
    for (const text of [
      '$AWS iam attach-role-policy',
      'aws $SVC attach-role-policy',
      'bash -c "$X"',
      'curl x | sh',
    ])
      expect(change(text), text).toEqual(ANY_ACCESS_CHANGE);
  });
});

/** A minimal plan: role `app` (trusting EC2), and `null_resource.setup` whose configuration has `provisioners`. */
function plan(provisioners: unknown[]): string {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const roleValues = {
    name: 'app',
    assume_role_policy: trust,
    arn: `arn:aws:iam::${ACCOUNT}:role/app`,
    path: '/',
  };
  const resource = (type: string, name: string, values: unknown) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: type.startsWith('aws_')
      ? 'registry.terraform.io/hashicorp/aws'
      : 'registry.terraform.io/hashicorp/null',
    values,
  });
  const change = (type: string, name: string, after: unknown) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: type.startsWith('aws_')
      ? 'registry.terraform.io/hashicorp/aws'
      : 'registry.terraform.io/hashicorp/null',
    change: { actions: ['create'], before: null, after, after_unknown: {} },
  });
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: {
      root_module: {
        resources: [
          resource('aws_iam_role', 'app', roleValues),
          resource('null_resource', 'setup', { triggers: null }),
        ],
      },
    },
    resource_changes: [
      change('aws_iam_role', 'app', roleValues),
      change('null_resource', 'setup', { triggers: null }),
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_iam_role.app',
            mode: 'managed',
            type: 'aws_iam_role',
            name: 'app',
            expressions: { name: { constant_value: 'app' } },
          },
          {
            address: 'null_resource.setup',
            mode: 'managed',
            type: 'null_resource',
            name: 'setup',
            provisioners,
          },
        ],
      },
    },
  });
}

describe('provisioners of a plan read without its configuration directory', () => {
  const localExec = (expressions: unknown) => [{ type: 'local-exec', expressions }];

  it("a local-exec command in the plan's configuration: what it changes (it changed nothing)", async () => {
    const r = await check(
      {
        'plan.json': plan(
          localExec({
            command: {
              constant_value:
                'aws iam update-assume-role-policy --role-name app --policy-document file://t.json',
            },
          }),
        ),
      },
      'plan.json',
      TRUST_SPEC,
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('tf/local-exec-changes-access');
    expect(r.run.stderr).toContain(
      'the local-exec provisioner of null_resource.setup runs aws iam update-assume-role-policy',
    );
    // on another role: this role's trust stays decided
    const other = await check(
      {
        'plan.json': plan(
          localExec({
            command: {
              constant_value:
                'aws iam update-assume-role-policy --role-name other --policy-document file://t.json',
            },
          }),
        ),
      },
      'plan.json',
      TRUST_SPEC,
    );
    expect(other.statuses).toEqual(['pass']);
  });

  it('a command given by references (known after apply), or another interpreter: anything', async () => {
    for (const expressions of [
      { command: { references: ['var.cmd'] } },
      { command: { constant_value: 'echo ok' }, interpreter: { constant_value: ['python3', '-c'] } },
    ]) {
      const r = await check({ 'plan.json': plan(localExec(expressions)) }, 'plan.json', CANNOT_SPEC);
      expect(r.statuses, JSON.stringify(expressions)).toEqual(['indeterminate']);
    }
    const harmless = await check(
      { 'plan.json': plan(localExec({ command: { constant_value: 'echo ok && sleep 1' } })) },
      'plan.json',
      CANNOT_SPEC,
    );
    expect(harmless.statuses).toEqual(['pass']);
    expect(harmless.run.stderr).not.toContain('tf/local-exec-changes-access');
  });

  it('a remote-exec provisioner: its host is not in the plan, so a script may change anything', async () => {
    const r = await check(
      {
        'plan.json': plan([
          { type: 'remote-exec', expressions: { inline: { constant_value: ['sudo ./setup.sh'] } } },
        ]),
      },
      'plan.json',
      CANNOT_SPEC,
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('tf/remote-exec-changes-access');
    expect(r.run.stderr).toContain('on a remote host the inputs do not pin down');
  });
});

describe('a local-exec interpreter', () => {
  const config = (interpreter: string) => `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
resource "terraform_data" "run" {
  provisioner "local-exec" {
    command = "echo ok"
    interpreter = ${interpreter}
  }
}
`;

  // Terraform, "local-exec Provisioner": "interpreter - (Optional) If provided, this is a list of
  // interpreter arguments used to execute the command. The first argument is the interpreter itself."
  it('a POSIX shell with -c runs the command as a shell line; another interpreter its own language', async () => {
    const bash = await check({ 'main.tf': config('["/bin/bash", "-c"]') }, '.', CANNOT_SPEC);
    expect(bash.statuses).toEqual(['pass']);
    const python = await check({ 'main.tf': config('["python3", "-c"]') }, '.', CANNOT_SPEC);
    expect(python.statuses).toEqual(['indeterminate']);
    expect(python.run.stderr).toContain('its interpreter python3 -c runs the command');
  });
});

describe('remote-exec provisioners', () => {
  const base = `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('host', 'ec2.amazonaws.com')}
resource "aws_iam_instance_profile" "host" {
  name = "host"
  role = aws_iam_role.host.name
}
`;
  const hostPolicy = (actions: string[]) => `resource "aws_iam_role_policy" "host" {
  role = aws_iam_role.host.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${JSON.stringify(actions)}, Resource = "*" }] })
}
`;
  const instance = (body: string) => `resource "aws_instance" "web" {
  ami = "ami-12345678"
  instance_type = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.host.name
  connection {
    type = "ssh"
    user = "ec2-user"
    host = self.public_ip
  }
${body}
}
`;
  const script = `  provisioner "remote-exec" {
    inline = ["chmod +x /tmp/setup.sh", "sudo /tmp/setup.sh"]
  }`;

  it("a script on an aws_instance: bounded by its instance profile's role", async () => {
    const quiet = await check(
      { 'main.tf': base + hostPolicy(['logs:PutLogEvents']) + instance(script) },
      '.',
      TRUST_SPEC,
    );
    expect(quiet.statuses).toEqual(['pass']);
    expect(quiet.run.stderr).not.toContain('tf/remote-exec-changes-access');
    const trust = await check(
      { 'main.tf': base + hostPolicy(['iam:UpdateAssumeRolePolicy']) + instance(script) },
      '.',
      TRUST_SPEC,
    );
    expect(trust.statuses).toEqual(['indeterminate']);
    expect(trust.run.stderr).toContain('tf/remote-exec-changes-access');
    expect(trust.run.stderr).toContain(
      'the remote-exec provisioner of aws_instance.web runs sudo: it runs on aws_instance.web',
    );
    expect(trust.run.stderr).toContain('whose role host may call iam:UpdateAssumeRolePolicy');
  });

  it('a file copied to the host, credentials the commands set, or a host that is no instance of the inputs: anything', async () => {
    const file = `  provisioner "file" {
    source = "credentials"
    destination = "/home/ec2-user/.aws/credentials"
  }
${script}`;
    const env = `  provisioner "remote-exec" {
    inline = ["export AWS_PROFILE=admin", "/tmp/setup.sh"]
  }`;
    for (const body of [file, env]) {
      const r = await check(
        { 'main.tf': base + hostPolicy(['logs:PutLogEvents']) + instance(body) },
        '.',
        CANNOT_SPEC,
      );
      expect(r.statuses, body).toEqual(['indeterminate']);
      expect(r.run.stderr, body).toContain('tf/remote-exec-changes-access');
    }
    const elsewhere = `variable "host" {}
resource "null_resource" "setup" {
  connection {
    host = var.host
  }
${script}
}
`;
    const r = await check(
      { 'main.tf': base + hostPolicy(['logs:PutLogEvents']) + elsewhere },
      '.',
      CANNOT_SPEC,
      ['--var', 'host=10.0.0.1'],
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('on a remote host the inputs do not pin down');
  });

  it('harmless inline commands change nothing; an aws CLI call changes what it names', async () => {
    const harmless = `  provisioner "remote-exec" {
    inline = ["echo hello", "sleep 3"]
  }`;
    const h = await check({ 'main.tf': base + hostPolicy(['iam:*']) + instance(harmless) }, '.', TRUST_SPEC);
    expect(h.statuses).toEqual(['pass']);
    const other = `  provisioner "remote-exec" {
    inline = ["aws iam update-assume-role-policy --role-name other --policy-document file:///tmp/t.json"]
  }`;
    const o = await check({ 'main.tf': base + hostPolicy(['iam:*']) + instance(other) }, '.', TRUST_SPEC);
    expect(o.statuses).toEqual(['pass']);
    expect(o.run.stderr).toContain('tf/remote-exec-changes-access');
  });
});

describe('a CDK AwsCustomResource call bounded by its parameters', () => {
  const call = (action: string, parameters: Record<string, unknown>) => ({
    App: customResourceResources([]).App,
    Call: {
      Type: 'Custom::AWS',
      Properties: {
        ServiceToken: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:provider`,
        Create: JSON.stringify({ service: action.split(':')[0], action: action.split(':')[1], parameters }),
      },
    },
  });
  const cfn = (resources: unknown, spec: string) =>
    check({ 't.json': JSON.stringify({ Resources: resources }) }, 't.json', spec, ['--region', 'us-east-1']);

  it("iam:PutRolePolicy with RoleName: only that role's policies (it made every principal's unknown)", async () => {
    const other = await cfn(
      call('IAM:putRolePolicy', { RoleName: 'other', PolicyName: 'p', PolicyDocument: '{}' }),
      CANNOT_SPEC,
    );
    expect(other.statuses).toEqual(['pass']);
    expect(other.run.stderr).toContain(`users' and roles' policies (arn:aws:iam::${ACCOUNT}:role/other`);
    const app = await cfn(
      call('IAM:attachRolePolicy', { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/x' }),
      CANNOT_SPEC,
    );
    expect(app.statuses).toEqual(['indeterminate']);
    // a group's policy reaches its members: not bounded
    const group = await cfn(
      call('IAM:putGroupPolicy', { GroupName: 'g', PolicyName: 'p', PolicyDocument: '{}' }),
      CANNOT_SPEC,
    );
    expect(group.statuses).toEqual(['indeterminate']);
  });

  it("s3:PutBucketPolicy with Bucket: only that bucket's policy", async () => {
    const buckets = (...names: string[]) =>
      Object.fromEntries(
        names.map((n, i) => [`B${i}`, { Type: 'AWS::S3::Bucket', Properties: { BucketName: n } }]),
      );
    const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n${['data', 'scratch']
      .map(
        (b) =>
          `  - id: ${b}\n    resource: arn:aws:s3:::${b}/x\n    action: s3:GetObject\n    onlyPrincipals: ["${ACCOUNT}"]\n`,
      )
      .join('')}`;
    const r = await cfn(
      { ...buckets('data', 'scratch'), ...call('S3:putBucketPolicy', { Bucket: 'scratch', Policy: '{}' }) },
      spec,
    );
    expect(r.statuses).toEqual(['pass', 'indeterminate']);
  });
});

describe('resource policies added at build bound a function role too, whatever the order', () => {
  const fn = `${tfServiceRole('fn', 'lambda.amazonaws.com')}
${tfInvokedSetupFunction()}
`;
  // a bucket policy whose bucket is not known: it may be on any bucket of the account
  const grant = `variable "bucket" {}
resource "aws_s3_bucket_policy" "grant" {
  bucket = var.bucket
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.fn.arn }, Action = "s3:PutBucketPolicy", Resource = "arn:aws:s3:::\${var.bucket}" }] })
}
`;
  const bucket = `resource "aws_s3_bucket" "b" { bucket = "scratch" }
`;
  const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: scratch\n    resource: arn:aws:s3:::scratch/x\n    action: s3:GetObject\n    onlyPrincipals: []\n`;

  it('a bucket policy of unknown bucket allowing the role s3:PutBucketPolicy: the buckets it may apply to (it passed)', async () => {
    for (const text of [
      `provider "aws" { region = "us-east-1" }\n${fn}${grant}${bucket}`,
      `provider "aws" { region = "us-east-1" }\n${bucket}${grant}${fn}`,
    ]) {
      const r = await check({ 'main.tf': text }, '.', spec);
      expect(r.statuses).toEqual(['indeterminate']);
      expect(r.run.stderr).toContain('tf/lambda-invocation-changes-access');
      expect(r.run.stderr).toContain(
        'is allowed to change access by the policy of a s3-bucket resource it may apply to',
      );
    }
  });
});
