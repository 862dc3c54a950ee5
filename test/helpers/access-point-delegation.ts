// The bucket `company-data` of the S3 access point tests and its policy delegating access control
// to access points (the S3 User Guide's "Delegating access control to access points": everything
// for `"*"` under a condition on `s3:DataAccessPointAccount` / `s3:DataAccessPointArn`), as
// CloudFormation YAML lines of a template's Resources (logical ids `Data`, `DataPolicy`).

import { cfnBucketPolicy } from './cfn-templates.js';

/** The bucket `company-data` (logical id `Data`), one Resources line. */
export const DATA_BUCKET = '  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data}}';

/** The condition delegating to the access points of `account`. */
export const byAccessPointAccount = (account: string) =>
  `{StringEquals: {'s3:DataAccessPointAccount': '${account}'}}`;

/** The bucket policy (logical id `DataPolicy`) allowing everything for `"*"` under `condition`. */
export const delegatingPolicy = (condition: string) =>
  `\n${cfnBucketPolicy('DataPolicy', 'Data', [
    `{Effect: Allow, Principal: {AWS: '*'}, Action: '*', Resource: ['arn:aws:s3:::company-data', 'arn:aws:s3:::company-data/*'], Condition: ${condition}}`,
  ]).trimEnd()}`;
