// IAM identity providers in Terraform: aws_iam_openid_connect_provider (url, client_id_list,
// thumbprint_list; ARN `arn:aws:iam::ACCOUNT:oidc-provider/URL without https://`) and
// aws_iam_saml_provider (name; ARN `...:saml-provider/NAME`), as the Terraform AWS provider
// documents them. Each becomes an IdentityProvider of the model. A provider read with the data
// source of the same name exists outside the inputs: trust policies naming it are reported by the
// model (`model/external-identity-provider`).

import { parseArn } from '../../../model/arns.js';
import { oidcIssuerOf } from '../../../model/federation.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';

/** A string attribute (`stringOrUnknown`), or `why` as an Unknown when it is not set. */
function text(v: unknown, why: string, inst: TfInstance, attr: string): Maybe<string> {
  return stringOrUnknown(v) ?? new Unknown(why, inst.attrSource(attr));
}

function list(inst: TfInstance, attr: string): Maybe<string>[] {
  const v = inst.values[attr];
  if (isUnknown(v)) return [v];
  if (!Array.isArray(v)) return [];
  return v.map((x) => text(x, `${attr} holds a value that is not a string`, inst, attr));
}

function arnOf(inst: TfInstance, build: (name: string) => string, nameAttr: string) {
  const arn = inst.values.arn;
  if (typeof arn === 'string' && arn) return arn;
  const name = inst.values[nameAttr];
  if (typeof name === 'string' && name) return build(name);
  return isUnknown(name)
    ? name
    : isUnknown(arn)
      ? arn
      : new Unknown(`${inst.address}: ${nameAttr} is not set`, inst.attrSource(nameAttr));
}

export function handleOidcProvider(ctx: TfLoadState, inst: TfInstance): void {
  const { partition, account } = ctx.env;
  const arn = arnOf(
    inst,
    (url) => `arn:${partition}:iam::${account}:oidc-provider/${oidcIssuerOf(url)}`,
    'url',
  );
  const url = inst.values.url;
  const id = ctx.builder.addIdentityProvider({
    kind: 'oidc',
    arn,
    name: typeof url === 'string' ? oidcIssuerOf(url) : text(url, 'url is not set', inst, 'url'),
    account: typeof arn === 'string' ? (parseArn(arn)?.account ?? account) : account,
    clientIds: list(inst, 'client_id_list'),
    thumbprints: list(inst, 'thumbprint_list'),
    tags: ctx.tags(inst.values),
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'identity-provider', id, name: inst.address });
}

export function handleSamlProvider(ctx: TfLoadState, inst: TfInstance): void {
  const { partition, account } = ctx.env;
  const arn = arnOf(inst, (name) => `arn:${partition}:iam::${account}:saml-provider/${name}`, 'name');
  const name = inst.values.name;
  const id = ctx.builder.addIdentityProvider({
    kind: 'saml',
    arn,
    name: text(name, 'name is not set', inst, 'name'),
    account: typeof arn === 'string' ? (parseArn(arn)?.account ?? account) : account,
    clientIds: [],
    thumbprints: [],
    tags: ctx.tags(inst.values),
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'identity-provider', id, name: inst.address });
}
