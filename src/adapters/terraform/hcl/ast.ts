// HCL syntax tree: the body/block/attribute structure of a Terraform file and the expression
// tree the evaluator walks. Produced by the native-syntax parser (`.tf`) and by the JSON
// configuration reader (`.tf.json`, whose strings are templates). Every node has a position.

export interface Pos {
  line: number;
  column: number;
}

export type Expr =
  | { k: 'lit'; v: null | boolean | number | string; pos: Pos }
  | { k: 'tmpl'; parts: TemplatePart[]; pos: Pos }
  | { k: 'tuple'; items: Expr[]; pos: Pos }
  | { k: 'object'; items: { key: Expr; value: Expr }[]; pos: Pos }
  | { k: 'var'; name: string; pos: Pos }
  | { k: 'attr'; obj: Expr; name: string; pos: Pos }
  | { k: 'index'; obj: Expr; key: Expr; pos: Pos }
  /** `obj[*].a.b` / `obj.*.a`: `each` is applied to every element (bound to `splat`). */
  | { k: 'splat'; obj: Expr; each: Expr; pos: Pos }
  /** The element placeholder inside a splat's `each`. */
  | { k: 'splatItem'; pos: Pos }
  | { k: 'call'; name: string; args: Expr[]; expandLast: boolean; pos: Pos }
  | { k: 'cond'; cond: Expr; whenTrue: Expr; whenFalse: Expr; pos: Pos }
  | { k: 'unary'; op: '!' | '-'; e: Expr; pos: Pos }
  | { k: 'binary'; op: BinaryOp; l: Expr; r: Expr; pos: Pos }
  | {
      k: 'for';
      keyVar: string | undefined;
      valVar: string;
      coll: Expr;
      keyExpr: Expr | undefined;
      valExpr: Expr;
      cond: Expr | undefined;
      group: boolean;
      pos: Pos;
    }
  | { k: 'paren'; e: Expr; pos: Pos }
  /** A value that could not be read (e.g. a `.tf.json` string that is not a valid template). */
  | { k: 'bad'; reason: string; pos: Pos };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type TemplatePart =
  | { k: 'str'; v: string }
  | { k: 'interp'; e: Expr }
  | { k: 'if'; cond: Expr; whenTrue: TemplatePart[]; whenFalse: TemplatePart[] }
  | { k: 'for'; keyVar: string | undefined; valVar: string; coll: Expr; body: TemplatePart[] };

export interface Attribute {
  kind: 'attr';
  name: string;
  expr: Expr;
  pos: Pos;
}

export interface Block {
  kind: 'block';
  type: string;
  labels: string[];
  body: Body;
  pos: Pos;
}

export interface Body {
  items: (Attribute | Block)[];
  pos: Pos;
}

/** Attributes of a body by name (last one wins, as HCL rejects duplicates anyway). */
export function bodyAttrs(body: Body): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const it of body.items) if (it.kind === 'attr') out.set(it.name, it);
  return out;
}

export function bodyBlocks(body: Body, type?: string): Block[] {
  return body.items.filter(
    (it): it is Block => it.kind === 'block' && (type === undefined || it.type === type),
  );
}
