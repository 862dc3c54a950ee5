// API Gateway facts both adapters share: the `execute-api:/…` shorthand of REST API resource
// policies.

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
