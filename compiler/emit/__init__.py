"""Emitters: ASL JSON (pure Python), IAM statements, and the CDK stack (the only aws_cdk importer)."""
