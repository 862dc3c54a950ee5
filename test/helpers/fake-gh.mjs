// A stand-in for the GitHub CLI (`gh api`) with the issue-comments API of one repository, kept
// in a JSON file (FAKE_GH_STATE), for testing the Action's comment script offline. Every call is
// appended to FAKE_GH_LOG (one JSON array of arguments per line). FAKE_GH_FAIL=403 answers every
// call the way GitHub answers a read-only token. Only the calls the Action makes are understood;
// anything else exits 2, so a change in the script shows up here.

import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_GH_LOG, `${JSON.stringify(args)}\n`);
if (!process.env.GH_TOKEN) {
  console.error('gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.');
  process.exit(4);
}
if (process.env.FAKE_GH_FAIL === '403') {
  console.error('gh: Resource not accessible by integration (HTTP 403)');
  process.exit(1);
}

const stateFile = process.env.FAKE_GH_STATE;
const state = existsSync(stateFile)
  ? JSON.parse(readFileSync(stateFile, 'utf8'))
  : { comments: [], nextId: 1000 };
const save = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function fieldBody() {
  const field = option('-F');
  if (!field?.startsWith('body=@')) {
    console.error(`fake gh: expected -F body=@FILE, got ${field}`);
    process.exit(2);
  }
  return readFileSync(field.slice('body=@'.length), 'utf8');
}

const path = args.find((a) => a.startsWith('repos/')) ?? '';
const method = option('--method') ?? 'GET';
const issueComments = /^repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
const oneComment = /^repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);

function unsupported() {
  console.error(`fake gh: unsupported call ${args.join(' ')}`);
  process.exit(2);
}

if (args[0] !== 'api') unsupported();
if (method === 'GET' && issueComments) {
  const marker = /^\.\[\] \| select\(\.body \| contains\("(.*)"\)\) \| \.id$/.exec(option('--jq') ?? '');
  if (!marker || !args.includes('--paginate')) unsupported();
  for (const c of state.comments) {
    if (c.repo === issueComments[1] && c.issue === Number(issueComments[2]) && c.body.includes(marker[1])) {
      console.log(c.id);
    }
  }
} else if (method === 'POST' && issueComments) {
  const comment = {
    id: state.nextId,
    repo: issueComments[1],
    issue: Number(issueComments[2]),
    body: fieldBody(),
  };
  state.nextId += 1;
  state.comments.push(comment);
  save();
  console.log(JSON.stringify({ id: comment.id, body: comment.body }));
} else if (method === 'PATCH' && oneComment) {
  const comment = state.comments.find((c) => c.repo === oneComment[1] && c.id === Number(oneComment[2]));
  if (!comment) {
    console.error('gh: Not Found (HTTP 404)');
    process.exit(1);
  }
  comment.body = fieldBody();
  save();
  console.log(JSON.stringify({ id: comment.id, body: comment.body }));
} else {
  unsupported();
}
