"""Emitters given a lowered program: IAM statements, and the CDK stack (the only aws_cdk importer)."""
