// Users and roles of the inputs' own accounts that a policy of the inputs names by EXACT ARN in a
// `Principal` / `NotPrincipal` element (a bucket, key, queue or topic policy, a role trust policy:
// `{"AWS": "arn:aws:iam::111122223333:role/byname"}`; CDK `Role.fromRoleName(s, 'X', 'byname',
// { addGrantsToResources: true })` + `bucket.grantRead(role)`; Terraform a bucket policy naming
// `data.aws_iam_role.x.arn`) but do not define: the one rule that they exist. AWS checks the
// principals of a resource-based or trust policy when it is saved: a user or role ARN that names
// nothing makes the policy fail ("Invalid principal in policy"), and the ARN is kept as the
// principal's unique id. So the inputs prove such a principal exists, outside them: it becomes an
// imported principal of the model (`ModelBuilder.addImportedPrincipal`: identity policies,
// permissions boundary and trust unknown), not "no such role" under the closed-accounts reading
// (spec/run.ts `OWN_ACCOUNT_PRINCIPALS_NOTE`), and every analysis meets it as a model principal.
// An ARN whose path is unknown but whose name is known (a Terraform `data.aws_iam_role.x.arn`:
// `role/(unknown-path=data.aws_iam_role.x)/x`) names one principal too: IAM names are unique in an
// account whatever the path (src/model/named-principals.ts); it is imported with the ARN as written.
// A pattern (`role/app-*`), an ARN with an unknown name part, a name in a condition
// (`aws:PrincipalArn`) proves no one principal: those stay under the closed-accounts reading. A
// unique id (`AROA…`) is another rule (src/model/unique-ids.ts). An ARN of an account outside the
// inputs is an external principal already (engine/principal.ts).
// A VPC endpoint policy (`AWS::EC2::VPCEndpoint` PolicyDocument, `aws_vpc_endpoint` policy,
// `aws_vpc_endpoint_policy`) is not read: its documented checks (AWS PrivateLink Guide, "Control
// access to VPC endpoints using endpoint policies", Considerations: "It must contain a Principal
// element. The size of an endpoint policy cannot exceed 20,480 characters, including white
// space.", wildcards with system-generated keys, the account part of ARNs) do not include that
// the principals it names exist, so it proves none; and it grants nothing ("An endpoint policy
// does not override or replace identity-based policies or resource-based policies": it only
// narrows, aws/resource-policies.ts `narrowsOnly`), so a principal it names is never reached
// through it. Such a name stays under the closed-accounts reading, as one in a condition does.
//
// AWS re:Post Knowledge Center, "Invalid principal in policy" (S3 bucket policy): "You receive the
// Error: Invalid principal in policy message when the value of a Principal in your bucket policy
// isn't valid. ... If the Principal is an AWS Identity and Access Management (IAM) user or role,
// then confirm that the user or role wasn't deleted." IAM User Guide, "AWS JSON policy elements:
// Principal", IAM roles: "If your Principal element in a role trust policy contains an ARN that
// points to a specific IAM role, then that ARN transforms to the role's unique principal ID when
// you save the policy."

import type { PolicyDocument, PrincipalSpec } from '../policy/types.js';
import { parseArn } from './arns.js';
import { principalArnParts } from './named-principals.js';
import type { Source } from './source.js';
import { isUnknownPathPart } from './stand-ins.js';
import { isUnknown } from './unknown.js';

/** A user or role ARN a Principal element of a policy names exactly, with where it is written. */
export interface PrincipalNamedByArn {
  kind: 'user' | 'role';
  arn: string;
  account: string;
  name: string;
  /** What names it (`the policy of arn:aws:s3:::data`), as the imported principal's reason says it. */
  namedBy: string;
  source: Source;
}

/**
 * The kind, account and name of a user or role ARN naming one principal: spelled out whole
 * (`principalArnParts`), or with unknown path parts and a known name; else undefined.
 */
function oneNamedPrincipal(arn: string): { kind: string; account: string; name: string } | undefined {
  const whole = principalArnParts(arn);
  if (whole) return whole;
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
  const m = /^(user|role)\/(.*\/)?([\w+=,.@-]+)$/.exec(parsed.resource);
  if (!m) return undefined;
  const pathParts = (m[2] ?? '').split('/').filter((x) => x !== '');
  const known = (x: string) => !/[*?()$\s]/.test(x);
  const unknownPart = (x: string) =>
    isUnknownPathPart(x) && x.endsWith(')') && x.indexOf(')') === x.length - 1;
  if (!pathParts.every((x) => known(x) || unknownPart(x))) return undefined;
  return { kind: m[1]!, account: parsed.account, name: m[3]! };
}

/**
 * The user and role ARNs of accounts in `ownAccounts` that the Principal and NotPrincipal elements
 * of `policies` name exactly, first occurrence of each ARN (no pattern, no unknown part).
 */
export function principalsNamedByArn(
  policies: Iterable<{ doc: PolicyDocument | undefined; namedBy: string }>,
  ownAccounts: ReadonlySet<string>,
): PrincipalNamedByArn[] {
  const out = new Map<string, PrincipalNamedByArn>();
  const take = (spec: PrincipalSpec | undefined, namedBy: string) => {
    const list = spec?.aws;
    if (!list) return;
    list.values.forEach((v, i) => {
      if (isUnknown(v) || out.has(v)) return;
      const parts = oneNamedPrincipal(v);
      if (!parts || (parts.kind !== 'user' && parts.kind !== 'role') || !ownAccounts.has(parts.account))
        return;
      out.set(v, {
        kind: parts.kind,
        arn: v,
        account: parts.account,
        name: parts.name,
        namedBy,
        source: list.valueSources[i] ?? list.source,
      });
    });
  };
  for (const { doc, namedBy } of policies) {
    if (!doc || doc.unknown) continue;
    for (const st of doc.statements) {
      take(st.principal, namedBy);
      take(st.notPrincipal, namedBy);
    }
  }
  return [...out.values()];
}

/** Why such a principal is in the model, as the imported principal's reason says it. */
export function namedByArnReason(p: PrincipalNamedByArn): string {
  return `${p.namedBy} names it by ARN in a Principal element; AWS rejects a policy whose Principal names a ${p.kind} that does not exist ("Invalid principal in policy"), so it exists, defined outside the inputs`;
}
