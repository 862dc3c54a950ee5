// Installs the iamspec CLI for the Action, from the npm registry by default: the package with the
// version of the Action's own package.json (the Action at tag vX installs iamspec@X), or what
// the `package` input names (another version, a tarball path or URL). Production dependencies
// only: no dev dependencies, no optional peers (aws-cdk-lib, constructs, cdktf, vitest), no
// scripts, so no build runs and no CDK, CDKTF or browser package is downloaded.
//
//   node install.mjs resolve   outputs `package`, `dir`, `npm-cache`, `cache-key`
//   node install.mjs install   installs; outputs `cli` (bin/iamspec.js), `version`, `seconds`

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, input, setOutput } from './runner.mjs';

const actionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function actionVersion() {
  return JSON.parse(readFileSync(join(actionRoot, 'package.json'), 'utf8')).version;
}

/** The npm package spec to install; a local tarball or directory becomes an absolute path. */
export function packageSpec() {
  const given = input('package');
  if (!given) return `iamspec@${input('version') || actionVersion()}`;
  const local = /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(given) || /\.(tgz|tar\.gz)$/.test(given);
  if (local && !/^[a-z+]+:\/\//i.test(given) && !isAbsolute(given)) {
    return resolve(process.env.GITHUB_WORKSPACE || process.cwd(), given);
  }
  return given;
}

function installDir() {
  return input('install-dir') || join(process.env.RUNNER_TEMP || tmpdir(), 'iamspec-cli');
}

function npm(args, options = {}) {
  // npm is a .cmd script on Windows, which execFile runs only through a shell.
  return execFileSync('npm', args, { encoding: 'utf8', shell: process.platform === 'win32', ...options });
}

function resolveStep() {
  const spec = packageSpec();
  const npmCache = npm(['config', 'get', 'cache']).trim();
  setOutput('package', spec);
  setOutput('dir', installDir());
  setOutput('npm-cache', npmCache);
  // A local tarball can change under the same name: its size goes into the key.
  const keyed = existsSync(spec) ? `${spec}-${statSync(spec).size}` : spec;
  setOutput('cache-key', `iamspec-npm-${process.platform}-${process.arch}-${keyed}`);
}

function installStep() {
  const spec = packageSpec();
  const dir = installDir();
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const args = [
    'install',
    '--prefix',
    dir,
    '--omit=dev',
    '--omit=peer',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--no-package-lock',
    spec,
  ];
  console.log(`npm ${args.join(' ')}`);
  try {
    npm(args, { stdio: 'inherit' });
  } catch {
    error(
      `could not install ${spec}. Pin the Action to a released tag, or set the \`package\` input ` +
        '(a version, a tarball path or URL).',
    );
    process.exit(1);
  }
  const root = join(dir, 'node_modules', 'iamspec');
  const cli = join(root, 'bin', 'iamspec.js');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    error(
      `${spec} has no built CLI (dist/cli/main.js): install a packed or published iamspec, not a source tree.`,
    );
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  console.log(`iamspec ${version} installed in ${seconds} s`);
  setOutput('cli', cli);
  setOutput('version', version);
  setOutput('seconds', seconds);
}

const mode = process.argv[2];
if (mode === 'resolve') resolveStep();
else if (mode === 'install') installStep();
else {
  console.error('usage: node install.mjs resolve|install');
  process.exit(2);
}
