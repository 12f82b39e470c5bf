"""``compiler import``: existing Step Functions definitions -> spec, refused rather than changed.

Modules, one concern each: ``readers/`` (one per input kind: bare ASL, CloudFormation/SAM,
serverless.yml, plus the tag-aware document reader), ``states``/``tasks`` (ASL -> spec states),
``recognize`` (ARNs and placeholders -> references), ``convert`` (one machine, and the round-trip
check through the real emitter), ``writer`` (commented YAML that must read back the same),
``merge`` (``--into``), ``session`` (one run, collecting diagnostics per file).
"""

from compiler.importer.session import Outcome, import_file

__all__ = ["Outcome", "import_file"]
