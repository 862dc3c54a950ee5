// The resources of aws/plain-resources.ts `PLAIN_RESOURCES` (aws_sagemaker_notebook_instance_lifecycle_configuration),
// recorded by ARN (`ModelBuilder.notePlainResource`): named by their name attribute, else an
// unknown name (eval/computed.ts `unknownResourceName`), in the provider's account and the
// instance's Region (instance-region.ts `regionOf`). Owns `PLAIN_RESOURCE_HANDLERS`.

import { PLAIN_RESOURCES, type PlainResourceType, plainResourceArn } from '../../../aws/plain-resources.js';
import { unknownResourceName } from '../eval/computed.js';
import type { TfInstance } from '../instances.js';
import { type TfLoadState, str } from './context.js';
import { regionOf } from './instance-region.js';

function handlerOf(t: PlainResourceType): (ctx: TfLoadState, inst: TfInstance) => void {
  return (ctx, inst) => {
    const name = str(inst.values, t.tf.name) || unknownResourceName(inst.values, t.tf.name, inst.address);
    ctx.builder.notePlainResource({
      type: t.tf.type,
      arn: plainResourceArn(t, name, {
        partition: ctx.env.partition,
        region: regionOf(ctx, inst.values),
        account: ctx.env.account,
      }),
      source: inst.source,
      ...(inst.presence ? { presence: inst.presence } : {}),
    });
  };
}

export const PLAIN_RESOURCE_HANDLERS: Readonly<Record<string, (ctx: TfLoadState, inst: TfInstance) => void>> =
  Object.fromEntries(PLAIN_RESOURCES.map((t) => [t.tf.type, handlerOf(t)]));
