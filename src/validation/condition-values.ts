// Condition value formats: whether a policy's condition value fits its operator's type
// (numbers, ISO 8601 dates or epoch seconds, booleans, IP addresses and CIDR ranges, base64,
// ARNs). Used by validation to report IAM Access Analyzer's "Type mismatch" warnings (IAM User
// Guide, "IAM JSON policy elements: Condition operators").

import { isIP } from '../lazy-builtins.js';
import type { ConditionOperatorName } from '../policy/types.js';

export type OperatorCategory =
  | 'String'
  | 'Numeric'
  | 'Date'
  | 'Bool'
  | 'Binary'
  | 'IPAddress'
  | 'ARN'
  | 'Null';

export function operatorCategory(base: ConditionOperatorName): OperatorCategory {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base.startsWith('Arn')) return 'ARN';
  if (base === 'Bool') return 'Bool';
  if (base === 'BinaryEquals') return 'Binary';
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'IPAddress';
  return 'Null';
}

export function isNumericValue(v: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v.trim());
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time (W3C profile), or epoch seconds. */
export function isDateValue(v: string): boolean {
  if (/^\d+$/.test(v)) return true;
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (m[4]) {
    if (Number(m[5]) > 23 || Number(m[6]) > 59 || (m[8] !== undefined && Number(m[8]) > 60)) return false;
  }
  return true;
}

export function isBoolValue(v: string): boolean {
  const l = v.toLowerCase();
  return l === 'true' || l === 'false';
}

export function isBase64Value(v: string): boolean {
  return v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
}

export interface IpRangeCheck {
  valid: boolean;
  /** For IPv4 ranges with bits set after the mask: the range AWS actually uses. */
  normalized?: string;
}

/** An IPv4/IPv6 address or CIDR range, as IpAddress/NotIpAddress take. */
export function checkIpRange(v: string): IpRangeCheck {
  const slash = v.indexOf('/');
  const addr = slash < 0 ? v : v.slice(0, slash);
  const family = isIP(addr);
  if (family === 0) return { valid: false };
  if (slash < 0) return { valid: true };
  const bitsText = v.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return { valid: false };
  const bits = Number(bitsText);
  if (bits > (family === 4 ? 32 : 128)) return { valid: false };
  if (family === 4) {
    const n = addr.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - bits);
    const network = Math.floor(n / size) * size;
    if (network !== n) {
      const octets = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256);
      return { valid: true, normalized: `${octets.join('.')}/${bits}` };
    }
  }
  return { valid: true };
}

export function hasPolicyVariable(v: string): boolean {
  return /\$\{[^}]*\}/.test(v);
}
