// The harness of the pass-role start tests (test/escalation-start-names, escalation-existing-starts,
// escalation-existing-inputs, opt-in-region-starts; `devEscalations` also the existing-instance and
// lifecycle-config tests): a template of user dev (allowed the test's statements) beside the
// administrator role svcadmin a service may assume, and what those tests read of its engine: dev's
// escalation findings (also read by detail: `devEscalations`), its spec `noEscalation` check, its
// pass-role edges into svcadmin.

import { becomeEdges } from '../../src/analysis/escalation.js';
import { compileModel, type Engine } from '../../src/engine/index.js';
import { modelOf } from '../fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser } from './cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './escalation-findings.js';

export const DEV = 'arn:aws:iam::111122223333:user/dev';
export const SVC = 'arn:aws:iam::111122223333:role/svcadmin';
const CHAIN = 'administrator access, through a chain';

/** A statement of dev's inline policy (`cfnDevUser`: Allow unless its Effect says otherwise). */
export type DevStatement = {
  Effect?: string;
  Action: string | readonly string[];
  Resource: unknown;
  Condition?: object;
};

/**
 * The engine of a template (inline.yaml, stack s, `modelOf`'s account, and its Region unless
 * `region` is given): `head` (the sections before Resources), then the role svcadmin (logical id
 * Svc, AdministratorAccess) that `service` may assume, the resources `more`, and user dev allowed
 * `statements`.
 */
export function devAndAdminEngine(
  service: string,
  statements: readonly DevStatement[],
  more = '',
  head = '',
  region?: string,
): Engine {
  const template = `${head}Resources:\n${cfnAdminRole('Svc', 'svcadmin', service)}${more}${cfnDevUser(statements)}`;
  return compileModel(
    modelOf(template, { file: 'inline.yaml', stackName: 's', ...(region ? { region } : {}) }),
  );
}

/** `devAndAdminEngine`'s escalations of dev: its findings, its noEscalation check, its pass-role edges into svcadmin. */
export function analyseStarts(service: string, statements: readonly DevStatement[], more = '', head = '') {
  const engine = devAndAdminEngine(service, statements, more, head);
  const found = escalationFindings(engine, [DEV]);
  return {
    found,
    /** The pass-role findings (not the chain built on the graph's edges). */
    passFindings: [...found.values()].filter((f) => f.detail !== CHAIN),
    check: noEscalationCheck(engine, 'user/dev'),
    edges: becomeEdges(engine, DEV).filter((e) => e.how === 'pass-role' && e.to === SVC),
  };
}

/**
 * dev's escalation findings in `engine`, read by detail (`of`; `why`: the texts of its
 * indeterminate reasons), and dev's spec `noEscalation` check.
 */
export function devEscalations(engine: Engine) {
  const found = [...escalationFindings(engine, [DEV]).values()];
  return {
    of: (detail: string) => found.find((f) => f.detail === detail),
    why: (detail: string) =>
      (found.find((f) => f.detail === detail)?.indeterminate?.reasons ?? []).map((x) => x.text).join(' '),
    check: noEscalationCheck(engine, 'user/dev'),
  };
}
