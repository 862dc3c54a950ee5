// `local-exec` provisioners (on any resource: `null_resource`, `terraform_data`, ...): "The
// local-exec provisioner invokes a local executable after a resource is created. This invokes a
// process on the machine running Terraform, not on the resource." (Terraform documentation,
// "local-exec Provisioner"). The process runs with that machine's credentials, which the inputs do
// not show; what its `command` may change is read from the command text (aws/cli-commands.ts):
// an `aws iam ...` call what its action changes, a script or program iamspec cannot read anything.
// The change is modelled in the deploying account (aws/deploy-time-changes.ts) with a
// `tf/local-exec-changes-access` warning. Read from the configuration (the provisioner blocks the
// evaluator skips), once per resource block, whatever its instances.

import { shellCommandChange } from '../../../aws/cli-commands.js';
import { accessChangeWords } from '../../../aws/access-changes.js';
import { addDeployTimeChange } from '../../../aws/deploy-time-changes.js';
import { Unknown } from '../../../model/unknown.js';
import { located } from '../config/world.js';
import type { ModuleConfig } from '../config/types.js';
import type { Expr, TemplatePart } from '../hcl/ast.js';
import type { TfLoadState } from './context.js';

/** Where the command text is not known. */
const MARK = '\u0000';

function templateText(parts: readonly TemplatePart[]): string {
  return parts.map((p) => (p.k === 'str' ? p.v : MARK)).join('');
}

/** The command's text, `MARK` where it is not known. */
function commandText(e: Expr): string {
  if (e.k === 'lit') return typeof e.v === 'string' ? e.v : MARK;
  if (e.k === 'tmpl') return templateText(e.parts);
  if (e.k === 'paren') return commandText(e.e);
  return MARK;
}

export function modelLocalExec(ctx: TfLoadState, root: ModuleConfig): void {
  const visit = (mod: ModuleConfig, prefix: string, depth: number) => {
    for (const rc of mod.resources.values()) {
      for (const item of rc.body.items) {
        if (item.kind !== 'block' || item.type !== 'provisioner' || item.labels[0] !== 'local-exec') continue;
        const command = item.body.items.find((x) => x.kind === 'attr' && x.name === 'command');
        const text = command?.kind === 'attr' ? commandText(command.expr) : MARK;
        const found = shellCommandChange(text, MARK);
        if (!found) continue;
        const address = `${prefix}${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
        const source = located(rc.at, address, command?.pos ?? item.pos);
        const account = ctx.env.account;
        const why = new Unknown(
          `the local-exec provisioner of ${address} runs ${found.what} with the credentials of the machine running Terraform`,
          source,
        );
        ctx.finding({
          code: 'tf/local-exec-changes-access',
          severity: 'warning',
          message: `${why.reason}: it may change ${accessChangeWords(found.change)} of account ${account} (taken as the deploying account) in a way the configuration does not show, so decisions that depend on them are indeterminate`,
          source,
        });
        addDeployTimeChange(ctx.builder, {
          account,
          partition: ctx.env.partition,
          region: ctx.env.region,
          why,
          hint: `${address}-local-exec`,
          source,
          change: found.change,
        });
      }
    }
    if (depth < 32)
      for (const call of mod.moduleCalls.values())
        if (call.module) visit(call.module, `${prefix}module.${call.name}.`, depth + 1);
  };
  visit(root, '', 0);
}
