// Which compute of the inputs an ARN holding an id AWS gives at launch stands for, so that a
// decision left open by that id says which instance or task of the inputs it is and where it is
// declared (before, the finding named only `instance/i-(unknown-…)` or `task/main/(unknown-…)`).
// The ids (aws/role-uses.ts): an EC2 instance's (`InstanceProfileUse.instance`, a CloudFormation
// `Ref`, a Terraform `id` known after apply), the instances running with a role's instance
// profiles (`ec2InstanceResource('of-role-NAME')`, the SSM / EC2 Instance Connect requests of
// analysis/escalation.ts `edgeRequests`) and a running ECS task of a task definition
// (`ECS_TASK_ID`, in each cluster an ECS service of the inputs runs it in). Owns
// `computeIdCauses`, read by engine/unknown-names.ts for traces only (never for matching).

import { ECS_TASK_ID, ec2InstanceResource } from '../aws/role-uses.js';
import { formatSource, type Source } from '../model/source.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION, unknownPartWords } from '../model/stand-ins.js';
import type { Model, Role } from '../model/types.js';
import { Unknown } from '../model/unknown.js';

/** What an id stands for: the compute of the inputs, each with where it is declared. */
interface Standing {
  /** How the id is given: `EC2 gives … at launch`. */
  given: string;
  what: { text: string; source: Source }[];
  /** Only the ARN itself has this cause (an ECS task id part is the same text in every cluster). */
  ownOnly?: true;
}

/** Causes that belong to their ARN alone (`Standing.ownOnly`): unknown-names.ts skips them for other ARNs. */
export const OWN_ARN_ONLY = new WeakSet<Unknown>();

/**
 * The ARNs with an id the inputs leave to AWS that requests on the inputs' compute name, each with
 * why a policy may or may not name it: which instances or tasks of the inputs it stands for, at the
 * first one's source (the others' written in the text).
 */
export function computeIdCauses(model: Model): Map<string, Unknown> {
  const standing = new Map<string, Standing>();
  const add = (arn: string, given: string, text: string, source: Source, ownOnly?: true) => {
    const s = standing.get(arn) ?? { given, what: [], ...(ownOnly ? { ownOnly } : {}) };
    if (!s.what.some((w) => w.text === text)) s.what.push({ text, source });
    standing.set(arn, s);
  };
  for (const role of model.roles) {
    const arnIn = homeArn(model, role);
    for (const p of role.instanceProfiles)
      for (const u of p.usedBy) {
        const text = `${u.kind === 'ec2-instance' ? 'EC2 instance' : u.kind} ${u.name} (instance profile ${p.name}, role ${role.name})`;
        add(
          arnIn('ec2', ec2InstanceResource(`of-role-${role.name}`)),
          `EC2 gives each instance running with role ${role.name}'s instance profiles at launch`,
          text,
          u.source,
        );
        if (!u.instance) continue;
        const region =
          u.instance.region && u.instance.region !== UNKNOWN_REGION ? u.instance.region : undefined;
        const arn = `arn:${model.partition}:ec2:${region ?? arnRegion(model, role)}:${role.account}:instance/${u.instance.id}`;
        add(arn, 'EC2 gives the instance at launch', text, u.source);
      }
    for (const u of role.usedBy) {
      if (u.kind !== 'ecs-task') continue;
      for (const s of u.runBy ?? []) {
        if (s.label !== 'ECS service' || typeof s.cluster !== 'string') continue;
        const arn = arnIn('ecs', `task/${s.cluster}/${ECS_TASK_ID}`);
        const text = `a task of ${s.label} ${s.name} (ECS task definition ${u.name}, task role ${role.name})`;
        add(arn, 'ECS gives a running task at start', text, s.source, true);
      }
    }
  }
  // The inputs' instances without an instance profile (aws/plain-resources.ts `ec2InstanceArn`).
  for (const r of model.plainResources ?? [])
    if (r.arn.includes(':instance/i-(unknown-'))
      add(
        r.arn,
        'EC2 gives the instance at launch',
        `EC2 instance ${instanceName(r.source)} (no instance profile)`,
        r.source,
      );
  const out = new Map<string, Unknown>();
  for (const [arn, s] of standing) {
    const [first, ...rest] = s.what;
    const list = [`${first!.text}`, ...rest.map((w) => `${w.text} at ${formatSource(w.source)}`)].join('; ');
    const u = new Unknown(
      `the id of ${arn} is the one ${s.given} (${unknownPartWords('id')}); of the inputs it stands for ${list}, so whether the policy names it is unknown`,
      first!.source,
    );
    if (s.ownOnly) OWN_ARN_ONLY.add(u);
    out.set(arn, u);
  }
  return out;
}

/**
 * The Region requests on `role`'s compute name where the inputs do not place it: its account's
 * (analysis/escalation.ts `arnInAccountOf`, the same rule), else the deploying Region's stand-in.
 */
function arnRegion(model: Model, role: Role): string {
  return model.accounts.find((a) => a.id === role.account)?.region ?? PLACEHOLDER_REGION;
}

function homeArn(model: Model, role: Role): (service: string, resource: string) => string {
  const region = arnRegion(model, role);
  return (service, resource) => `arn:${model.partition}:${service}:${region}:${role.account}:${resource}`;
}

/** How a finding names an instance of the inputs: its logical id or Terraform address. */
function instanceName(source: Source): string {
  return source.logicalId ?? source.address ?? 'of the inputs';
}
