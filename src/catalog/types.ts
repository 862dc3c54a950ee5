// The catalog contract: AWS facts the policy grammar and the engine need (services, actions,
// resource types with ARN formats, condition keys, AWS managed policies).

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogAction {
  /** `service:ActionName` with the catalog's casing. */
  name: string;
  service: string;
  accessLevel: AccessLevel;
  /** Resource type keys the action accepts; empty = only `*`. `required` marks the required ones. */
  resourceTypes: readonly { name: string; required: boolean }[];
  conditionKeys: readonly string[];
}

export interface CatalogResourceType {
  service: string;
  name: string;
  /** ARN templates, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arns: readonly string[];
}

export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'Bool'
  | 'ArrayOfBool'
  | 'ARN'
  | 'ArrayOfARN'
  | 'IPAddress'
  | 'Binary'
  | 'Unknown';
