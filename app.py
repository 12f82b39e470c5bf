#!/usr/bin/env python3
"""The CDK app: ``cdk synth`` / ``cdk deploy`` build the stack of ``workflow.yaml``.

    cdk synth                              # workflow.yaml, cdk-nag on
    cdk synth -c spec=other.yaml           # another spec
    cdk synth -c numpy_layer_arn=arn:...   # override a spec parameter
    cdk synth -c nag=false                 # skip cdk-nag (faster)

A spec with errors is not synthesized: the same diagnostics as ``compiler validate`` go to
stderr and the exit code is 1.
"""

from __future__ import annotations

import os
import sys

from compiler.commands.cdk_app import print_diagnostics, synthesize
from compiler.emit.stack_app import make_app, truthy


def main() -> int:
    # The CLI sets CDK_OUTDIR; a plain `python app.py` writes ./cdk.out instead of a temp folder.
    app = make_app(None if os.environ.get("CDK_OUTDIR") else "cdk.out")
    spec = str(app.node.try_get_context("spec") or "workflow.yaml")
    nag = app.node.try_get_context("nag")
    result = synthesize(app, spec, nag=True if nag is None else truthy(nag))
    print_diagnostics(result, sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
