"""``compiler run``'s half that knows about specs: what a local run of a compiled program needs.

The interpreter (``compiler.run``) executes one ASL definition given its functions and nested
machines; this package builds those from a spec (``setup``: functions from the spec's function
resources, machines by their local ARNs, new buckets) or from a bare ASL file (``asl_file``),
checks that every task is served (``resources``), runs it with handlers' AWS calls
going to an embedded emulator (``emulator``, ``session.run_local``), and shows the result
(``view``: text, ``document``: JSON).

Nothing is imported here: the CLI imports every command module to build its parser, and
``compiler validate`` must not pay for the interpreter, moto or boto3. Nothing here imports aws_cdk.
"""
