// The SAM transform (`Transform: AWS::Serverless-2016-10-31`) as a template-to-template step,
// the way AWS applies it before deploying: Globals merged, each AWS::Serverless::* resource
// replaced by the CloudFormation resources SAM generates for it (functions and state machines
// first, then APIs, which need the routes their events add, then the others, and connectors last,
// against the processed resources), references to generated resources rewritten. Resources of
// other types pass unchanged. The result carries where every generated element comes from in the
// SAM template (`originOf`, a locator over the original file), the `sam/...` findings, and a
// summary of what was expanded.

import type { Finding } from '../../../model/finding.js';
import { childPointer, type Locator } from '../../../model/source.js';
import {
  ApiRegistry,
  expandHttpApi,
  expandRestApi,
  IMPLICIT_HTTP_API,
  IMPLICIT_REST_API,
  implicitApi,
} from './api.js';
import { type ConnectorSpec, expandConnector } from './connectors.js';
import { SamContext, type SamExpansionOptions, type SamResource } from './context.js';
import { expandFunction, type FunctionsState } from './function.js';
import { mergeGlobals, readGlobals } from './globals.js';
import { isObject } from './intrinsics.js';
import {
  expandApplication,
  expandLayerVersion,
  expandSimpleTable,
  keepUnexpanded,
  standInRole,
} from './other-resources.js';
import { rewriteReferences } from './references.js';
import { tagList } from './role.js';
import { expandStateMachine } from './state-machine.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export interface SamExpansion {
  /** The processed template. */
  template: Record<string, unknown>;
  /** Positions in the original file for pointers of the processed (and the original) template. */
  locate: Locator | undefined;
  /** The original pointer of a processed-template pointer; undefined when it is its own. */
  originOf(pointer: string): string | undefined;
  findings: Finding[];
  /** Per SAM resource, the resources generated for it. */
  expanded: { logicalId: string; type: string; generated: { logicalId: string; type: string }[] }[];
}

function transformNames(t: unknown): string[] {
  return (Array.isArray(t) ? t : [t]).map((x) =>
    typeof x === 'string' ? x : isObject(x) ? String(x.Name ?? '') : '',
  );
}

/** The logical ids of the resources whose type is a SAM type (`AWS::Serverless::*`). */
export function serverlessResourceIds(template: Record<string, unknown>): string[] {
  const resources = isObject(template.Resources) ? template.Resources : {};
  return Object.entries(resources)
    .filter(([, r]) => isObject(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::Serverless::'))
    .map(([id]) => id);
}

/** True when the template declares the SAM transform. */
export function declaresSamTransform(template: Record<string, unknown>): boolean {
  return template.Transform !== undefined && transformNames(template.Transform).includes(SAM_TRANSFORM);
}

/**
 * Embedded `Connectors` of a resource as connector specs (`<Source><Name>`). `Connectors` is a
 * resource attribute, next to Type and Properties (AWS SAM Developer Guide, "AWS SAM connector
 * reference": "Connectors ... embedded connector ... as a resource attribute"); written under
 * Properties it is a property SAM does not define for the type, which SAM (or, for a
 * CloudFormation type, CloudFormation) rejects: each such connector is rejected as SAM would
 * (`rejected`), never silently dropped.
 */
function embeddedConnectors(ctx: SamContext, id: string, raw: Record<string, unknown>): ConnectorSpec[] {
  const out = connectorsAt(ctx, id, raw.Connectors, childPointer('/Resources', id, 'Connectors'));
  const props = isObject(raw.Properties) ? raw.Properties : undefined;
  if (props?.Connectors !== undefined) {
    const why = `Connectors is written under Properties of ${id}; it is a resource attribute, next to Type and Properties, and SAM rejects a Connectors property ("property Connectors not defined for resource of type ${String(raw.Type)}")`;
    out.push(
      ...connectorsAt(
        ctx,
        id,
        props.Connectors,
        childPointer('/Resources', id, 'Properties', 'Connectors'),
        why,
      ),
    );
  }
  return out;
}

function connectorsAt(
  ctx: SamContext,
  id: string,
  conns: unknown,
  at: string,
  rejected?: string,
): ConnectorSpec[] {
  if (conns === undefined) return [];
  if (!isObject(conns)) {
    ctx.finding(
      'sam/connector',
      'warning',
      `Connectors of ${id} is not a map; the access they would grant is unknown`,
      at,
    );
    return [];
  }
  const out: ConnectorSpec[] = [];
  for (const [name, c] of Object.entries(conns)) {
    const pointer = childPointer(at, name);
    const props = isObject(c) && isObject(c.Properties) ? c.Properties : {};
    const source: Record<string, unknown> = { Id: id };
    if (isObject(props.SourceReference)) Object.assign(source, props.SourceReference);
    out.push({
      logicalId: id + name,
      source,
      destination: props.Destination,
      permissions: props.Permissions,
      pointer,
      attributes: isObject(c) ? SamContext.passthroughOf(c) : {},
      ...(rejected ? { rejected } : {}),
    });
  }
  return out;
}

interface Collected {
  sam: SamResource[];
  connectors: ConnectorSpec[];
}

/** Reads the resources: SAM ones with Globals merged; others kept (without their Connectors). */
function collect(ctx: SamContext): Collected {
  const globals = readGlobals(ctx);
  const resources = isObject(ctx.template.Resources) ? ctx.template.Resources : {};
  const out: Collected = { sam: [], connectors: [] };
  for (const [id, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r.Type !== 'string') {
      ctx.resources.set(id, r as Record<string, unknown>);
      continue;
    }
    out.connectors.push(...embeddedConnectors(ctx, id, r));
    if (!r.Type.startsWith('AWS::Serverless::')) {
      if (r.Connectors === undefined) ctx.resources.set(id, r);
      else {
        const { Connectors: _, ...rest } = r;
        ctx.resources.set(id, ctx.origins.inherit(rest, r));
      }
      continue;
    }
    const res: SamResource = {
      logicalId: id,
      type: r.Type,
      pointer: childPointer('/Resources', id),
      props: mergeGlobals(ctx, globals, r.Type, id, r),
      raw: r,
      passthrough: SamContext.passthroughOf(r),
    };
    ctx.sam.set(id, res);
    out.sam.push(res);
  }
  for (const [kind, id] of [
    ['rest', IMPLICIT_REST_API],
    ['http', IMPLICIT_HTTP_API],
  ] as const) {
    if (!ctx.sam.has(id) && !(id in resources) && needsImplicitApi(out.sam, kind)) {
      const api = implicitApi(ctx, globals, kind);
      ctx.sam.set(id, api);
      out.sam.push(api);
    }
  }
  return out;
}

function needsImplicitApi(sam: readonly SamResource[], kind: 'rest' | 'http'): boolean {
  const eventType = kind === 'rest' ? 'Api' : 'HttpApi';
  const idProp = kind === 'rest' ? 'RestApiId' : 'ApiId';
  return sam.some((r) => {
    if (r.type !== 'AWS::Serverless::Function' && r.type !== 'AWS::Serverless::StateMachine') return false;
    const events = r.props.Events;
    if (!isObject(events)) return false;
    return Object.values(events).some(
      (e) =>
        isObject(e) &&
        e.Type === eventType &&
        !(isObject(e.Properties) && e.Properties[idProp] !== undefined),
    );
  });
}

const ORDER: Record<string, number> = {
  'AWS::Serverless::Function': 0,
  'AWS::Serverless::StateMachine': 1,
  'AWS::Serverless::Api': 2,
  'AWS::Serverless::HttpApi': 2,
};

function expandOne(
  ctx: SamContext,
  res: SamResource,
  state: FunctionsState,
  connectors: ConnectorSpec[],
): void {
  const apis = state.apis;
  switch (res.type) {
    case 'AWS::Serverless::Function':
      return void expandFunction(ctx, res, state);
    case 'AWS::Serverless::StateMachine':
      return void expandStateMachine(ctx, res, apis);
    case 'AWS::Serverless::Api':
      return void expandRestApi(ctx, res, apis.rest.get(res.logicalId) ?? [], res.pointer);
    case 'AWS::Serverless::HttpApi':
      return void expandHttpApi(ctx, res, res.pointer, apis.http.get(res.logicalId) ?? []);
    case 'AWS::Serverless::SimpleTable':
      return void expandSimpleTable(ctx, res);
    case 'AWS::Serverless::LayerVersion':
      return void expandLayerVersion(ctx, res);
    case 'AWS::Serverless::Application':
      return void expandApplication(ctx, res);
    case 'AWS::Serverless::Connector': {
      const p = res.props;
      connectors.push({
        logicalId: res.logicalId,
        source: p.Source,
        destination: p.Destination,
        permissions: p.Permissions,
        pointer: res.pointer,
        attributes: res.passthrough,
      });
      return;
    }
    default:
      return void keepUnexpanded(ctx, res);
  }
}

/** Generated types whose `Tags` is a list of `{Key, Value}`, the ones iamspec reads tags of. */
const LIST_TAGGED = new Set([
  'AWS::IAM::Role',
  'AWS::Lambda::Function',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::StepFunctions::StateMachine',
]);

/**
 * `PropagateTags: true` on a function or state machine: SAM gives every resource it generates
 * for it the resource's `Tags`, in place of the tags it had (the `lambda:createdBy` /
 * `stateMachine:createdBy` tag included): samtranslator/model/__init__.py `propagate_tags` ("Propagates
 * tags to the resources", `assign_tags`), called by SamFunction and SamStateMachine. A
 * `PropagateTags` known only at deployment leaves each such resource's tags unknown.
 */
function propagateTags(ctx: SamContext, res: SamResource): void {
  if (res.type !== 'AWS::Serverless::Function' && res.type !== 'AWS::Serverless::StateMachine') return;
  const { PropagateTags: propagate, Tags: tags } = res.props;
  if (propagate === undefined || propagate === false || !isObject(tags) || !Object.keys(tags).length) return;
  const resolved = ctx.resolveParameters(propagate);
  const decided = resolved === true || resolved === 'true' ? true : resolved === 'false' ? false : undefined;
  if (decided === false) return;
  const at = ctx.propPointer(res, 'PropagateTags');
  for (const e of ctx.emitted) {
    if (e.from !== res.logicalId || !LIST_TAGGED.has(e.type)) continue;
    const r = ctx.resources.get(e.logicalId);
    const props = r && isObject(r.Properties) ? r.Properties : undefined;
    if (!props) continue;
    const list = tagList(ctx, undefined, tags, ctx.propPointer(res, 'Tags'));
    props.Tags =
      decided === true
        ? list
        : ctx.unknown(`PropagateTags of ${res.logicalId} is not known before deployment`, at);
  }
}

/** Expands the SAM transform of `template`. */
export function expandServerless(
  template: Record<string, unknown>,
  options: SamExpansionOptions,
): SamExpansion {
  const ctx = new SamContext(template, options);
  const { sam, connectors } = collect(ctx);
  const state: FunctionsState = { apis: new ApiRegistry(), defaultRoutes: new Set(), codeDeployRole: false };
  const ordered = [...sam].sort((a, b) => (ORDER[a.type] ?? 3) - (ORDER[b.type] ?? 3));
  for (const res of ordered) {
    try {
      expandOne(ctx, res, state, connectors);
      propagateTags(ctx, res);
    } catch (e) {
      ctx.finding(
        'sam/internal-error',
        'error',
        `could not expand ${res.type} ${res.logicalId}: ${(e as Error).message}; what SAM generates for it is unknown (a stand-in role with unknown trust and policies)`,
        res.pointer,
      );
      standInRole(ctx, res, `${res.logicalId} could not be expanded`, res.pointer);
    }
  }
  const processed = Object.fromEntries(ctx.resources);
  for (const c of connectors) {
    try {
      expandConnector(ctx, c, processed);
    } catch (e) {
      ctx.finding(
        'sam/internal-error',
        'error',
        `could not expand connector ${c.logicalId}: ${(e as Error).message}`,
        c.pointer,
      );
    }
  }
  return finish(ctx, sam);
}

function finish(ctx: SamContext, sam: readonly SamResource[]): SamExpansion {
  const keep = <T extends object>(rebuilt: T, from: unknown): T => ctx.origins.inherit(rebuilt, from);
  const resources: Record<string, unknown> = {};
  const emittedIds = new Set(ctx.emitted.map((e) => e.logicalId));
  for (const [id, r] of ctx.resources) {
    resources[id] = rewriteReferences(r, ctx.referables, keep);
    if (emittedIds.has(id))
      ctx.origins.record(resources[id], childPointer('/Resources', id), {
        pointer: childPointer('/Resources', id),
        copy: false,
      });
  }
  const { Globals: _g, Transform: transform, ...rest } = ctx.template;
  const out: Record<string, unknown> = { ...rest, Resources: resources };
  const others =
    transform === undefined
      ? []
      : (Array.isArray(transform) ? transform : [transform]).filter(
          (t) => transformNames(t)[0] !== SAM_TRANSFORM,
        );
  if (others.length) out.Transform = others.length === 1 ? others[0] : others;
  if (Object.keys(ctx.conditions).length)
    out.Conditions = {
      ...(isObject(ctx.template.Conditions) ? ctx.template.Conditions : {}),
      ...ctx.conditions,
    };
  if (ctx.template.Outputs !== undefined)
    out.Outputs = rewriteReferences(ctx.template.Outputs, ctx.referables, keep);
  const expanded = sam.map((r) => ({
    logicalId: r.logicalId,
    type: r.type,
    generated: ctx.emitted
      .filter((e) => e.from === r.logicalId)
      .map((e) => ({ logicalId: e.logicalId, type: e.type })),
  }));
  summarize(ctx, expanded);
  return {
    template: out,
    locate: ctx.origins.locator(ctx.options.locate),
    originOf: (p) => ctx.origins.originOf(p),
    findings: ctx.findings,
    expanded,
  };
}

function summarize(ctx: SamContext, expanded: SamExpansion['expanded']): void {
  const generated = expanded.reduce((n, e) => n + e.generated.length, 0);
  const types = new Map<string, number>();
  for (const e of expanded) for (const g of e.generated) types.set(g.type, (types.get(g.type) ?? 0) + 1);
  const list = [...types].map(([t, n]) => `${t} (${n})`).join(', ');
  ctx.finding(
    'sam/expanded',
    'info',
    `the SAM transform was expanded: ${expanded.length} SAM resource(s) into ${generated} resource(s)${list ? `: ${list}` : ''}`,
    '/Transform',
  );
}
