#!/usr/bin/env bash
# Deploys the article-pipeline stack to a running LocalStack with cdklocal (aws-cdk-local).
#
#   npm run deploy:localstack                 # stage "local"
#   STAGE=demo npm run deploy:localstack -- --hotswap
#
# Environment (all optional):
#   AWS_ENDPOINT_URL     LocalStack edge endpoint   (default http://localhost.localstack.cloud:4566)
#   AWS_ENDPOINT_URL_S3  its S3 virtual-host form   (default derived: http://s3.localhost.localstack.cloud:4566)
#   AWS_REGION           region to deploy into      (default us-east-1)
#   STAGE                stack stage                (default local → stack ArticlePipeline-local)
# Extra arguments go to `cdklocal deploy`. Written for LocalStack; see infra/localstack/README.md for
# what does and does not work there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

export CDK_DISABLE_CLI_TELEMETRY=true
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost.localstack.cloud:4566}"
if [[ -z "${AWS_ENDPOINT_URL_S3:-}" ]]; then
  # cdklocal needs an S3 endpoint with an ".s3." component to recognise S3 requests.
  AWS_ENDPOINT_URL_S3="$(printf '%s' "$AWS_ENDPOINT_URL" | sed -E 's#^(https?://)#\1s3.#')"
fi
export AWS_ENDPOINT_URL_S3
export AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
export AWS_DEFAULT_REGION="$AWS_REGION"
# cdklocal drops AWS_* variables it is not told to keep (so a stray AWS_PROFILE cannot send the
# deployment to real AWS); keep the region. Credentials default to LocalStack's test/test.
export AWS_ENVAR_ALLOWLIST="${AWS_ENVAR_ALLOWLIST:-AWS_REGION,AWS_DEFAULT_REGION}"
STAGE="${STAGE:-local}"
ACCOUNT="${LOCALSTACK_ACCOUNT_ID:-000000000000}"
OUTPUTS_FILE=".local/localstack/outputs-${STAGE}.json"

if ! curl -fsS --max-time 5 "${AWS_ENDPOINT_URL}/_localstack/health" >/dev/null; then
  echo "LocalStack is not reachable at ${AWS_ENDPOINT_URL} (GET /_localstack/health failed)." >&2
  echo "Start it first (e.g. 'localstack start -d'), or set AWS_ENDPOINT_URL." >&2
  exit 1
fi

cdklocal=(npx --no-install cdklocal)
context=(-c localstack=true -c "stage=${STAGE}")

echo "Bootstrapping aws://${ACCOUNT}/${AWS_REGION} on ${AWS_ENDPOINT_URL}" >&2
"${cdklocal[@]}" bootstrap "aws://${ACCOUNT}/${AWS_REGION}" "${context[@]}"

mkdir -p "$(dirname "$OUTPUTS_FILE")"
echo "Deploying ArticlePipeline-${STAGE}" >&2
"${cdklocal[@]}" deploy "ArticlePipeline-${STAGE}" "${context[@]}" \
  --require-approval never --outputs-file "$OUTPUTS_FILE" "$@"

echo "Stack outputs written to ${OUTPUTS_FILE}:" >&2
cat "$OUTPUTS_FILE" >&2
