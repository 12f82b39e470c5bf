"""Declarative YAML-to-CDK workflow compiler for AWS Step Functions."""

__version__ = "0.1.0"
