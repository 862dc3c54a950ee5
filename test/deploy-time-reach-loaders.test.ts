// The role chains of the deploy-time bounds are a dependency of the load pipeline itself
// (model/role-reach.ts: `Adapters.roleReach`, given by adapters/load.ts and load-by-kind.ts), not
// a slot an entry point fills by importing a module: this file imports the loaders and nothing that
// used to fill it (no src/index.ts, no cli, no testing helper), and gets the full bound.
// IAM User Guide, "Policy evaluation logic": "Within an account, ... an identity-based policy or a
// resource-based policy can grant access" — a role trust policy is a resource-based policy, so a
// role whose trust policy names the function role lets its code in without any sts:AssumeRole
// statement in the function role's own policies (the silent pass of a caller of adapters/load.js
// before: the trust-only reach was missing, `app` was denied).

import { describe, expect, it } from 'vitest';
import { loadModelByKind } from '../src/adapters/load-by-kind.js';
import { loadInputs, loadModelSync, loadModelWithReport } from '../src/adapters/load.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  ACCOUNT,
  appDeletesBucket,
  trustOnlyTemplate,
  unreachedTemplate,
} from './helpers/trust-only-reach.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const write = (template: object): string => writeTempFile('t.json', template);
const options = { account: ACCOUNT, region: 'us-east-1' };

describe('the loaders follow the trust-only reach of deploy-time code', () => {
  const reached = write(trustOnlyTemplate());
  const unreached = write(unreachedTemplate());

  it('loadModelSync / loadModelWithReport: indeterminate (admin trusts the function role)', () => {
    expect(appDeletesBucket(loadModelSync([reached], options))).toBe('indeterminate');
    expect(appDeletesBucket(loadModelWithReport([reached], options).model)).toBe('indeterminate');
    expect(appDeletesBucket(loadModelSync([unreached], options))).toBe('deny');
  });

  it('loadModelByKind (the CLI loader): indeterminate', async () => {
    expect(appDeletesBucket((await loadModelByKind([reached], options)).model)).toBe('indeterminate');
    expect(appDeletesBucket((await loadModelByKind([unreached], options)).model)).toBe('deny');
  });

  it('loadInputs into a builder made without the reach: the loader gives it', () => {
    const load = (file: string) => {
      const builder = new ModelBuilder();
      loadInputs([file], builder, options);
      return builder.build();
    };
    expect(appDeletesBucket(load(reached))).toBe('indeterminate');
    expect(appDeletesBucket(load(unreached))).toBe('deny');
  });
});
