// API Gateway facts both adapters share: the `execute-api:/…` shorthand of REST API resource
// policies, and where a REST API's resource policy is written (its `Policy` property or the
// `x-amazon-apigateway-policy` extension of its OpenAPI definition).

import type { PolicyDocument } from '../policy/types.js';

/**
 * In a REST API's resource policy, `execute-api:/stage/method/path` stands for the API's own ARN
 * followed by that path (Amazon API Gateway Developer Guide, "API Gateway resource policy
 * examples", https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html:
 * "API Gateway converts the abbreviated syntax to the full ARN when you save the policy ... You
 * can use execute-api:/* to represent all stages, methods, and paths in the current API"). The
 * document is returned with the shorthand expanded against `apiArn`.
 */
export function expandExecuteApiShorthand(doc: PolicyDocument, apiArn: string): PolicyDocument {
  let changed = false;
  const statements = doc.statements.map((st) => {
    const fix = (list: typeof st.resource) => {
      if (!list?.values.some((v) => typeof v === 'string' && v.startsWith('execute-api:/'))) return list;
      changed = true;
      return {
        ...list,
        values: list.values.map((v) =>
          typeof v === 'string' && v.startsWith('execute-api:/')
            ? `${apiArn}${v.slice('execute-api:'.length)}`
            : v,
        ),
      };
    };
    const resource = fix(st.resource);
    const notResource = fix(st.notResource);
    return resource === st.resource && notResource === st.notResource ? st : { ...st, resource, notResource };
  });
  return changed ? { ...doc, statements } : doc;
}

/** The OpenAPI extension that carries a REST API's resource policy. */
export const OPENAPI_POLICY_EXTENSION = 'x-amazon-apigateway-policy';

/** What the inputs show of a REST API's resource policy, as an adapter reads it. */
export interface RestApiPolicyInputs {
  /** The resource's own policy property / argument is set. */
  policy: boolean;
  /** The inline OpenAPI definition has an `x-amazon-apigateway-policy`. */
  definitionPolicy: boolean;
  /**
   * Why the OpenAPI definition is not in the inputs (in S3, a file or value known only at
   * deployment), or undefined when it is inline or absent.
   */
  definitionOutside: string | undefined;
  /** The policy property wins over the definition's (Terraform documents it; CloudFormation does not). */
  propertyOverrides: boolean;
}

export type RestApiPolicyPlace =
  | { from: 'none' }
  | { from: 'property' }
  | { from: 'definition' }
  | { from: 'unknown'; why: string };

/**
 * Where a REST API's resource policy comes from. The OpenAPI definition imported as the API's
 * body may carry it: `x-amazon-apigateway-policy` "Specifies a resource policy for a REST API"
 * (Amazon API Gateway Developer Guide, "x-amazon-apigateway-policy",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-policy.html).
 * A definition outside the inputs may carry one, so the policy is unknown unless the property
 * is documented to override it; a policy both in the property and in the definition is the
 * property's where that is documented (Terraform), else unknown (CloudFormation does not say
 * which of the two the API keeps).
 */
export function restApiPolicyPlace(inputs: RestApiPolicyInputs): RestApiPolicyPlace {
  if (inputs.policy && inputs.propertyOverrides) return { from: 'property' };
  if (inputs.definitionOutside !== undefined)
    return {
      from: 'unknown',
      why: `the OpenAPI definition of the API is not in the inputs (${inputs.definitionOutside}) and may carry a resource policy (${OPENAPI_POLICY_EXTENSION})`,
    };
  if (inputs.policy && inputs.definitionPolicy)
    return {
      from: 'unknown',
      why: `both the policy property and the OpenAPI definition's ${OPENAPI_POLICY_EXTENSION} set the API's resource policy, and which one the API keeps is not documented`,
    };
  if (inputs.policy) return { from: 'property' };
  if (inputs.definitionPolicy) return { from: 'definition' };
  return { from: 'none' };
}
