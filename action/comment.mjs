// Creates or updates the Action's one comment on the pull request: the markdown report under a
// hidden marker (`<!-- iamspec-action:ID -->`), so each run edits the comment of the run before
// instead of adding another. Talks to GitHub through the `gh` CLI (preinstalled on GitHub's
// runners; GH_TOKEN holds the token). Never fails the job: outside a pull request it does
// nothing, and when the token may not comment (pull requests from forks get a read-only token)
// it says so in a warning; the report is in the step summary either way.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { input, setOutput, warning } from './runner.mjs';

/** GitHub's limit on a comment body is 65,536 characters; the report is cut well before it. */
const MAX_REPORT = 60_000;

function pullRequestNumber() {
  if (input('pr-number')) return Number(input('pr-number'));
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8'));
    return event.pull_request?.number ?? undefined;
  } catch {
    return undefined;
  }
}

function runUrl() {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = process.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

function commentBody(marker, report) {
  const url = runUrl();
  let text = report.trim();
  if (text.length > MAX_REPORT) {
    const where = url ? `the [run's summary](${url})` : "the run's step summary";
    text = `${text.slice(0, MAX_REPORT)}\n\n… (cut: the whole report is in ${where})`;
  }
  const footer = url ? `\n\n<sub>iamspec · [workflow run](${url})</sub>` : '';
  return `${marker}\n${text}${footer}\n`;
}

function gh(args) {
  return execFileSync('gh', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function main() {
  const number = pullRequestNumber();
  if (!number) {
    console.log('iamspec: not a pull request, no comment');
    return;
  }
  const repo = process.env.GITHUB_REPOSITORY;
  if (!repo) {
    warning('GITHUB_REPOSITORY is not set: no pull-request comment');
    return;
  }
  const id = (input('comment-id') || 'iamspec').replace(/[^A-Za-z0-9_.-]/g, '-');
  const marker = `<!-- iamspec-action:${id} -->`;
  const bodyFile = join(process.env.RUNNER_TEMP || tmpdir(), `iamspec-comment-${id}.md`);
  writeFileSync(bodyFile, commentBody(marker, readFileSync(input('markdown-file'), 'utf8')));
  try {
    const existing = gh([
      'api',
      '--paginate',
      `repos/${repo}/issues/${number}/comments`,
      '--jq',
      `.[] | select(.body | contains("${marker}")) | .id`,
    ])
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)[0];
    if (existing) {
      gh([
        'api',
        '--method',
        'PATCH',
        `repos/${repo}/issues/comments/${existing}`,
        '-F',
        `body=@${bodyFile}`,
      ]);
      console.log(`iamspec: updated comment ${existing} on pull request #${number}`);
      setOutput('comment-id', existing);
    } else {
      const created = JSON.parse(
        gh(['api', '--method', 'POST', `repos/${repo}/issues/${number}/comments`, '-F', `body=@${bodyFile}`]),
      );
      console.log(`iamspec: commented on pull request #${number}`);
      setOutput('comment-id', String(created.id ?? ''));
    }
  } catch (e) {
    const detail = (e?.stderr ?? e?.message ?? String(e)).toString().trim().split('\n')[0];
    warning(
      `could not comment on pull request #${number} (${detail}). The job needs \`pull-requests: write\`; ` +
        'pull requests from forks get a read-only token. The report is in the step summary.',
    );
  }
}

main();
