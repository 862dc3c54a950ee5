// Hand-made analysis results for the renderer tests: a small access matrix (with a principal and
// a resource whose names try to inject markup, CSV fields and Markdown), risk findings and a
// who-can answer with a role chain. Built from the contract types only, so the renderers are
// tested independently of the analyses that produce these results.

import { cellsFromRows } from '../../src/analysis/matrix/cell-store.js';
import type {
  Access,
  AccessLevelName,
  ChainHop,
  FreeDecision,
  Matrix,
  MatrixCell,
  RiskFinding,
  StatementRef,
  WhoCanEntry,
  WhoCanResult,
} from '../../src/analysis/types.js';

export const ACCOUNT = '629470240201';
export const LEVELS: AccessLevelName[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
export const EVIL = `<img src=x onerror="alert(1)">`;

export const refs = {
  developers: {
    stage: 'identity',
    policy: 'Company1-Logs-Policy',
    statement: 'Sid "Logs"',
    effect: 'Allow',
    source: { file: 'cdk.out/Company1.template.json', line: 42, column: 9, logicalId: 'LogsPolicy' },
  },
  boundary: {
    stage: 'boundary',
    policy: 'InternBoundaryPolicy',
    statement: 'Statement[0]',
    effect: 'Allow',
    source: {
      file: 'cdk.out/Company1.template.json',
      line: 77,
      column: 11,
      constructPath: 'Company1/InternBoundary',
    },
  },
  admin: {
    stage: 'identity',
    policy: 'AdministratorAccess',
    statement: 'Statement[0]',
    effect: 'Allow',
    source: { file: 'AWS managed policy', pointer: '/Statement/0' },
  },
  uploader: {
    stage: 'identity',
    policy: 'UploaderPolicy',
    statement: 'Sid "TempCredsOnly"',
    effect: 'Allow',
    source: { address: 'aws_iam_user_policy.uploader' },
  },
  trust: {
    stage: 'trust',
    policy: 'trust policy of role JohnUploadRole',
    statement: 'Sid "JohnAssumesRole"',
    effect: 'Allow',
    source: { file: 'tf-example/plan.json', line: 1171, column: 5, address: 'aws_iam_role.john_upload' },
  },
  upload: {
    stage: 'identity',
    policy: 'SessionPolicy-UploadFile',
    statement: 'Sid "UploadFile"',
    effect: 'Allow',
    source: { file: 'tf-example/plan.json', line: 1154, column: 21, address: 'aws_iam_policy.upload_file' },
  },
  evil: {
    stage: 'identity',
    policy: `${EVIL}-policy`,
    statement: `Sid "${EVIL}"`,
    effect: 'Allow',
    source: { file: `${EVIL}.json`, line: 1, column: 1 },
  },
} satisfies Record<string, StatementRef>;

export const TEMP_CREDS =
  'aws:TokenIssueTime is not null (Null) (Allow of UploaderPolicy, Sid "TempCredsOnly")';

const deny = (): MatrixCell => ({ access: 'deny', actions: [], grants: [] });

function cell(
  access: Access,
  actions: string[],
  grants: StatementRef[],
  conditions: string[] = [],
): MatrixCell {
  if (access === 'deny') return deny();
  return { access, actions: actions.map((action) => ({ action, access, conditions })), grants };
}

/** Levels of one cell by name; levels not given are deny. */
function levels(given: Partial<Record<AccessLevelName, MatrixCell>>): MatrixCell[] {
  return LEVELS.map((l) => given[l] ?? deny());
}

export const hop: ChainHop = {
  from: `arn:aws:iam::${ACCOUNT}:user/john`,
  role: `arn:aws:iam::${ACCOUNT}:role/JohnUploadRole`,
  access: 'allow',
  conditions: [],
  grants: [refs.trust],
};

/** principals: 0 Sara-intern, 1 sarah, 2 uploader, 3 the evil role, 4 john; resources: 0 logs, 1 hr, 2 evil. */
export function sampleMatrix(): Matrix {
  const principals: Matrix['principals'] = [
    {
      id: 'p0',
      arn: `arn:aws:iam::${ACCOUNT}:user/Sara-intern`,
      kind: 'user',
      name: 'Sara-intern',
      source: { file: 'company1.ts', logicalId: 'SaraIntern' },
    },
    {
      id: 'p1',
      arn: `arn:aws:iam::${ACCOUNT}:user/sarah`,
      kind: 'user',
      name: 'sarah',
      source: { file: 'company1.ts', logicalId: 'Sarah' },
    },
    {
      id: 'p2',
      arn: `arn:aws:iam::${ACCOUNT}:user/uploader`,
      kind: 'user',
      name: 'uploader',
      source: undefined,
    },
    {
      id: 'p3',
      arn: `arn:aws:iam::${ACCOUNT}:role/evil`,
      kind: 'role',
      name: EVIL,
      source: { file: `${EVIL}.yaml` },
    },
    { id: 'p4', arn: `arn:aws:iam::${ACCOUNT}:user/john`, kind: 'user', name: 'john', source: undefined },
  ];
  const resources: Matrix['resources'] = [
    {
      arn: 'arn:aws:s3:::company1-logs',
      name: 'company1-logs',
      kind: 's3 bucket',
      source: { file: 'company1.ts', logicalId: 'LogsBucket' },
    },
    { arn: 'arn:aws:s3:::company1-hr', name: 'company1-hr', kind: 's3 bucket', source: undefined },
    { arn: 'arn:aws:s3:::evil', name: `"${EVIL}",=cmd|x`, kind: 's3 bucket', source: undefined },
  ];
  const adminAll = (actions: string[]) => cell('allow', actions, [refs.admin]);
  const cells: MatrixCell[][][] = [
    // Sara-intern: List on company1-logs only.
    [
      levels({ List: cell('allow', ['s3:ListBucket'], [refs.developers, refs.boundary]) }),
      levels({}),
      levels({}),
    ],
    // sarah: everything everywhere.
    [0, 1, 2].map(() =>
      levels({
        List: adminAll(['s3:ListBucket']),
        Read: adminAll(['s3:GetObject', 's3:GetBucketPolicy']),
        Write: adminAll(['s3:PutObject', 's3:DeleteObject']),
        'Permissions management': adminAll(['s3:PutBucketPolicy']),
        Tagging: adminAll(['s3:PutBucketTagging']),
      }),
    ),
    // uploader: conditional Write on company1-logs (temporary credentials only), indeterminate Read on hr.
    [
      levels({ Write: cell('conditional', ['s3:PutObject'], [refs.uploader], [TEMP_CREDS]) }),
      levels({ Read: cell('indeterminate', ['s3:GetObject'], [refs.uploader]) }),
      levels({}),
    ],
    // evil role: Read on the evil bucket, granted by an evil statement.
    [levels({}), levels({}), levels({ Read: cell('allow', ['s3:GetObject'], [refs.evil]) })],
    // john: nothing directly; reaches JohnUploadRole.
    [levels({}), levels({}), levels({})],
  ];
  return {
    levels: LEVELS,
    principals,
    resources,
    cells: cellsFromRows(cells),
    chains: { 4: [{ role: hop.role, path: [hop] }] },
  };
}

export function sampleRisks(): RiskFinding[] {
  return [
    {
      kind: 'wildcard-resource',
      severity: 'medium',
      subject: `arn:aws:iam::${ACCOUNT}:role/evil`,
      message: `Allow s3:GetObject on * (${EVIL})`,
      statements: [refs.evil],
    },
    {
      kind: 'admin-equivalent',
      severity: 'high',
      subject: `arn:aws:iam::${ACCOUNT}:user/sarah`,
      message: 'sarah can perform every action on every resource',
      statements: [refs.admin],
    },
  ];
}

function free(access: Access, grants: StatementRef[], conditions: string[] = []): FreeDecision {
  return {
    access,
    conditions,
    grants,
    decision: {
      decision: access === 'deny' ? 'deny' : 'allow',
      reason: access === 'deny' ? 'implicit-deny' : 'allowed',
    },
    external: false,
  };
}

export const TLS =
  'not aws:SecureTransport is "false" (Bool) (Deny of resource policy of company1-hr, Sid "DenyWithoutTls")';

export function sampleWhoCan(): WhoCanResult {
  const entries: WhoCanEntry[] = [
    {
      principal: `arn:aws:iam::${ACCOUNT}:user/john`,
      kind: 'user',
      access: 'conditional',
      conditions: [TLS],
      path: [hop],
      final: free('conditional', [refs.upload], [TLS]),
    },
    {
      principal: `arn:aws:iam::${ACCOUNT}:user/sarah`,
      kind: 'user',
      access: 'allow',
      conditions: [],
      path: [],
      final: free('allow', [refs.admin]),
    },
    {
      principal: 'ec2.amazonaws.com',
      kind: 'service',
      access: 'allow',
      conditions: [],
      path: [{ ...hop, from: 'ec2.amazonaws.com', role: `arn:aws:iam::${ACCOUNT}:role/Company1-Logs-Role` }],
      final: free('allow', [refs.developers]),
      via: 'EC2 instance log-processor through instance profile LogsProfile',
    },
  ];
  return { action: 's3:GetObject', resource: 'arn:aws:s3:::company1-hr/x', entries };
}
