// Type constraints of input variables and their conversion, as the Terraform language documents
// them ("Type Constraints", https://developer.hashicorp.com/terraform/language/expressions/type-constraints):
// primitive types convert between each other ("Terraform will automatically convert number and
// bool values to string values when needed, and vice-versa as long as the string contains a
// valid representation"), list/set/tuple/map/object convert their elements, an object type keeps
// only its attributes, and `optional(type, default)` attributes that are absent or null take the
// default ("If you specify a default value ... Terraform will use it if the attribute is not
// set or set to null"), or null when there is none. Unknown values stay unknown (undecided
// branches are converted option by option); a value that cannot be converted is an error.

import { isPartlyKnown, Unknown } from '../../../model/unknown.js';
import { PartlyKnownList, partlyKnownListCall } from './partial-list.js';
import { plain } from './scope.js';
import { ACCOUNT_TRANSFORMED, holdsAccountText } from '../../stand-in-functions.js';
import type { Expr } from '../hcl/ast.js';
import { Alternatives, alternatives, MaybeElement } from './branches.js';
import { ConversionError, EncodedJson, isObject, type TfObject, toStr, typeName } from './values.js';

export type TypeSpec =
  | { k: 'any' }
  | { k: 'string' | 'number' | 'bool' }
  | { k: 'list' | 'set' | 'map'; elem: TypeSpec }
  | { k: 'tuple'; elems: TypeSpec[] }
  | { k: 'object'; attrs: Map<string, ObjectAttr> };

export interface ObjectAttr {
  type: TypeSpec;
  optional: boolean;
  /** The default of an optional attribute, evaluated. */
  default?: unknown;
}

export class TypeConstraintError extends Error {}

const ANY: TypeSpec = { k: 'any' };

/**
 * Reads a type constraint expression (`string`, `list(object({ a = optional(bool, true) }))`).
 * `constant` evaluates an optional attribute's default (a constant expression).
 */
export function parseTypeConstraint(e: Expr, constant: (e: Expr) => unknown): TypeSpec {
  switch (e.k) {
    case 'paren':
      return parseTypeConstraint(e.e, constant);
    case 'var':
      if (e.name === 'string' || e.name === 'number' || e.name === 'bool') return { k: e.name };
      if (e.name === 'any') return ANY;
      // the pre-0.12 bare forms
      if (e.name === 'list' || e.name === 'set' || e.name === 'map') return { k: e.name, elem: ANY };
      throw new TypeConstraintError(`unknown type "${e.name}"`);
    case 'lit':
      // `type = "string"` (Terraform 0.11 syntax, still accepted for primitives)
      if (e.v === 'string' || e.v === 'list' || e.v === 'map')
        return parseTypeConstraint({ k: 'var', name: e.v, pos: e.pos }, constant);
      throw new TypeConstraintError(`invalid type ${JSON.stringify(e.v)}`);
    case 'call': {
      const arg = e.args[0];
      if ((e.name === 'list' || e.name === 'set' || e.name === 'map') && arg && e.args.length === 1)
        return { k: e.name, elem: parseTypeConstraint(arg, constant) };
      if (e.name === 'tuple' && arg?.k === 'tuple')
        return { k: 'tuple', elems: arg.items.map((x) => parseTypeConstraint(x, constant)) };
      if (e.name === 'object' && arg?.k === 'object') {
        const attrs = new Map<string, ObjectAttr>();
        for (const it of arg.items) {
          const name = it.key.k === 'var' ? it.key.name : it.key.k === 'lit' ? String(it.key.v) : undefined;
          if (name === undefined)
            throw new TypeConstraintError('an object type attribute name must be a name');
          attrs.set(name, parseAttr(it.value, constant));
        }
        return { k: 'object', attrs };
      }
      throw new TypeConstraintError(`invalid type constructor ${e.name}()`);
    }
    default:
      throw new TypeConstraintError('invalid type constraint');
  }
}

function parseAttr(e: Expr, constant: (e: Expr) => unknown): ObjectAttr {
  if (e.k === 'call' && e.name === 'optional' && (e.args.length === 1 || e.args.length === 2)) {
    const type = parseTypeConstraint(e.args[0]!, constant);
    if (e.args.length === 1) return { type, optional: true };
    // the default is converted to the attribute's type (and gets its nested defaults)
    return { type, optional: true, default: convertToType(constant(e.args[1]!), type, 'default') };
  }
  return { type: parseTypeConstraint(e, constant), optional: false };
}

/**
 * An unknown converted to `type`: unknown, keeping only the known parts the conversion keeps. A
 * partly known string converted to a number or bool is wholly unknown (the number's text need not
 * be the string's: "01" converts to 1); a partly known list converted to a set loses its known
 * prefix and order and may merge elements ("Pass a list value to toset to convert it to a set,
 * which will remove any duplicate elements and discard the ordering of the elements", Terraform,
 * "toset Function"): partial-list.ts `oneList`. Any other unknown stays as it is.
 */
function unknownAs(u: Unknown, type: TypeSpec): Unknown {
  if (isPartlyKnown(u) && (type.k === 'number' || type.k === 'bool')) return plain(u);
  if (u instanceof PartlyKnownList && type.k === 'set') {
    const set = partlyKnownListCall('toset', [u]);
    return set instanceof Unknown ? set : u;
  }
  return u;
}

/**
 * Converts a value to a type constraint; throws ConversionError naming the path of the problem.
 * The deploying account's stand-in (src/model/stand-ins.ts) converted to a number is unknown
 * (`unknownOf`, which places it): as a number it would be 0, a value no account has.
 */
export function convertToType(
  value: unknown,
  type: TypeSpec,
  path = 'value',
  unknownOf: (reason: string) => Unknown = (reason) => new Unknown(reason),
): unknown {
  if (value instanceof Alternatives) {
    return alternatives(
      value.options.map((o) => {
        try {
          return convertToType(o, type, path, unknownOf);
        } catch (e) {
          if (e instanceof ConversionError) return new Unknown(e.message);
          throw e;
        }
      }),
      value.cause,
    );
  }
  if (value instanceof Unknown && type.k !== 'any') return unknownAs(value, type);
  if (value instanceof Unknown || value === null || value === undefined || type.k === 'any') {
    return value === undefined ? null : value;
  }
  const fail = (what: string): never => {
    throw new ConversionError(`${path}: ${what}`);
  };
  switch (type.k) {
    case 'string': {
      if (isObject(value) || Array.isArray(value)) fail(`a string is required, got a ${typeName(value)}`);
      return toStr(value);
    }
    case 'number': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && holdsAccountText(value))
        return unknownOf(`${path}: converting to a number: ${ACCOUNT_TRANSFORMED}`);
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return Number(value);
      return fail(`a number is required, got ${typeName(value)} ${JSON.stringify(value)}`);
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return fail(`a bool is required, got ${typeName(value)} ${JSON.stringify(value)}`);
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return fail(`a ${type.k} is required, got a ${typeName(value)}`);
      const items = value.map((v, i) =>
        v instanceof MaybeElement ? v : convertToType(v, type.elem, `${path}[${i}]`, unknownOf),
      );
      if (type.k === 'list') return items;
      // a set of a list with an unknown element: two elements may be one (partial-list.ts)
      const partly = items.some((v) => v instanceof MaybeElement)
        ? undefined
        : partlyKnownListCall('toset', [items]);
      if (partly) return partly;
      const out: unknown[] = [];
      for (const v of items)
        if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v) && !(v instanceof Unknown))) out.push(v);
      return out.every((x) => typeof x === 'string') ? (out as string[]).sort() : out;
    }
    case 'map': {
      if (!isObject(value)) return fail(`a map is required, got a ${typeName(value)}`);
      const out: TfObject = {};
      for (const [k, v] of Object.entries(value))
        out[k] = convertToType(v, type.elem, `${path}["${k}"]`, unknownOf);
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(value)) return fail(`a tuple is required, got a ${typeName(value)}`);
      if (value.length !== type.elems.length)
        return fail(`a tuple of ${type.elems.length} elements is required`);
      return value.map((v, i) => convertToType(v, type.elems[i]!, `${path}[${i}]`, unknownOf));
    }
    case 'object': {
      if (value instanceof EncodedJson || !isObject(value))
        return fail(`an object is required, got a ${typeName(value)}`);
      const out: TfObject = {};
      for (const [name, attr] of type.attrs) {
        const v = value[name];
        if (v === undefined || v === null) {
          if (attr.optional) out[name] = attr.default === undefined ? null : attr.default;
          else if (v === null) out[name] = null;
          else fail(`attribute "${name}" is required`);
          continue;
        }
        out[name] = convertToType(v, attr.type, `${path}.${name}`, unknownOf);
      }
      return out;
    }
  }
}
