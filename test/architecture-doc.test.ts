// ARCHITECTURE.md stays true to src/: every module path or `file.ts` name it cites exists, every
// `module.ts` `name` pair it cites names something that module declares (a function, class,
// variable, type, or `Type.member`), every `Type.member` it cites is a member of that type in
// src/, every other name written as code (`camelCase`, such as one the prose puts between a module
// and its names) is declared somewhere in src/, and in a table row that cites modules, in one of
// those modules (or is a word of the spec format or the matchers); every module of src/ but a
// barrel is named, and every folder of src/ has its place in it; the module references of src/
// comments (`engine/engine.ts` `decideHere`, with or without backticks on the path) are held to
// the same rule. Rows drift as modules move; this lists each stale citation with its line so the
// row can be fixed where it is.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (e.name.endsWith(ext)) out.push(p.slice(ROOT.length + 1));
  }
  return out;
}

function foldersUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = join(dir, e.name);
    out.push(p.slice(ROOT.length + 1), ...foldersUnder(p));
  }
  return out;
}

/** The repository's files a citation may name: src/ modules, tests, benches. */
const KNOWN_FILES = [...filesUnder(SRC, '.ts'), ...filesUnder(join(ROOT, 'test'), '.ts')].concat(
  existsSync(join(ROOT, 'bench')) ? filesUnder(join(ROOT, 'bench'), '.ts') : [],
);

/**
 * The files a cited path may mean: `src/x/y.ts` or a path from the repository root exactly;
 * `x/y.ts` under src/ (or any folder, for a path the prose gives from its folder, such as
 * `handlers/index.ts`); a bare `y.ts` any file of that name.
 */
function filesCited(cited: string): string[] {
  const path = cited.replace(/^(?:\.\.?\/)+/, '');
  if (existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile()) return [path];
  return KNOWN_FILES.filter((f) => f.endsWith(`/${path}`));
}

/** Marks a member entry that names a type the declaration extends. */
const EXTENDS = 'extends ';

const textCache = new Map<string, string>();
const sourceText = (file: string): string => {
  const cached = textCache.get(file);
  if (cached !== undefined) return cached;
  const text = readFileSync(join(ROOT, file), 'utf8');
  textCache.set(file, text);
  return text;
};

const declaredCache = new Map<string, Map<string, Set<string>>>();

/**
 * What a module declares: each name declared at any depth (functions, classes, variables,
 * interfaces, types, enums, methods, properties) mapped to the names of its members (a class's
 * or interface's members, an object literal's properties, a type literal's properties).
 */
function declaredIn(file: string): Map<string, Set<string>> {
  const cached = declaredCache.get(file);
  if (cached) return cached;
  const text = sourceText(file);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const names = new Map<string, Set<string>>();
  const note = (name: string): Set<string> => {
    const members = names.get(name) ?? new Set<string>();
    names.set(name, members);
    return members;
  };
  const memberNames = (nodes: readonly ts.Node[], into: Set<string>): void => {
    for (const m of nodes) {
      const n = (m as { name?: ts.Node }).name;
      if (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n))) into.add(n.text);
    }
  };
  /** The properties of a type alias's type literals (through unions, intersections), and the types it names. */
  const typeMembers = (type: ts.TypeNode, into: Set<string>): void => {
    if (ts.isTypeLiteralNode(type)) memberNames(type.members, into);
    else if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
      for (const t of type.types) typeMembers(t, into);
    else if (ts.isParenthesizedTypeNode(type)) typeMembers(type.type, into);
    else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName))
      into.add(`${EXTENDS}${type.typeName.text}`);
  };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isEnumDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isPropertySignature(node) ||
        ts.isMethodSignature(node) ||
        ts.isPropertyAssignment(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isModuleDeclaration(node)) &&
      node.name &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      const members = note(node.name.text);
      if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node))
        memberNames(node.members, members);
      if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node))
        for (const clause of node.heritageClauses ?? [])
          for (const t of clause.types)
            if (ts.isIdentifier(t.expression)) members.add(`${EXTENDS}${t.expression.text}`);
      if (ts.isTypeAliasDeclaration(node)) typeMembers(node.type, members);
      if (ts.isClassDeclaration(node))
        for (const m of node.members)
          if (ts.isConstructorDeclaration(m))
            for (const param of m.parameters)
              if (ts.getModifiers(param)?.length && ts.isIdentifier(param.name)) members.add(param.name.text);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const members = note(node.name.text);
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
      if (init && ts.isObjectLiteralExpression(init)) memberNames(init.properties, members);
    } else if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      note(node.name.text);
    } else if (ts.isExportSpecifier(node)) {
      note(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  declaredCache.set(file, names);
  return names;
}

/*
 * Parsing every cited module with the compiler takes seconds per hundred files, so a citation is
 * first tried on the module's code (its comments blanked, its string and template literals
 * emptied): a keyword declaring the name (`function x`, `const x`, `interface X`…), and for
 * `Type.member` a member at the top level of that type's braces. These only accept; a name the
 * text does not have as a word is rejected; anything else is decided by the parse above.
 */

const codeCache = new Map<string, string>();
/** Code with its comments and regular expression literals blanked, its string and template literals emptied (quotes kept). */
const codeText = (text: string): string =>
  text.replace(
    /(?<=[(,=:[!&|?{};]\s*)\/(?![*/])(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
    (m) => (m.startsWith('/') ? ' ' : `${m[0]}${m[0]}`),
  );

/** The file's code (`codeText`). */
function codeOf(file: string): string {
  const cached = codeCache.get(file);
  if (cached !== undefined) return cached;
  const code = codeText(sourceText(file));
  codeCache.set(file, code);
  return code;
}

const hasWord = (text: string, name: string): boolean =>
  new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);

/** Whether the code declares `name` with a keyword (not `import type`). */
function keywordDeclares(code: string, name: string): boolean {
  return new RegExp(
    `(?<![\\w$.])(?:function\\*?|class|interface|(?<!(?:import\\s+|[{,]\\s*))type|enum|namespace|const|let|var)\\s+${name.replace(/\$/g, '\\$')}(?![\\w$])`,
  ).test(code);
}

interface Bodies {
  /** The top level of each body (nested brackets emptied). */
  tops: string[];
  /** The types the declarations extend, implement or combine (`type X = A & { … }`). */
  bases: string[];
}

/**
 * The bodies the code declares `head` with: `class`/`interface` (and what they extend),
 * `enum`, `const … = {`, and each `{ … }` of a `type … =` (with the types it names outside them).
 */
function bodiesOf(code: string, head: string): Bodies {
  const open = new RegExp(
    `(?<![\\w$.])(?:(?:class|interface)\\s+${head}(?![\\w$])([^{;]*)\\{|enum\\s+${head}\\s*\\{|(?:const|let|var)\\s+${head}(?![\\w$])[^=;{]*=\\s*\\{|type\\s+${head}(?![\\w$])[^=;{]*=)`,
    'g',
  );
  const found: Bodies = { tops: [], bases: [] };
  for (const m of code.matchAll(open)) {
    const alias = m[0].endsWith('=');
    if (m[1]) found.bases.push(...(m[1].match(/[A-Z][\w$]*/g) ?? []));
    let depth = alias ? 0 : 1;
    let top = '';
    let outside = '';
    for (let i = (m.index ?? 0) + m[0].length; i < code.length; i++) {
      const c = code[i] as string;
      if (alias && depth === 0 && (c === ';' || /^\n\S/.test(code.slice(i, i + 2)))) break;
      if ('{(['.includes(c)) {
        if (depth === 1) top += c;
        depth++;
      } else if ('})]'.includes(c)) {
        depth--;
        if (depth === 1) top += c;
        if (depth === 0 && !alias) break;
        if (depth === 0) top += '\n';
      } else if (depth === 1) top += c;
      else if (depth === 0) outside += c;
    }
    found.tops.push(top);
    if (alias) found.bases.push(...(outside.match(/[A-Z][\w$]*/g) ?? []));
  }
  return found;
}

const MODIFIERS =
  '(?:(?:readonly|private|public|protected|static|async|get|set|override|abstract|declare)\\s+)*';

/** Every name the code declares with a keyword, as `keywordDeclares` finds one. */
const KEYWORD_DECLARED =
  /(?<![\w$.])(?:function\*?|class|interface|(?<!(?:import\s+|[{,]\s*))type|enum|namespace|const|let|var)\s+([A-Za-z_$][\w$]*)(?![\w$])/g;
/** A property of an object or type literal at any depth (`{ a: 1, b?: T }`), as the parse notes it. */
const PROPERTY_DECLARED = /[{;,]\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*\??:(?!:)/g;
/** Every member at a member's start in a body's top level, as `memberAt` finds one. */
const MEMBER_DECLARED = new RegExp(
  `(?:^|[;,{}])\\s*${MODIFIERS}#?([A-Za-z_$][\\w$]*)\\s*[?!]?\\s*(?=[:(<=;,}])`,
  'g',
);

/** A member named `member` at a member's start in a body's top level. */
const memberAt = (member: string): RegExp =>
  new RegExp(`(?:^|[;,{}])\\s*${MODIFIERS}#?${member.replace(/\$/g, '\\$')}\\s*[?!]?\\s*[:(<=;,}]`);

const bodiesCache = new Map<string, Bodies>();
/** Whether a body of `head` in src/ (or of a type it names) declares `member` at a member's start. */
function quickHasMember(head: string, member: string, seen = new Set<string>()): boolean {
  if (seen.has(head)) return false;
  seen.add(head);
  let bodies = bodiesCache.get(head);
  if (!bodies) {
    const each = SRC_FILES.filter((f) => sourceText(f).includes(head)).map((f) => bodiesOf(codeOf(f), head));
    bodies = { tops: each.flatMap((b) => b.tops), bases: each.flatMap((b) => b.bases) };
    bodiesCache.set(head, bodies);
  }
  const at = memberAt(member);
  return (
    bodies.tops.some((top) => at.test(top)) || bodies.bases.some((base) => quickHasMember(base, member, seen))
  );
}

const fileBodiesCache = new Map<string, string[]>();
/** The top level of each body (class, interface, enum, type, object) the file declares. */
function fileTops(file: string): string[] {
  let tops = fileBodiesCache.get(file);
  if (!tops) {
    tops = bodiesOf(codeOf(file), '[A-Za-z_$][\\w$]*').tops;
    fileBodiesCache.set(file, tops);
  }
  return tops;
}

const quickWordsCache = new Map<string, Set<string>>();
/**
 * The names the file's code declares with a keyword (`keywordDeclares`) or as a member at the top
 * level of a body (`memberAt`), or as a literal's property, found in one pass.
 */
function quickWords(file: string): Set<string> {
  let words = quickWordsCache.get(file);
  if (words) return words;
  words = new Set<string>();
  for (const m of codeOf(file).matchAll(KEYWORD_DECLARED)) words.add(m[1] as string);
  for (const m of codeOf(file).matchAll(PROPERTY_DECLARED)) words.add(m[1] as string);
  for (const top of fileTops(file)) for (const m of top.matchAll(MEMBER_DECLARED)) words.add(m[1] as string);
  quickWordsCache.set(file, words);
  return words;
}

/**
 * Whether `name` (or `Type.member`) is declared in one of the files: the text checks on every
 * file first, so a file that only uses the name is parsed only when none of them declares it.
 */
function declares(files: string[], name: string): boolean {
  const [head, member] = name.split('.') as [string, string | undefined];
  const having = files.filter((f) => sourceText(f).includes(head) && hasWord(sourceText(f), head));
  const quick = (f: string): boolean =>
    member === undefined
      ? quickWords(f).has(head)
      : keywordDeclares(codeOf(f), head) && quickHasMember(head, member);
  if (having.some(quick)) return true;
  return having.some((f) => {
    const members = declaredIn(f).get(head);
    if (members) return member === undefined || members.has(member) || srcHasMember(head, member);
    // A function of the page script a module writes as text (report/html/review-script.ts).
    return member === undefined && new RegExp(`\\bfunction ${head}\\(`).test(sourceText(f));
  });
}

const SRC_FILES = KNOWN_FILES.filter((f) => f.startsWith('src/'));
const membersCache = new Map<string, Set<string> | undefined>();

/**
 * The members of every declaration of `head` in src/ (a class, interface, type, object), or
 * undefined when src/ declares no such type; only the files whose text declares it are parsed.
 */
function srcMembers(head: string): Set<string> | undefined {
  if (membersCache.has(head)) return membersCache.get(head);
  let all: Set<string> | undefined;
  for (const f of SRC_FILES.filter(
    (file) => sourceText(file).includes(head) && keywordDeclares(codeOf(file), head),
  )) {
    const members = declaredIn(f).get(head);
    if (!members) continue;
    all ??= new Set();
    for (const m of members) all.add(m);
  }
  membersCache.set(head, all);
  return all;
}

/** Whether some declaration of `head` in src/ (or of a type it extends) has `member`. */
function srcHasMember(head: string, member: string, seen = new Set<string>()): boolean {
  if (seen.size === 0 && quickHasMember(head, member)) return true;
  const members = srcMembers(head);
  if (!members || seen.has(head)) return false;
  seen.add(head);
  if (members.has(member)) return true;
  return [...members].some(
    (m) => m.startsWith(EXTENDS) && srcHasMember(m.slice(EXTENDS.length), member, seen),
  );
}

let declaredWords: Set<string> | undefined;
const srcDeclaredCache = new Map<string, boolean>();
/**
 * Whether some module of src/ declares `name`: the names its code declares with a keyword, as a
 * member at the top level of a body or as a literal's property (one pass over src/), else the
 * parse of the files having it.
 */
function srcDeclares(name: string): boolean {
  if (!declaredWords) {
    declaredWords = new Set<string>();
    const keyword =
      /(?<![\w$.])(?:function\*?|class|interface|(?<!import\s+)type|enum|namespace|const|let|var)\s+([A-Za-z_$][\w$]*)/g;
    const member = new RegExp(`(?:^|[;,{}])\\s*${MODIFIERS}#?([A-Za-z_$][\\w$]*)\\s*[?!]?\\s*[:(<=;,}]`, 'g');
    // A property of an object or type literal at any depth (`{ a: 1, b?: T }`), as the parse notes it.
    const property = /[{;,]\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*\??:(?!:)/g;
    for (const f of SRC_FILES) {
      for (const m of codeOf(f).matchAll(keyword)) declaredWords.add(m[1] as string);
      for (const m of codeOf(f).matchAll(property)) declaredWords.add(m[1] as string);
      for (const top of bodiesOf(codeOf(f), '[A-Za-z_$][\\w$]*').tops)
        for (const m of top.matchAll(member)) declaredWords.add(m[1] as string);
    }
  }
  if (declaredWords.has(name)) return true;
  let found = srcDeclaredCache.get(name);
  if (found === undefined) {
    found = SRC_FILES.some((f) => {
      if (!hasWord(sourceText(f), name)) return false;
      const declared = declaredIn(f);
      return declared.has(name) || [...declared.values()].some((members) => members.has(name));
    });
    srcDeclaredCache.set(name, found);
  }
  return found;
}

/** A name written as code (`decideHere`, `toAllow`): lower camel case, not a word or an attribute. */
const CODE_NAME = /^[a-z_][\w$]*[A-Z][\w$]*$/;
/**
 * The code names of other software the document cites without a namespace (CDK properties, an
 * API's field, a vitest matcher): not looked for in src/.
 */
const OTHER_NAMES = new Set([
  'autoDeleteObjects',
  'usePrecreatedRoles',
  'cloudFormationExecutionRoleArn',
  'stateMachineArn',
  'toEqual',
]);

/**
 * The words of the access spec format and of the matchers (`onlyPrincipals`, `cannotBecome`,
 * `toAllow`): a row about a check kind may write them without citing the modules that declare them.
 */
const VOCABULARY_FILES = ['src/spec/types.ts', 'src/testing/matcher-types.ts'];

/** The files a cited path may mean, narrowed to the folder its context names when that settles it. */
function filesInFolder(files: string[], cited: string, folder: string | undefined): string[] {
  if (files.length <= 1 || folder === undefined) return files;
  const inFolder = files.filter((f) => f.endsWith(`${folder}/${cited}`));
  return inFolder.length > 0 ? inFolder : files;
}

/**
 * The modules a line's code spans cite, each with the files it may mean: a bare or partial path
 * read in the folder of the module cited before it on the line (`analysis/risks.ts`,
 * `risk-wildcards.ts`), when more than one file has that name.
 */
function modulesOfLine(spans: string[]): { cited: string; files: string[] }[] {
  let folder: string | undefined;
  return spans.flatMap((cited) => {
    if (!MODULE.test(cited) || TEMPLATE.test(cited)) return [];
    const files = filesInFolder(filesCited(cited), cited, folder);
    if (files.length === 1 && cited.includes('/')) {
      const file = (files[0] as string).replace(/^src\//, '');
      folder = file.slice(0, file.lastIndexOf('/'));
    }
    return [{ cited, files }];
  });
}

interface DocProblem {
  line: number;
  problem: string;
}

const MODULE = /^(?:[\w.-]+\/)*[\w.-]+\.ts$/;
const NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?$/;
/** A path written as a pattern (`src/analysis/NAME.ts`, `spec/check-KIND.ts`), not a file. */
const TEMPLATE = /\b[A-Z]{3,}\b/;
/** What may stand between two names of one module's list: `a`, `b` / `a`/`b` / `a` and `b`. */
const LIST_SEPARATOR = /^(?:, | ?\/ ?| and | or )$/;

/**
 * Every stale citation of a document: a `.ts` path or name no file has, a `module.ts` `name`
 * pair whose module declares no such name, and a `Type.member` no type of that name in src/ has.
 * A pair is the module's code span followed, after spaces only, by a name span, and the names
 * listed after that one (`module.ts` `a`, `b` / `c`); in a table row whose first cell is one
 * module, the names opening the next cell. A name of another library is written with its
 * namespace (`iam.Role.fromRoleArn`), so it is not read as one of src/. `members: false` leaves
 * out the `Type.member` check (source comments cite CDK and vitest names without namespace).
 */
function staleCitations(doc: string, { members = true } = {}): DocProblem[] {
  const problems: DocProblem[] = [];
  doc.split('\n').forEach((text, i) => {
    const line = i + 1;
    const spans = [...text.matchAll(/`([^`]+)`/g)].map((m) => ({
      text: m[1] as string,
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    }));
    const checked = new Set<number>();
    // The modules of src/ a table row cites (not the tests it names): a code name its prose writes
    // is declared in one of them.
    const rowFiles = text.startsWith('|')
      ? [...new Set(modulesOfLine(spans.map((span) => span.text)).flatMap((m) => m.files))].filter((f) =>
          f.startsWith('src/'),
        )
      : [];
    const checkNames = (cited: string, files: string[], from: number, firstGap: RegExp): void => {
      let gap = firstGap;
      for (let k = from; k < spans.length; k++) {
        const span = spans[k] as (typeof spans)[number];
        const before = text.slice((spans[k - 1] as (typeof spans)[number]).end, span.start);
        if (!gap.test(before) || !NAME.test(span.text) || MODULE.test(span.text)) return;
        checked.add(k);
        if (!declares(files, span.text))
          problems.push({
            line,
            problem: `\`${cited}\` \`${span.text}\`: ${files.join(', ')} declares no \`${span.text}\``,
          });
        gap = LIST_SEPARATOR;
      }
    };
    spans.forEach((span, k) => {
      const cited = span.text;
      if (!MODULE.test(cited) || TEMPLATE.test(cited)) return;
      const files = filesCited(cited);
      if (files.length === 0) {
        problems.push({ line, problem: `\`${cited}\`: no such file` });
        return;
      }
      const tableModule = k === 0 && /^\| *$/.test(text.slice(0, span.start));
      checkNames(cited, files, k + 1, tableModule ? /^ *\| *$/ : /^ +$/);
    });
    spans.forEach((span, k) => {
      if (
        !members ||
        checked.has(k) ||
        !CODE_NAME.test(span.text) ||
        OTHER_NAMES.has(span.text) ||
        srcDeclares(span.text)
      )
        return;
      checked.add(k);
      problems.push({ line, problem: `\`${span.text}\`: no module of src/ declares it` });
    });
    spans.forEach((span, k) => {
      if (
        !members ||
        checked.has(k) ||
        rowFiles.length === 0 ||
        !CODE_NAME.test(span.text) ||
        OTHER_NAMES.has(span.text) ||
        declares(VOCABULARY_FILES, span.text) ||
        declares(rowFiles, span.text)
      )
        return;
      checked.add(k);
      problems.push({ line, problem: `\`${span.text}\`: none of the modules this row cites declares it` });
    });
    spans.forEach((span, k) => {
      if (!members || checked.has(k)) return;
      const [head, member, more] = span.text.split('.');
      if (more !== undefined || !member || !/^[A-Z]\w*$/.test(head ?? '') || !/^[a-z_$][\w$]*$/.test(member))
        return;
      const h = head as string;
      if (!quickHasMember(h, member) && srcMembers(h) && !srcHasMember(h, member))
        problems.push({ line, problem: `\`${span.text}\`: no \`${h}\` of src/ has a member \`${member}\`` });
    });
  });
  return problems;
}

/**
 * The folders of src/ the document never names: a folder is placed by a cited path that is it or
 * runs through it (`src/x/y/`, `x/y/z.ts`), or by a partial path whose leading folders end it
 * (`y/z.ts` for src/x/y).
 */
function unplacedFolders(doc: string): string[] {
  const cited = [...doc.matchAll(/`([^`\s]+)`/g)].map((m) =>
    (m[1] as string).replace(/^src\//, '').replace(/\/$/, ''),
  );
  const places = (c: string, folder: string): boolean =>
    c.split('/').some((_, i, parts) => {
      const lead = parts.slice(0, i + 1).join('/');
      return lead === folder || (parts.length > 1 && folder.endsWith(`/${lead}`));
    });
  return foldersUnder(SRC)
    .map((f) => f.slice('src/'.length))
    .filter((f) => !cited.some((c) => places(c, f)));
}

/**
 * An `index.ts` whose code is only imports and re-exports: a barrel owns nothing of its own, and
 * its folder's place in the document (`unplacedFolders`) says what the folder owns. An `index.ts`
 * that declares anything (the engine's `compileModel`, the handler tables) is a module like any
 * other.
 */
function isBarrel(file: string): boolean {
  if (!file.endsWith('/index.ts')) return false;
  const code = codeOf(file).replace(/\b(?:import|export)\b[^;]*?\bfrom\s*''\s*;/g, '');
  return code.trim() === '';
}

/**
 * The modules of src/ the document names: each `.ts` path it cites, a bare or partial one
 * (`escalation.ts`, `handlers/iam.ts`) read in the folder of the module cited before it on the
 * same line or paragraph, or of the folder a heading names (`src/analysis/matrix/`), when more
 * than one file has that name; a name that stays ambiguous names none.
 */
function namedModules(doc: string): Set<string> {
  const named = new Set<string>();
  let folder: string | undefined;
  for (const text of doc.split('\n')) {
    if (text.startsWith('#') || text.trim() === '') folder = undefined;
    for (const m of text.matchAll(/`([^`\s]+)`/g)) {
      const cited = (m[1] as string).replace(/^(?:\.\.?\/)+/, '').replace(/^src\//, '');
      if (cited.endsWith('/')) {
        if (existsSync(join(SRC, cited))) folder = cited.slice(0, -1);
        continue;
      }
      if (!MODULE.test(cited) || TEMPLATE.test(cited)) continue;
      const files = filesInFolder(filesCited(cited), cited, folder).filter((f) => f.startsWith('src/'));
      if (files.length !== 1) continue;
      const file = files[0] as string;
      named.add(file);
      if (cited.includes('/')) folder = file.slice('src/'.length, file.lastIndexOf('/'));
    }
  }
  return named;
}

/** The modules of src/ (barrels aside) the document never names. */
const unnamedModules = (doc: string): string[] => {
  const named = namedModules(doc);
  return SRC_FILES.filter((f) => !named.has(f) && !isBarrel(f));
};

const format = (ps: DocProblem[], file = 'ARCHITECTURE.md'): string =>
  ps.map((p) => `${file}:${p.line}: ${p.problem}`).join('\n');

/** A `.ts` path a comment writes without backticks (`engine/engine.ts`), made a code span. */
const BARE_PATH = /(?<![`\w/.-])((?:\.{1,2}\/|[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.ts)\b(?![`\w/-])/g;

/** A source file's comment lines with their paths as code spans; every other line empty. */
function commentLines(text: string): string {
  return text
    .split('\n')
    .map((l) => (/^\s*(?:\/\/|\/\*|\*)/.test(l) ? l.replace(BARE_PATH, '`$1`') : ''))
    .join('\n');
}

describe('ARCHITECTURE.md', () => {
  const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

  it('cites only modules that exist, and names those modules declare', () => {
    const problems = staleCitations(doc);
    expect(problems.length, `stale citations:\n${format(problems)}`).toBe(0);
  });

  it('gives every folder of src/ its place', () => {
    expect(unplacedFolders(doc), 'folders of src/ ARCHITECTURE.md does not name').toEqual([]);
  });

  it('names every module of src/ (barrels aside)', () => {
    expect(unnamedModules(doc), 'modules of src/ ARCHITECTURE.md does not name').toEqual([]);
  });

  it('src/ comments cite modules that exist, and names those modules declare', () => {
    const problems = KNOWN_FILES.filter((f) => f.startsWith('src/')).flatMap((f) => {
      const found = staleCitations(commentLines(sourceText(f)), { members: false });
      return found.length ? [format(found, f)] : [];
    });
    expect(problems, 'stale module references in comments').toEqual([]);
  });

  it('finds a moved module, a renamed function and a missing folder', () => {
    const wrong = [
      '| rule | `engine/no-such-rule.ts` | x |',
      '| rule | `engine/engine.ts` `noSuchFunction` | x |',
      '| rule | `engine/combine.ts` `allowOf` and `engine/engine.ts` `Engine.noSuchMethod` |',
      'the engine (`Engine.decide`, `Engine.noSuchMethod`, `iam.Role.fromRoleArn`)',
      '| rule | `engine/engine.ts` `orgSide` (how traces name each: `orgPolicyLabl`, `only`, `toEqual`) |',
      '| rule | `engine/combine.ts` `allowOf`, read by `decideHere` for `onlyPrincipals` checks |',
    ].join('\n');
    expect(format(staleCitations(wrong))).toBe(
      [
        'ARCHITECTURE.md:1: `engine/no-such-rule.ts`: no such file',
        'ARCHITECTURE.md:2: `engine/engine.ts` `noSuchFunction`: src/engine/engine.ts declares no `noSuchFunction`',
        'ARCHITECTURE.md:3: `engine/engine.ts` `Engine.noSuchMethod`: src/engine/engine.ts declares no `Engine.noSuchMethod`',
        'ARCHITECTURE.md:4: `Engine.noSuchMethod`: no `Engine` of src/ has a member `noSuchMethod`',
        'ARCHITECTURE.md:5: `orgPolicyLabl`: no module of src/ declares it',
        'ARCHITECTURE.md:6: `decideHere`: none of the modules this row cites declares it',
      ].join('\n'),
    );
    expect(
      staleCitations(commentLines('// decided by engine/engine.ts `encryptionKeyDecision`\nconst x = 1;')),
    ).toEqual([
      {
        line: 1,
        problem:
          '`engine/engine.ts` `encryptionKeyDecision`: src/engine/engine.ts declares no `encryptionKeyDecision`',
      },
    ]);
    expect(unplacedFolders('`src/engine/`')).toContain('report/html');
    // A bare name is read in the folder of the module before it; one no context settles names none.
    const named = namedModules('`analysis/escalation-methods.ts`, `escalation.ts`\n\n`types.ts`');
    expect([...named]).toEqual(['src/analysis/escalation-methods.ts', 'src/analysis/escalation.ts']);
    expect(isBarrel('src/catalog/index.ts')).toBe(true);
    expect(isBarrel('src/engine/index.ts')).toBe(false);
    expect(unnamedModules('`engine/engine.ts`')).toContain('src/engine/index.ts');
    // The text check before any parse accepts only what code declares: not a comment, a string,
    // or text after a regular expression holding `//`.
    const code = codeText(
      "// const inComment = 1\nconst s = 'function inString';\nconst re = /a\\/\\//; const afterRegex = { member: 2 };",
    );
    expect(['inComment', 'inString', 'afterRegex'].map((n) => keywordDeclares(code, n))).toEqual([
      false,
      false,
      true,
    ]);
    expect(bodiesOf(code, 'afterRegex').tops.map((top) => memberAt('member').test(top))).toEqual([true]);
  });
});
