// A DynamoDB stream's label is "A timestamp, in ISO 8601 format" that DynamoDB assigns: an
// unknown part of the stream's ARN that may hold `:` (src/model/slashed-names.ts
// `partMayHoldColon`, src/aws/resource-policies.ts STREAM_LABEL). A pattern naming some labels
// (`stream/2024-*`) may name the stream (was: deny); `stream/*` surely does; a request naming a
// real label is on the stream or an older one of the table.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STREAM_LABEL } from '../src/aws/resource-policies.js';
import { partMayHoldColon } from '../src/model/slashed-names.js';
import { compileModel } from '../src/engine/index.js';
import { MAYBE, NO, YES } from '../src/engine/tri.js';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { modelOf } from './fixtures/cfn/load.js';

const DOC =
  'Amazon DynamoDB API Reference, DynamoDB Streams, "Stream": "StreamLabel: A timestamp, in ISO 8601 format, for this stream" (ARN `arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291`), https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Stream.html';

const FILE = 'test/fixtures/principal-forms/stream-label.yaml';
const STREAM = `arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/${STREAM_LABEL}`;
const REAL = 'arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/2024-01-01T00:00:00.000';

function engine() {
  return compileModel(
    modelOf(readFileSync(FILE, 'utf8'), {
      account: '111122223333',
      region: 'us-west-2',
      stackName: 's',
      file: FILE,
    }),
  );
}

const decide = (principal: string, resource: string) =>
  engine().decide({ principal, action: 'dynamodb:GetRecords', resource }).decision;

describe('DynamoDB stream labels (DOC)', () => {
  it('the label is an unknown part that may hold `:`, after table/NAME/stream/ only', () => {
    expect(STREAM_LABEL.startsWith('(unknown-')).toBe(true);
    expect(partMayHoldColon('arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/'), DOC).toBe(true);
    expect(partMayHoldColon('arn:aws:dynamodb:us-west-2:111122223333:table/')).toBe(false);
    expect(partMayHoldColon('arn:aws:s3:::b/')).toBe(false);
    const m = (pattern: string) => matchUnknownName(patternTokens([pattern]), STREAM, true);
    expect(m('arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/*')).toBe(YES);
    expect(m('arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/2024-*')).toBe(MAYBE);
    // a label holds `:`: a pattern with one may name it
    expect(m('arn:aws:dynamodb:us-west-2:111122223333:table/orders/stream/*:00.000')).toBe(MAYBE);
    expect(m('arn:aws:dynamodb:us-west-2:111122223333:table/other/stream/*')).toBe(NO);
  });

  it('a label pattern may name the stream: indeterminate (was: deny); any label: allow', () => {
    expect(decide('arn:aws:iam::111122223333:user/reader-2024', STREAM), DOC).toBe('indeterminate');
    expect(decide('arn:aws:iam::111122223333:user/reader-any', STREAM)).toBe('allow');
  });

  it('a request naming a real label: decided by the patterns, indeterminate where the label matters', () => {
    expect(decide('arn:aws:iam::111122223333:user/reader-any', REAL)).toBe('allow');
    expect(decide('arn:aws:iam::111122223333:user/reader-2024', REAL)).toBe('allow');
    expect(decide('arn:aws:iam::111122223333:user/reader-2024', REAL.replace('2024', '2023'))).toBe('deny');
    // the stream's policy names its own ARN: the label the request names may be another stream's
    expect(decide('arn:aws:iam::444455556666:root', REAL)).toBe('indeterminate');
  });
});
