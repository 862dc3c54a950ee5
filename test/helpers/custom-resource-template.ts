// The CloudFormation resources the deploy-time code tests share: a role `app` (trusting EC2) and a
// Lambda-backed custom resource `Setup` whose function `setup` runs as role `setup-role`, allowed
// `actions` on `resource`.

/** The trust policy of a Lambda function's role. */
export const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

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
    FnRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'setup-role',
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
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'setup',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: 'exports.handler = async () => {}' },
        Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
      },
    },
    Setup: { Type: 'Custom::Setup', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
  };
}
