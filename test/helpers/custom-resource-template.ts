// The CloudFormation resources the deploy-time code tests share: a role `app` (trusting EC2) and a
// Lambda-backed custom resource `Setup` whose function `setup` runs as role `setup-role`, allowed
// `actions` on `resource`.

/** The trust policy of a Lambda function's role. */
export const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** A role `name` trusting Lambda, whose inline policy `p` allows `actions` on `resource`. */
export function lambdaRole(name: string, actions: string | string[], resource: unknown = '*') {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: lambdaTrust,
      Policies: [
        {
          PolicyName: 'p',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
          },
        },
      ],
    },
  };
}

/** A Lambda function `name` (Node.js, inline `code`) that runs as `role`. */
export function lambdaFunction(name: string, role: unknown, code = 'x') {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: code },
      Role: role,
    },
  };
}

/** Resources App, FnRole, Fn and Setup: the custom resource's function role may do `actions` on `resource`. */
export function customResourceResources(actions: string[], resource: unknown = '*'): Record<string, unknown> {
  return {
    App: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'app',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
    FnRole: lambdaRole('setup-role', actions, resource),
    Fn: lambdaFunction('setup', { 'Fn::GetAtt': ['FnRole', 'Arn'] }, 'exports.handler = async () => {}'),
    Setup: { Type: 'Custom::Setup', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
  };
}

/**
 * A provider framework's handler (the CDK Provider): function `handler` running as role
 * `handler-role`, which may do `action` on `*`.
 */
export function handlerResources(action: string): Record<string, unknown> {
  return {
    HandlerRole: lambdaRole('handler-role', action),
    Handler: lambdaFunction('handler', { 'Fn::GetAtt': ['HandlerRole', 'Arn'] }),
  };
}

/** The first statement of the first inline policy of role `id` among `resources`, to change in place. */
export function firstInlineStatement(resources: unknown, id: string): Record<string, unknown> {
  const role = (resources as Record<string, { Properties: Record<string, unknown> }>)[id]!;
  return (role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]!
    .PolicyDocument.Statement[0]!;
}
