#!/usr/bin/env python3
"""This repository's CDK app (cdk.json): the packaged one, ``compiler.cdk_app``, which projects made
by ``compiler init`` run directly (``python -m compiler.cdk_app``)."""

import sys

from compiler.cdk_app import main

if __name__ == "__main__":
    sys.exit(main())
