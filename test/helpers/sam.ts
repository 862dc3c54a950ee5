// Helpers for the SAM transform tests: load a fixture template (a SAM template or the processed
// template derived from it by hand) under one stack name, account and region; reduce a model to
// what decides access (principals, their policies, resources and their policies, without
// sources); and ask who-can questions of both.

import { join } from 'node:path';
import { loadTemplateObject, readTemplateFile } from '../../src/adapters/cloudformation/index.js';
import { whoCan } from '../../src/analysis/index.js';
import { compileModel } from '../../src/engine/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { Unknown } from '../../src/model/unknown.js';
import type { PolicyDocument, PrincipalSpec, Statement, ValueList } from '../../src/policy/types.js';

export const SAM_FIXTURES = join(import.meta.dirname, '../fixtures/sam');
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

export interface LoadOptions {
  parameters?: Record<string, string>;
  partition?: string;
}

/** Loads a fixture under the stack name `app`, so generated names match between the two forms. */
export function loadFixture(name: string, options: LoadOptions = {}): Model {
  const file = join(SAM_FIXTURES, name);
  const parsed = readTemplateFile(file);
  const builder = new ModelBuilder(options.partition ? { partition: options.partition } : undefined);
  loadTemplateObject(parsed.value, builder, {
    file,
    locate: parsed.locate,
    stackName: 'app',
    account: ACCOUNT,
    region: REGION,
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.parameters ? { parameters: options.parameters } : {}),
  });
  return builder.build();
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

const show = (v: unknown): string => (v instanceof Unknown ? '(unknown)' : String(v));

function values(v: ValueList | undefined): string[] | undefined {
  return v?.values.map(show).sort();
}

function principal(p: PrincipalSpec | undefined): unknown {
  if (!p) return undefined;
  return {
    wildcard: p.wildcard,
    aws: values(p.aws),
    service: values(p.service),
    federated: values(p.federated),
  };
}

function statement(s: Statement): unknown {
  return {
    sid: s.sid,
    effect: show(s.effect),
    action: values(s.action),
    notAction: values(s.notAction),
    resource: values(s.resource),
    notResource: values(s.notResource),
    principal: principal(s.principal),
    notPrincipal: principal(s.notPrincipal),
    conditions: s.conditions
      .map((c) => `${c.operator} ${c.key} ${c.values.map(show).sort().join(',')}`)
      .sort(),
    unknown: s.unknown !== undefined,
  };
}

function doc(d: PolicyDocument | undefined): unknown {
  if (!d) return undefined;
  // Statement order does not change a decision (a resource policy's statements follow template order).
  const statements = d.statements.map(statement).sort(byKey((x) => JSON.stringify(x)));
  return { unknown: d.unknown !== undefined, statements };
}

/** What decides access in a model, without sources and findings, in a stable order. */
export function accessModel(model: Model): unknown {
  return {
    users: [...model.users].sort(byKey((u) => u.arn)).map((u) => ({
      arn: u.arn,
      inline: [...u.inlinePolicies]
        .sort(byKey((p) => p.name))
        .map((p) => ({ name: p.name, doc: doc(p.document) })),
      managed: u.managedPolicies.map((p) => show(p.policyArn)).sort(),
      groups: [...u.groups].sort(),
    })),
    roles: [...model.roles].sort(byKey((r) => r.arn)).map((r) => ({
      arn: r.arn,
      trust: doc(r.trustPolicy),
      inline: [...r.inlinePolicies]
        .sort(byKey((p) => p.name))
        .map((p) => ({ name: p.name, doc: doc(p.document) })),
      managed: r.managedPolicies.map((p) => show(p.policyArn)).sort(),
      boundary: r.permissionsBoundary ? show(r.permissionsBoundary.policyArn) : undefined,
      tags: Object.fromEntries(Object.entries(r.tags).map(([k, v]) => [k, show(v)])),
      usedBy: r.usedBy.map((u) => u.arn).sort(),
    })),
    policies: [...model.policies]
      .sort(byKey((p) => p.arn))
      .map((p) => ({ arn: p.arn, doc: doc(p.document) })),
    resources: [...model.resources].sort(byKey((r) => r.arn)).map((r) => ({
      kind: r.kind,
      arn: r.arn,
      policy: doc(r.policy),
    })),
  };
}

/** Who can do `action` on `resource`: `principal access` lines, sorted. */
export function whoCanLines(model: Model, action: string, resource: string): string[] {
  const engine = compileModel(model);
  return whoCan(engine, action, resource)
    .entries.map((e) => `${[e.principal, ...e.path.map((h) => h.role)].join(' -> ')} ${e.access}`)
    .sort();
}

export function findingsOf(model: Model, code: string) {
  return model.findings.filter((f) => f.code === code);
}
