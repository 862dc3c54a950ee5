// The resources of aws/plain-resources.ts `PLAIN_RESOURCES` (a SageMaker notebook instance
// lifecycle configuration), recorded by ARN (`ModelBuilder.notePlainResource`): named by their
// name property, else CloudFormation's generated name (resource-identity.ts `physicalName`, unknown
// name parts), in the stack's account and Region. Owns `PLAIN_RESOURCE_HANDLERS`.

import { PLAIN_RESOURCES, type PlainResourceType, plainResourceArn } from '../../../aws/plain-resources.js';
import { physicalName } from '../resource-identity.js';
import type { ResourceHandler } from './scope.js';

function handlerOf(t: PlainResourceType): ResourceHandler {
  return {
    create(scope) {
      const at = scope.ctx.scopeOf(scope.resource);
      const { name } = physicalName(at, t.cfn.name);
      scope.builder.notePlainResource({
        type: t.cfn.type,
        arn: plainResourceArn(t, name, {
          partition: at.partition,
          region: at.region,
          account: scope.account,
        }),
        source: scope.source,
        ...(scope.presence ? { presence: scope.presence } : {}),
      });
    },
  };
}

export const PLAIN_RESOURCE_HANDLERS: Readonly<Record<string, ResourceHandler>> = Object.fromEntries(
  PLAIN_RESOURCES.map((t) => [t.cfn.type, handlerOf(t)]),
);
