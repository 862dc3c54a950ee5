// SQS facts both adapters share: a queue URL (what queue policies name) to the queue's ARN.

import { ARN, parseArn } from './arn-formats.js';

export interface QueueIdentity {
  arn: string;
  name: string;
  account: string;
  region: string;
}

/**
 * A queue URL `https://sqs.<region>.amazonaws.com/<account>/<name>` (also the legacy
 * `https://<region>.queue.amazonaws.com/...` and `https://queue.amazonaws.com/...` forms, which
 * are us-east-1, and the China partition's `.amazonaws.com.cn`), or a queue ARN, to the queue
 * (Amazon SQS Developer Guide, "Amazon SQS queue and message identifiers",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html).
 * Undefined when it is neither.
 */
export function queueFromUrl(url: string, partition: string): QueueIdentity | undefined {
  const parsed = parseArn(url);
  if (parsed) {
    if (parsed.service !== 'sqs') return undefined;
    return { arn: url, name: parsed.resource, account: parsed.account, region: parsed.region };
  }
  const m =
    /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.[^/]+|queue\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.[^/]+)\/(\d{12})\/([^/?#]+)\/?$/.exec(
      url,
    );
  if (!m) return undefined;
  const region = m[1] ?? m[2] ?? 'us-east-1';
  const env = { partition, region, account: m[3]! };
  return { arn: ARN.queue(env, m[4]!), name: m[4]!, account: m[3]!, region };
}
