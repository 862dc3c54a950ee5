#!/usr/bin/env bash
# The main job on the examples: synthesize the CDK example, check the intended access of the
# company1 account (access.yaml) on the CDK cloud assembly and on the Terraform plan with its
# configuration, check the AWS SAM application (sam-example/) against its spec, then show what a
# pre-deploy review sees: who can read the HR files, why the intern cannot read the logs, and the
# HTML access review. Run through `npm run examples` (after `npm ci`). Exits non-zero when a
# check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
iamspec() { node bin/iamspec.js "$@"; }

echo "== Synthesizing cdk-example to cdk-example/cdk.out (the iamspec validation plugin checks access.yaml)"
npx tsx cdk-example/synth.ts

echo
echo "== iamspec check: the CDK app against cdk-example/access.yaml"
iamspec check cdk-example/cdk.out --spec cdk-example/access.yaml

echo
echo "== iamspec check: the Terraform plan with its configuration against tf-example/access.yaml"
iamspec check tf-example/plan.json tf-example --spec tf-example/access.yaml

echo
echo "== iamspec check: the AWS SAM application (the transform expanded as AWS does) against sam-example/access.yaml"
iamspec check sam-example/template.yaml --account 629470240201 --region us-west-2 --spec sam-example/access.yaml

echo
echo "== Who can write the receipts of the SAM application? (the connector of the payment worker)"
iamspec who-can sam-example/template.yaml --account 629470240201 --region us-west-2 \
  --action s3:PutObject --resource arn:aws:s3:::company1-receipts/r1.pdf

echo
echo "== Who can read the HR files? (over TLS)"
iamspec who-can cdk-example/cdk.out --action s3:GetObject --resource arn:aws:s3:::company1-hr/report.pdf \
  --context aws:SecureTransport=true

echo
echo "== Why can't the intern read the logs?"
iamspec explain cdk-example/cdk.out --principal user/Sara-intern --action s3:GetObject \
  --resource arn:aws:s3:::company1-logs/app.log

echo
echo "== The seed requests on the Terraform plan alone: ARNs known only after apply stay unknown"
iamspec eval tf-example/plan.json --requests tf-example/requests.json --format text

echo
echo "== The access review"
iamspec matrix cdk-example/cdk.out --format html --out review.html
echo "wrote review.html: open it in a browser"
