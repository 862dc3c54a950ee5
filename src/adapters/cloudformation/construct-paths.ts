// CDK construct paths of template resources in a cloud assembly: from the stack artifact's
// `aws:cdk:logicalId` metadata in manifest.json, else from tree.json (logical ids recomputed from
// construct paths). Resources of nested stacks are told apart by the nested stack's path prefix.

import { cdkLogicalId } from './cdk-logical-id.js';
import { isRecord } from './values.js';

const NESTED_RESOURCE = /\.NestedStack\/[^/]+\.NestedStackResource$/;

/** Construct path of a nested stack from the path of its `AWS::CloudFormation::Stack` resource. */
export function nestedStackPath(resourcePath: string): string | undefined {
  const p = resourcePath.replace(/^\//, '');
  return NESTED_RESOURCE.test(p) ? p.replace(NESTED_RESOURCE, '') : undefined;
}

interface TreeNode {
  id?: string;
  path?: string;
  children?: Record<string, TreeNode>;
  attributes?: Record<string, unknown>;
}

export class ConstructPathIndex {
  private readonly entries: { path: string; logicalId: string }[] = [];
  private readonly nestedPrefixes: string[] = [];
  private readonly tree: TreeNode | undefined;

  /**
   * @param metadata a stack artifact's `metadata` (construct path → entries)
   * @param tree the parsed tree.json, when present
   */
  constructor(metadata: unknown, tree: unknown) {
    if (isRecord(metadata)) {
      for (const [rawPath, list] of Object.entries(metadata)) {
        if (!Array.isArray(list)) continue;
        const path = rawPath.replace(/^\//, '');
        for (const e of list) {
          if (isRecord(e) && e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') {
            this.entries.push({ path, logicalId: e.data });
          }
        }
        const nested = nestedStackPath(path);
        if (nested) this.nestedPrefixes.push(`${nested}/`);
      }
    }
    this.tree = isRecord(tree) && isRecord(tree.tree) ? (tree.tree as TreeNode) : undefined;
  }

  /**
   * Logical id → construct path for the template of the stack at `stackPath` (a nested stack's
   * path, or undefined for the artifact's own top-level template).
   */
  forStack(stackPath: string | undefined, topLevelPath?: string): Map<string, string> {
    const out = new Map<string, string>();
    const base = stackPath ? `${stackPath}/` : undefined;
    for (const { path, logicalId } of this.entries) {
      if (base && !path.startsWith(base)) continue;
      const deeper = this.nestedPrefixes.some(
        (p) => path.startsWith(p) && (!base || (p.length > base.length && p.startsWith(base))),
      );
      if (deeper) continue;
      if (!out.has(logicalId)) out.set(logicalId, path);
    }
    const treeRoot = stackPath ?? topLevelPath;
    if (this.tree && treeRoot) this.addFromTree(treeRoot, out);
    return out;
  }

  private addFromTree(stackPath: string, out: Map<string, string>): void {
    const node = findNode(this.tree!, stackPath);
    if (!node) return;
    const walk = (n: TreeNode, components: string[]): void => {
      const children = isRecord(n.children) ? n.children : {};
      for (const [id, child] of Object.entries(children)) {
        if (!isRecord(child)) continue;
        // A nested stack construct X has a sibling X.NestedStack: its resources are in another template.
        if (`${id}.NestedStack` in children) continue;
        const comps = [...components, id];
        const attrs = isRecord(child.attributes) ? child.attributes : {};
        if (typeof attrs['aws:cdk:cloudformation:type'] === 'string') {
          const logicalId = cdkLogicalId(comps);
          const path = typeof child.path === 'string' ? child.path : `${stackPath}/${comps.join('/')}`;
          if (logicalId && !out.has(logicalId)) out.set(logicalId, path);
        }
        walk(child as TreeNode, comps);
      }
    };
    walk(node, []);
  }
}

function findNode(root: TreeNode, path: string): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    node = isRecord(node?.children) ? node.children[part] : undefined;
    if (!node) return undefined;
  }
  return node;
}
