#!/usr/bin/env bash
# The main job on the examples: synthesize the CDK example, then ask iamspec what the company1
# infrastructure grants, from the CDK cloud assembly, the Terraform plan (with and without its
# configuration) and the HCL. Run through `npm run examples` (after `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
iamspec() { node bin/iamspec.js "$@"; }

echo "== Synthesizing cdk-example to cdk-example/cdk.out"
npx tsx cdk-example/synth.ts

echo
echo "== Why can't the intern read the logs? (CDK cloud assembly)"
iamspec explain cdk-example/cdk.out --principal user/Sara-intern --action s3:GetObject \
  --resource arn:aws:s3:::company1-logs/app.log

echo
echo "== The seed requests on the CDK app"
iamspec eval cdk-example/cdk.out --requests cdk-example/requests.json --format text

echo
echo "== The same requests on the Terraform plan together with its configuration"
iamspec eval tf-example/plan.json tf-example --requests tf-example/requests.json --format text

echo
echo "== The plan alone: policies that reference ARNs known only after apply stay unknown"
iamspec eval tf-example/plan.json --requests tf-example/requests.json --format text
