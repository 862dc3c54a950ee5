// A job that runs the repository's GitHub Action (action.yml) offline, for the Action's tests: a
// fresh copy of the Terraform repository fixture (test/fixtures/consumers/terraform-repo) as the
// workspace, a fake `gh` on PATH (test/helpers/fake-gh.mjs) holding the pull request's comments,
// an event file, and the inputs of the iamspec step of the fixture's own workflow.

import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type ActionRun, runCompositeAction } from './composite-action.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const fixtureRepo = join(repoRoot, 'test', 'fixtures', 'consumers', 'terraform-repo');

/** The `with:` of the iamspec step of the fixture repository's workflow. */
export function workflowInputs(): Record<string, string> {
  const workflow = parse(readFileSync(join(fixtureRepo, '.github', 'workflows', 'iam.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = workflow.jobs.iamspec!.steps.find((s) => s.uses?.startsWith('OWNER/iamspec@'));
  return Object.fromEntries(Object.entries(step!.with!).map(([k, v]) => [k, String(v)]));
}

export interface ActionJob {
  dir: string;
  workspace: string;
  /** The fake gh's comments (JSON). */
  state: string;
  /** One JSON array of arguments per gh call. */
  ghLog: string;
  env: Record<string, string>;
  /** Runs the action in this job (each run gets its own RUNNER_TEMP). */
  run(
    inputs: Record<string, string>,
    options?: { env?: Record<string, string>; stub?: Record<string, Record<string, string>> },
  ): ActionRun;
  comments(): { id: number; issue: number; body: string }[];
  ghCalls(): string[][];
}

let jobs = 0;

/** A job in a new directory under `scratch`, for a pull_request event (#7) unless `event` says otherwise. */
export function newActionJob(scratch: string, event: unknown = { pull_request: { number: 7 } }): ActionJob {
  const dir = join(scratch, `job-${++jobs}`);
  const workspace = join(dir, 'workspace');
  cpSync(fixtureRepo, workspace, { recursive: true });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'test', 'helpers', 'fake-gh.mjs')}" "$@"\n`,
    { mode: 0o755 },
  );
  const eventFile = join(dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const state = join(dir, 'gh-state.json');
  const ghLog = join(dir, 'gh-calls.jsonl');
  writeFileSync(ghLog, '');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_GH_STATE: state,
    FAKE_GH_LOG: ghLog,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42',
  };
  let runs = 0;
  return {
    dir,
    workspace,
    state,
    ghLog,
    env,
    run(inputs, options = {}) {
      return runCompositeAction({
        actionPath: repoRoot,
        workspace,
        temp: join(dir, `runner-temp-${++runs}`),
        inputs,
        env: { ...env, ...options.env },
        ...(options.stub ? { stub: options.stub } : {}),
      });
    },
    comments() {
      try {
        return JSON.parse(readFileSync(state, 'utf8')).comments;
      } catch {
        return [];
      }
    },
    ghCalls() {
      return readFileSync(ghLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
    },
  };
}

/** A step of a run by id or name. */
export function stepOf(run: ActionRun, idOrName: string) {
  const found = run.steps.find((s) => s.id === idOrName || s.name === idOrName);
  if (!found) throw new Error(`no step ${idOrName}`);
  return found;
}
