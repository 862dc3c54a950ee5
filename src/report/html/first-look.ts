// The first screen of the HTML access review: who outside the account can reach a role (a
// federated provider's users through OIDC or SAML, principals of another account, anyone `"*"`,
// with the conditions that let them in) and who is or can become an administrator (the
// administrator-equivalent principals, and each principal's most severe way to raise its own
// privileges), each with the statements that make it so and their sources. Read from the review's
// findings (analysis/risks.ts): the same findings as the summary of risks below it, which lists
// them all. Owns `renderFirstLook` and which findings it puts first.

import type { RiskFinding } from '../../analysis/types.js';
import { escapeHtml as e } from './escape.js';
import type { FindingPlaces } from '../finding-places.js';
import { messageWithoutListedReasons } from '../finding-message.js';
import { statementList } from './statement-list.js';
import { findingWhy } from './why-list.js';

/** Findings listed in each part of the first screen; the count says how many more there are. */
export const FIRST_LOOK_ENTRIES = 20;

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Finding kinds that say who outside the account can reach a role (when their subject is one). */
const INTO_ROLES: readonly RiskFinding['kind'][] = [
  'public-access',
  'cross-account-access',
  'outside-escalation',
  'weak-federated-trust',
  'federated-entry-point',
];

const isRole = (arn: string) => /^arn:[^:]+:iam::[^:]*:role\//.test(arn);

const bySeverity = (a: RiskFinding, b: RiskFinding) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];

/** The findings into roles from outside, most severe first. */
export function intoRoleFindings(risks: readonly RiskFinding[]): RiskFinding[] {
  return risks.filter((f) => INTO_ROLES.includes(f.kind) && isRole(f.subject)).sort(bySeverity);
}

/**
 * The administrator-equivalent findings, then per principal with escalations its most severe
 * one and how many others it has.
 */
export function towardAdminFindings(
  risks: readonly RiskFinding[],
): { finding: RiskFinding; others: number }[] {
  const admins = risks.filter((f) => f.kind === 'admin-equivalent').sort(bySeverity);
  const climbs = new Map<string, RiskFinding[]>();
  for (const f of risks) {
    if (f.kind !== 'privilege-escalation') continue;
    const list = climbs.get(f.subject);
    if (list) list.push(f);
    else climbs.set(f.subject, [f]);
  }
  const firstClimbs = [...climbs.values()]
    .map((list) => ({ finding: [...list].sort(bySeverity)[0]!, others: list.length - 1 }))
    .sort((a, b) => bySeverity(a.finding, b.finding));
  return [...admins.map((finding) => ({ finding, others: 0 })), ...firstClimbs];
}

function table(
  rows: string[],
  subject: string,
  total: number,
  more: { href: string; what: string },
  none: string,
): string {
  if (!rows.length) return `<p class="note">${e(none)}</p>`;
  const rest = total - rows.length;
  const after = rest
    ? `<p class="note">… and ${rest} more in <a href="${more.href}">${e(more.what)}</a>.</p>`
    : '';
  return (
    `<table class="findings"><thead><tr><th scope="col">Severity</th><th scope="col">${subject}</th>` +
    `<th scope="col">Finding</th><th scope="col">Statements and sources</th></tr></thead><tbody>${rows.join('')}</tbody></table>${after}`
  );
}

function row(f: RiskFinding, label: string, extra: string, places: FindingPlaces | undefined): string {
  return (
    `<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td>` +
    `<th scope="row" title="${e(f.subject)}">${e(label)}</th>` +
    `<td>${e(messageWithoutListedReasons(f.message, f.indeterminate))}${extra}${findingWhy(f)}</td><td>${statementList(f.statements, places?.(f))}</td></tr>`
  );
}

/**
 * The first screen's section. `label` names a finding's subject, `message` words a finding's
 * message as the summary does (made-up names annotated).
 */
export function renderFirstLook(
  risks: readonly RiskFinding[],
  label: (subject: string) => string,
  message: (f: RiskFinding) => string,
  places?: FindingPlaces,
): string {
  const into = intoRoleFindings(risks);
  const toward = towardAdminFindings(risks);
  const intoRows = into
    .slice(0, FIRST_LOOK_ENTRIES)
    .map((f) => row({ ...f, message: message(f) }, label(f.subject), '', places));
  const towardRows = toward
    .slice(0, FIRST_LOOK_ENTRIES)
    .map(({ finding, others }) =>
      row(
        { ...finding, message: message(finding) },
        label(finding.subject),
        others
          ? ` <a class="note" href="#risk-privilege-escalation">(and ${others} other way${others === 1 ? '' : 's'} to raise its privileges)</a>`
          : '',
        places,
      ),
    );
  return `<section id="first-look" aria-labelledby="first-look-title">
<h2 id="first-look-title">First look: who can reach a role from outside the account, and who is or can become an administrator</h2>
<h3 id="first-look-outside">Roles reachable from outside the account (${into.length})</h3>
${table(
  intoRows,
  'Role',
  into.length,
  { href: '#summary', what: 'the summary of risks' },
  'The review found no role that a federated provider (OIDC, SAML), a principal of another account or anyone ("*") can assume.',
)}
<h3 id="first-look-admin">Administrators, and principals that can raise their own privileges (${toward.length})</h3>
${table(
  towardRows,
  'Principal',
  toward.length,
  { href: '#risk-privilege-escalation', what: 'Privilege escalation' },
  'The review found no administrator-equivalent principal and no way for a principal to raise its own privileges.',
)}
</section>`;
}
