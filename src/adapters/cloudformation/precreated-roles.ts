// CDK precreated roles: `Role.customizeRoles(scope, { usePrecreatedRoles: { PATH: NAME } })`
// makes CDK use "A list of precreated IAM roles to substitute for roles that CDK is creating"
// (aws-cdk-lib `CustomizeRolesOptions`): the role and its policies leave the template
// (`preventSynthesis`, the default) and go to the cloud assembly's policy report
// (`iam-policy-report.json`: each role's construct path, name, trust and policy statements, for
// an administrator to create). The role exists when the stacks deploy, named but not defined by
// the templates, so it is an imported principal of its stack's account (model/imported-principal:
// its trust, boundary and policies are outside the inputs, unknown), never "no such role".
// Owns reading the report; `session.ts` `addPrecreatedRoles` adds the roles at build.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readInputText } from '../../model/read-input.js';
import { InputError } from './errors.js';
import { isRecord } from './values.js';

/** The file CDK writes the policy report of customized roles to, in the assembly directory. */
export const POLICY_REPORT_FILE = 'iam-policy-report.json';

export interface PrecreatedRole {
  /** The role name the app gives (`usePrecreatedRoles`). */
  roleName: string;
  /** The construct path of the role CDK would have created (`Stack/Fn/ServiceRole`). */
  constructPath: string;
  /** The report file and the JSON pointer of the role's entry. */
  file: string;
  pointer: string;
}

/** An IAM role name: "alphanumeric and '+=,.@-_' characters", at most 64 (IAM User Guide, IAM quotas). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The precreated roles of the policy report in `dir`; none when there is no report. */
export function readPrecreatedRoles(dir: string): PrecreatedRole[] {
  const file = join(dir, POLICY_REPORT_FILE);
  if (!existsSync(file)) return [];
  let report: unknown;
  try {
    report = JSON.parse(readInputText(file));
  } catch (e) {
    throw new InputError(file, `cannot read the CDK policy report: ${(e as Error).message}`);
  }
  const roles = isRecord(report) && Array.isArray(report.roles) ? report.roles : [];
  const out: PrecreatedRole[] = [];
  for (const [i, r] of roles.entries()) {
    if (!isRecord(r) || typeof r.roleName !== 'string' || typeof r.roleConstructPath !== 'string') continue;
    // A role missing from `usePrecreatedRoles` has no name: CDK fails the synthesis for it.
    if (r.missing === true) continue;
    // With `preventSynthesis: false` the template creates the roles CDK names; the report's
    // name of such a role is a placeholder, not an IAM name (the template's role is the model's).
    if (!IAM_ROLE_NAME.test(r.roleName)) continue;
    out.push({ roleName: r.roleName, constructPath: r.roleConstructPath, file, pointer: `/roles/${i}` });
  }
  return out;
}
