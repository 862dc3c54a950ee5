// The CloudFormation template the outside-escalation tests share (risk-outside-escalation,
// risk-severity-condition-keys): a deploy role whose trust is the test's statement and which may
// pass the administrator role `exec` to CloudFormation (a CDK bootstrap's deploy and execution
// roles, reduced).

/** A deploy role trusting `trust` (a trust statement) that may pass the admin role `exec` to CloudFormation. */
export function deployExecTemplate(
  trust: object,
  options: { passRole?: boolean; parameters?: object } = {},
): object {
  const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });
  return {
    ...(options.parameters ? { Parameters: options.parameters } : {}),
    Resources: {
      Exec: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'exec',
          AssumeRolePolicyDocument: doc([
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudformation.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ]),
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        },
      },
      Deploy: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'deploy',
          AssumeRolePolicyDocument: doc([trust]),
          Policies: [
            {
              PolicyName: 'deploy',
              PolicyDocument: doc([
                { Effect: 'Allow', Action: 'cloudformation:CreateStack', Resource: '*' },
                {
                  Effect: 'Allow',
                  Action: options.passRole === false ? 'iam:GetRole' : 'iam:PassRole',
                  Resource: { 'Fn::GetAtt': ['Exec', 'Arn'] },
                },
              ]),
            },
          ],
        },
      },
    },
  };
}
