// Provisioners (on any resource: `null_resource`, `terraform_data`, `aws_instance`, ...): code run
// at apply time whose result the inputs do not show. Read from the configuration (the provisioner
// blocks the evaluator skips), once per resource block, whatever its instances; from a plan read
// without its configuration, from the plan's `configuration` ("JSON Output Format": a resource's
// `"provisioners" is an optional field which describes any provisioners. Connection info will not
// be included here.`, each `{"type": "local-exec", "expressions": ...}` with `constant_value` or
// `references` per argument).
// - `local-exec`: "The local-exec provisioner invokes a local executable after a resource is
//   created. This invokes a process on the machine running Terraform, not on the resource."
//   (Terraform documentation, "local-exec Provisioner"). The process runs with that machine's
//   credentials, which the inputs do not show; what its `command` may change is read from the
//   command text (aws/cli-commands.ts): an `aws iam ...` call what its action changes, a script or
//   program iamspec cannot read anything. An `interpreter` other than a POSIX shell with `-c`
//   ("If provided, this is a list of interpreter arguments used to execute the command. The first
//   argument is the interpreter itself.") runs the command as its own language: anything.
//   Which account that is the inputs do not show either (`aws --profile other ...`, the
//   machine's environment): modelled in every account of the model (aws/deploy-time-changes.ts
//   `anyAccount`), with a `tf/local-exec-changes-access` warning.
// - `remote-exec`: "The remote-exec provisioner invokes a script on a remote resource after it is
//   created." (Terraform documentation, "remote-exec Provisioner"), over the `connection` of the
//   provisioner or of its resource, with the remote host's credentials. Its `inline` commands are
//   read as a local-exec command is (a `script`/`scripts` file: anything; a `winrm` connection,
//   whose commands are not POSIX shell: anything). When that is anything and the connection's
//   `host` is an `aws_instance` (`self.public_ip` in the instance's own block: "expressions can use
//   the `self` object, which represents the connection's parent resource"; or
//   `aws_instance.NAME.public_ip`), the commands are bounded by the role of its instance profile
//   (aws/function-role-changes.ts, decided at build), unless a `file` provisioner of the same
//   resource copies files there or the commands set AWS credentials (other credentials); otherwise
//   what the commands change (anything for a script), in every account of the model (the host's
//   credentials are not pinned down). A `tf/remote-exec-changes-access` warning.
// - `file` copies files and runs nothing itself.

import { ANY_ACCESS_CHANGE, type AccessChange, accessChangeWords } from '../../../aws/access-changes.js';
import { shellCommandChange, type CommandChange } from '../../../aws/cli-commands.js';
import { addDeployTimeChange } from '../../../aws/deploy-time-changes.js';
import { accountsWords, deferFunctionRun } from '../../../aws/function-role-changes.js';
import { escapePointerToken, type Locator, type Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import type { ModuleConfig } from '../config/types.js';
import { located } from '../config/world.js';
import { isObject, type TfObject } from '../eval/values.js';
import type { Block, Body, Expr, TemplatePart } from '../hcl/ast.js';
import type { TfLoadState } from './context.js';

/** Where the command text is not known. */
const MARK = '\u0000';

/** A provisioner as read from the configuration or from a plan's `configuration`. */
interface Provisioner {
  /** The address of the resource block (`module.m.null_resource.x`). */
  address: string;
  type: string;
  /** The command text (`local-exec`) or the inline commands one a line (`remote-exec`), MARK where not known. */
  text: string;
  /** Why the text is not read as POSIX shell (an interpreter, a script file, a winrm connection). */
  notShell?: string;
  /** `remote-exec`: the address of the `aws_instance` its connection goes to, when the inputs say. */
  instance?: string;
  /** The resource block has a `file` provisioner too (files copied to the host). */
  copiesFiles: boolean;
  source: Source;
}

/** The POSIX shells whose `-c` runs the command text as a shell command line. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/** Text that gives commands credentials other than the host's own. */
const CREDENTIALS =
  /AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|SHARED_CREDENTIALS_FILE|CONFIG_FILE|ROLE_ARN|WEB_IDENTITY_TOKEN_FILE|CONTAINER_CREDENTIALS)|\.aws\/|aws\s+configure|--profile|credential_process/;

function templateText(parts: readonly TemplatePart[]): string {
  return parts.map((p) => (p.k === 'str' ? p.v : MARK)).join('');
}

/** An expression's text, `MARK` where it is not known. */
function exprText(e: Expr): string {
  if (e.k === 'lit') return typeof e.v === 'string' ? e.v : MARK;
  if (e.k === 'tmpl') return templateText(e.parts);
  if (e.k === 'paren') return exprText(e.e);
  return MARK;
}

function attr(body: Body, name: string): Expr | undefined {
  const a = body.items.find((x) => x.kind === 'attr' && x.name === name);
  return a?.kind === 'attr' ? a.expr : undefined;
}

/** Why an `interpreter` does not run the command as a POSIX shell command line; undefined when it does. */
function interpreterWhy(items: readonly (string | undefined)[]): string | undefined {
  const [program, flag, ...rest] = items;
  const name = program?.slice(program.lastIndexOf('/') + 1);
  if (name !== undefined && SHELLS.has(name) && flag === '-c' && rest.length === 0) return undefined;
  return `its interpreter ${items.map((x) => x ?? '(not known)').join(' ')} runs the command`;
}

/** The `aws_instance` a connection `host` expression reads (`self.X`, `aws_instance.NAME[KEY].X`). */
function hostInstance(e: Expr | undefined, own: string | undefined, prefix: string): string | undefined {
  if (!e) return undefined;
  if (e.k === 'paren') return hostInstance(e.e, own, prefix);
  if (e.k === 'tmpl' && e.parts.length === 1 && e.parts[0]!.k === 'interp')
    return hostInstance(e.parts[0]!.e, own, prefix);
  if (e.k !== 'attr') return undefined;
  let obj = e.obj;
  if (obj.k === 'var' && obj.name === 'self') return own;
  if (obj.k === 'index') obj = obj.obj;
  if (obj.k === 'attr' && obj.obj.k === 'var' && obj.obj.name === 'aws_instance')
    return `${prefix}aws_instance.${obj.name}`;
  return undefined;
}

function connectionOf(block: Body, resource: Body): Body | undefined {
  const own = block.items.find((x) => x.kind === 'block' && x.type === 'connection');
  const shared = resource.items.find((x) => x.kind === 'block' && x.type === 'connection');
  const c = own ?? shared;
  return c?.kind === 'block' ? c.body : undefined;
}

/** The provisioners of a module tree's configuration (HCL or `.tf.json`). */
function configProvisioners(root: ModuleConfig): Provisioner[] {
  const out: Provisioner[] = [];
  const visit = (mod: ModuleConfig, prefix: string, depth: number) => {
    for (const rc of mod.resources.values()) {
      const address = `${prefix}${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
      const blocks = rc.body.items.filter((x): x is Block => x.kind === 'block' && x.type === 'provisioner');
      const copiesFiles = blocks.some((b) => b.labels[0] === 'file');
      for (const item of blocks) {
        const type = item.labels[0] ?? '';
        if (type === 'local-exec') {
          const command = attr(item.body, 'command');
          const interpreter = attr(item.body, 'interpreter');
          const notShell = interpreter
            ? interpreterWhy(
                interpreter.k === 'tuple'
                  ? interpreter.items.map((x) => {
                      const t = exprText(x);
                      return t.includes(MARK) ? undefined : t;
                    })
                  : [undefined],
              )
            : undefined;
          const at = item.body.items.find((x) => x.kind === 'attr' && x.name === 'command');
          out.push({
            address,
            type,
            text: command ? exprText(command) : MARK,
            ...(notShell ? { notShell } : {}),
            copiesFiles,
            source: located(rc.at, address, at?.pos ?? item.pos),
          });
        } else if (type === 'remote-exec') {
          const inline = attr(item.body, 'inline');
          const connection = connectionOf(item.body, rc.body);
          const kind = connection && attr(connection, 'type');
          const ssh = !kind || exprText(kind) === 'ssh';
          const text = inline?.k === 'tuple' ? inline.items.map(exprText).join('\n') : MARK;
          const notShell = !ssh
            ? 'its connection is not ssh (winrm runs Windows commands)'
            : attr(item.body, 'script') || attr(item.body, 'scripts')
              ? 'it runs script files the configuration does not show'
              : undefined;
          const instance = hostInstance(
            connection && attr(connection, 'host'),
            rc.type === 'aws_instance' && rc.mode === 'managed' ? address : undefined,
            prefix,
          );
          out.push({
            address,
            type,
            text,
            ...(notShell ? { notShell } : {}),
            ...(instance ? { instance } : {}),
            copiesFiles,
            source: located(rc.at, address, item.pos),
          });
        }
      }
    }
    if (depth < 32)
      for (const call of mod.moduleCalls.values())
        if (call.module) visit(call.module, `${prefix}module.${call.name}.`, depth + 1);
  };
  visit(root, '', 0);
  return out;
}

/** An expression representation's string, `MARK` when it is not a constant string. */
function planText(e: unknown): string {
  return isObject(e) && typeof e.constant_value === 'string' ? e.constant_value : MARK;
}

/**
 * The provisioners of a plan's `configuration` (see the module comment). Connection info is not in
 * it: a `remote-exec` host is not known.
 */
function planProvisioners(configuration: TfObject, file: string, locate: Locator | undefined): Provisioner[] {
  const out: Provisioner[] = [];
  const stack: { m: unknown; prefix: string; pointer: string }[] = [
    { m: configuration.root_module, prefix: '', pointer: '/configuration/root_module' },
  ];
  while (stack.length) {
    const { m, prefix, pointer } = stack.pop()!;
    if (!isObject(m)) continue;
    const resources = Array.isArray(m.resources) ? m.resources : [];
    resources.forEach((r, ri) => {
      if (!isObject(r) || !Array.isArray(r.provisioners)) return;
      const address = `${prefix}${typeof r.address === 'string' ? r.address : `resource ${ri}`}`;
      const copiesFiles = r.provisioners.some((p) => isObject(p) && p.type === 'file');
      r.provisioners.forEach((p, pi) => {
        if (!isObject(p) || (p.type !== 'local-exec' && p.type !== 'remote-exec')) return;
        const x = isObject(p.expressions) ? p.expressions : {};
        const at = `${pointer}/resources/${ri}/provisioners/${pi}`;
        const where = locate?.(at);
        const source: Source = {
          file,
          pointer: at,
          address,
          ...(where ? { line: where.line, column: where.column } : {}),
        };
        if (p.type === 'local-exec') {
          const interp = isObject(x.interpreter) ? x.interpreter : undefined;
          const items =
            interp && Array.isArray(interp.constant_value)
              ? interp.constant_value.map((v) => (typeof v === 'string' ? v : undefined))
              : [undefined];
          const text = planText(x.command);
          const refs = isObject(x.command) && Array.isArray(x.command.references) ? x.command.references : [];
          const notShell = interp
            ? interpreterWhy(items)
            : text === MARK
              ? `the plan gives its command only by the references it uses${refs.length ? ` (${[...new Set(refs)].slice(0, 3).join(', ')})` : ''}`
              : undefined;
          out.push({
            address,
            type: p.type,
            text,
            ...(notShell ? { notShell } : {}),
            copiesFiles,
            source,
          });
          return;
        }
        const inline = isObject(x.inline) ? x.inline.constant_value : undefined;
        out.push({
          address,
          type: p.type,
          text: Array.isArray(inline)
            ? inline.map((v) => (typeof v === 'string' ? v : MARK)).join('\n')
            : MARK,
          ...(x.script !== undefined || x.scripts !== undefined
            ? { notShell: 'it runs script files the configuration does not show' }
            : {}),
          copiesFiles,
          source,
        });
      });
    });
    if (isObject(m.module_calls))
      for (const [name, c] of Object.entries(m.module_calls))
        if (isObject(c))
          stack.push({
            m: c.module,
            prefix: `${prefix}module.${name}.`,
            pointer: `${pointer}/module_calls/${escapePointerToken(name)}/module`,
          });
  }
  return out;
}

/** What a provisioner's commands may change, read from their text; undefined: nothing. */
function commandsChange(p: Provisioner, ctx: TfLoadState): CommandChange | undefined {
  if (p.notShell) return { change: ANY_ACCESS_CHANGE, what: `commands iamspec cannot read (${p.notShell})` };
  return shellCommandChange(p.text, MARK, ctx.env);
}

function modelProvisioner(ctx: TfLoadState, p: Provisioner): void {
  const found = commandsChange(p, ctx);
  if (!found) return;
  const account = ctx.env.account;
  const env = { account, partition: ctx.env.partition, region: ctx.env.region };
  if (p.type === 'local-exec') {
    const why = new Unknown(
      `the local-exec provisioner of ${p.address} runs ${found.what} with the credentials of the machine running Terraform`,
      p.source,
    );
    ctx.finding({
      code: 'tf/local-exec-changes-access',
      severity: 'warning',
      message: `${why.reason}: it may change ${accessChangeWords(found.change)} of any account (those credentials may be any account's, not only ${account}, the provider's) in a way the configuration does not show, so decisions that depend on them are indeterminate`,
      source: p.source,
    });
    addDeployTimeChange(ctx.builder, {
      ...env,
      why,
      hint: `${p.address}-local-exec`,
      source: p.source,
      change: found.change,
      anyAccount: true,
    });
    return;
  }
  const what = `the remote-exec provisioner of ${p.address}`;
  const report = (change: AccessChange, how: string, where: string) =>
    ctx.finding({
      code: 'tf/remote-exec-changes-access',
      severity: 'warning',
      message: `${what} ${how}: it may change ${accessChangeWords(change)} of ${where} in a way the configuration does not show, so decisions that depend on them are indeterminate`,
      source: p.source,
    });
  const otherCredentials = p.copiesFiles || CREDENTIALS.test(p.text);
  if (found.change === ANY_ACCESS_CHANGE && p.instance && !otherCredentials) {
    deferFunctionRun(ctx.builder, {
      instance: p.instance,
      ...env,
      what,
      hint: `${p.address}-remote-exec`,
      source: p.source,
      report: (change, why, accounts) =>
        report(change, `runs ${found.what}: it ${why}`, accountsWords(accounts)),
    });
    return;
  }
  const host = p.instance
    ? `on ${p.instance}${otherCredentials ? ' with credentials it may be given (a file copied there, credentials the commands set)' : ''}`
    : 'on a remote host the inputs do not pin down, with its credentials';
  const why = new Unknown(`${what} runs ${found.what} ${host}`, p.source);
  report(
    found.change,
    `runs ${found.what} ${host}`,
    `any account (those credentials may be any account's, not only ${account}, the provider's)`,
  );
  addDeployTimeChange(ctx.builder, {
    ...env,
    why,
    hint: `${p.address}-remote-exec`,
    source: p.source,
    change: found.change,
    anyAccount: true,
  });
}

/** Models the provisioners of a configuration (see the module comment). */
export function modelLocalExec(ctx: TfLoadState, root: ModuleConfig): void {
  for (const p of configProvisioners(root)) modelProvisioner(ctx, p);
}

/** Models the provisioners of a plan read without its configuration, from its `configuration`. */
export function modelPlanProvisioners(
  ctx: TfLoadState,
  configuration: unknown,
  file: string,
  locate: Locator | undefined,
): void {
  if (!isObject(configuration)) return;
  for (const p of planProvisioners(configuration, file, locate)) modelProvisioner(ctx, p);
}
