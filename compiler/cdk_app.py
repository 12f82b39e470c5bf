"""The CDK app of a project: ``cdk.json``'s ``"app": "compiler-cdk-app"`` (this module's entry point;
``python -m compiler.cdk_app`` is the same) builds the stack of ``workflow.yaml``. ``compiler init``
writes that cdk.json: there is no app.py to maintain.

    cdk synth                              # workflow.yaml, cdk-nag on
    cdk synth -c spec=other.yaml           # another spec
    cdk synth -c numpy_layer_arn=arn:...   # override a spec parameter
    cdk synth -c nag=false                 # skip cdk-nag (faster)

A spec with errors is not synthesized: the same diagnostics as ``compiler validate`` go to
stderr and the exit code is 1.
"""

from __future__ import annotations

import json
import os
import sys

from compiler.project import project_root, use_project_node

DEFAULT_SPEC = "workflow.yaml"


def _cli_context() -> dict[str, object]:
    """The context the CDK CLI passes (cdk.json's and every -c), read before aws_cdk is loaded."""
    try:
        context = json.loads(os.environ.get("CDK_CONTEXT_JSON", "{}"))
    except ValueError:
        return {}
    return context if isinstance(context, dict) else {}


def main() -> int:
    spec = str(_cli_context().get("spec") or DEFAULT_SPEC)
    # jsii starts Node when aws_cdk is imported: point it at the project's Node 22 first.
    use_project_node(project_root(spec))
    from compiler.commands.cdk_app import print_diagnostics, synthesize
    from compiler.emit.stack_app import make_app, truthy

    # The CLI sets CDK_OUTDIR; a plain `python -m compiler.cdk_app` writes ./cdk.out, not a temp folder.
    app = make_app(None if os.environ.get("CDK_OUTDIR") else "cdk.out", spec=spec)
    spec = str(app.node.try_get_context("spec") or spec)
    nag = app.node.try_get_context("nag")
    result = synthesize(app, spec, nag=True if nag is None else truthy(nag))
    print_diagnostics(result, sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
