"""Deploy a spec's stack to a local AWS emulator (moto) and check what was created.

``server`` runs moto on localhost, ``cdk_cli`` drives the real CDK CLI against it,
``inprocess`` does the same round trip inside one process (mock_aws + CreateStack),
``verify`` compares every deployed resource with the template and the spec, and
``inventory`` lists what exists, so a destroy can prove nothing is left.
"""
