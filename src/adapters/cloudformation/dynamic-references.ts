// CloudFormation dynamic references: `{{resolve:ssm:NAME}}`, `{{resolve:ssm-secure:NAME}}`,
// `{{resolve:secretsmanager:ID...}}` in a template string. "When you use a dynamic reference,
// CloudFormation retrieves the value of the specified reference when necessary during stack and
// change set operations" (User Guide, "Get values stored in other services using dynamic
// references"): the value is in Parameter Store or Secrets Manager, never in the inputs, so each
// reference is an Unknown and the text around it stays known (a PartlyKnown string). CDK writes
// them for `SecretValue.secretsManager`, `StringParameter.valueForStringParameter` with
// `forceDynamicReference`, `CfnDynamicReference` and `Fn.sub('{{resolve:...}}')`.

import { concatMaybe, isPartlyKnown, type Unknown } from '../../model/unknown.js';

const OPEN = '{{resolve:';
const CLOSE = '}}';

const STORES: Record<string, string> = {
  ssm: 'Systems Manager Parameter Store',
  'ssm-secure': 'Systems Manager Parameter Store (a secure string)',
  secretsmanager: 'Secrets Manager',
};

/** Whether `v` (a string or a partly known one) may hold a dynamic reference. */
export function mayHoldDynamicReference(v: unknown): boolean {
  if (typeof v === 'string') return v.includes(OPEN);
  return isPartlyKnown(v) && v.parts.some((p) => typeof p === 'string' && p.includes(OPEN));
}

/**
 * `v` with each complete dynamic reference replaced by an Unknown made by `unknownAt(reason)`.
 * A reference may span unknown parts (`{{resolve:ssm:${Name}}}`): the whole reference is one
 * Unknown. Text that opens a reference and never closes it is kept as it is.
 */
export function resolveDynamicReferences(
  v: string | Unknown,
  unknownAt: (reason: string) => Unknown,
): string | Unknown {
  const parts: readonly (string | Unknown)[] = typeof v === 'string' ? [v] : isPartlyKnown(v) ? v.parts : [v];
  const out: (string | Unknown)[] = [];
  /** The parts since an opening `{{resolve:` not yet closed (the reference's own text). */
  let pending: (string | Unknown)[] | undefined;
  for (const part of parts) {
    if (typeof part !== 'string') {
      (pending ?? out).push(part);
      continue;
    }
    let rest = part;
    while (rest) {
      if (!pending) {
        const at = rest.indexOf(OPEN);
        if (at < 0) {
          out.push(rest);
          break;
        }
        if (at > 0) out.push(rest.slice(0, at));
        pending = [OPEN];
        rest = rest.slice(at + OPEN.length);
        continue;
      }
      const end = rest.indexOf(CLOSE);
      if (end < 0) {
        pending.push(rest);
        break;
      }
      pending.push(rest.slice(0, end + CLOSE.length));
      out.push(unknownAt(reasonOf(pending)));
      pending = undefined;
      rest = rest.slice(end + CLOSE.length);
    }
  }
  if (pending) out.push(...pending);
  return concatMaybe(out);
}

function reasonOf(reference: readonly (string | Unknown)[]): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${?}` is the literal text messages show for an unknown part
  const text = reference.map((p) => (typeof p === 'string' ? p : '${?}')).join('');
  const service = text.slice(OPEN.length).split(':', 1)[0] ?? '';
  const store = STORES[service] ?? 'another service';
  return `${text} is a dynamic reference: CloudFormation reads its value from ${store} when it deploys the stack`;
}
