"""`compiler validate` on each imported corpus definition vs the recorded asl-validator results.

asl-validator 4.0.0 was run twice on every corpus file (with and without its JSONPath checker; see
shared/corpus/asl-real/README.md). Where our verdict differs from either run, the definition must
be listed in DISAGREEMENTS with the reason; a listed definition that agrees again is reported too,
so the table stays true while the checks evolve. The handler-file checks do not apply: imported
functions are `existing` ones.
"""

from __future__ import annotations

from pathlib import Path

from compiler.importer.errors import Refusal
from compiler.pipeline import compile_spec
from tests import shared
from tests.importer.conftest import import_definition, load_corpus

pytestmark = shared.conformance

JSONATA_CLOSE = ("JSONata with no space before the closing '%}' (`{% $states.input%}`): asl-validator's schema "
                 "demands `^{% .+ %}$`; Step Functions only needs the {% %} delimiters, and so do we.")
PATH_GRAMMAR = ("asl-validator's path checker (asl-path-validator) rejects JSONPath that Jayway, and so Step "
                "Functions, accepts: `$.[0]`, `$.x.[0].y`, `$.[*]['a','b']`, filter expressions. "
                "Without its path checker it agrees with us.")
BARE_WORD = ("a filter compares with a bare word (`[?(@.x==Failure)]`); Jayway's FilterCompiler.readLiteral has no "
             "bare-word literals (strings are quoted; anything else is read as a number or true/false/null), so the "
             "path fails when Step Functions evaluates it. We report E320; asl-validator's grammar accepts it.")

# "<repo>/<file>" -> why our verdict and asl-validator's differ.
DISAGREEMENTS: dict[str, str] = {
    "aws-stepfunctions-examples/app-meeting-summarization__summarize_transcription.json": JSONATA_CLOSE,
    "step-functions-workflows-collection/distributed-data-stream-aggregator__data-extraction-child.json":
        JSONATA_CLOSE,
    "step-functions-workflows-collection/distributed-data-stream-aggregator__statemachine.json": JSONATA_CLOSE,
    "aws-stepfunctions-examples/app-meeting-summarization__transcribe_file.json": (
        "`Output: null` on a JSONata task: asl-validator's schema allows only a {% %} string or an object; "
        "Output takes any JSON value (null included), so we accept it."),
    "aws-stepfunctions-examples/demo-asl-features__template-StateMachineAslDemo.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/account-vending-machine__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/ec2-instance-isolation-cdk__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/ec2-instance-isolation-sam__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/idempotent-workflow-sam__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/idempotent-workflow__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/parallel-agent-early-stopping__main.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/parallelized-embedding-pipeline__example-workflow.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/parallelized-embedding-pipeline__statemachine.json": PATH_GRAMMAR,
    "step-functions-workflows-collection/s3-glacier-multi-file-restore-sam__statemachine.json": PATH_GRAMMAR,
    "aws-stepfunctions-examples/app-dataquality-using-lambda__dataquality.json": BARE_WORD,
    "step-functions-workflows-collection/parallel-translate__statemachine.json": BARE_WORD,
    # Both: asl-validator's path checker rejects `$.ExpenseDocuments[0].SummaryFields[?(...)]...`
    # (PATH_GRAMMAR) and our checker rejects the bare word in `$.Labels[?(@.Name==Receipt)]` (BARE_WORD).
    "step-functions-workflows-collection/textract-analyze-expense-tf__statemachine.json": BARE_WORD,
}


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_validator_agreement(corpus: list[Path]) -> None:
    found: dict[str, str] = {}
    agree = 0
    for path in corpus:
        entry = load_corpus(path)
        try:
            _, text = import_definition(entry["substituted"], origin=_name(path))
        except Refusal:
            continue  # counted and explained in test_corpus
        compiled = compile_spec(f"{path.stem}.yaml", text=text.encode(), display=f"{path.stem}.yaml")
        ours = compiled.ok
        recorded = entry["asl_validator"]
        with_paths, without_paths = recorded["valid"], recorded["no_path_check"]["valid"]
        if ours == with_paths == without_paths:
            agree += 1
            continue
        errors = "; ".join(f"{d.code} {d.message}" for d in compiled.report.sorted() if d.is_error)
        found[_name(path)] = (
            f"ours={'valid' if ours else 'invalid'}, asl-validator paths={with_paths} no_path_check={without_paths}"
            f"\n    ours: {errors[:400]}\n    theirs: {'; '.join(recorded['errors'])[:300]}"
        )
    print(f"\nvalidator agreement: {agree} agree, {len(found)} disagree (all explained in DISAGREEMENTS)")
    unexplained = sorted(set(found) - set(DISAGREEMENTS))
    stale = sorted(set(DISAGREEMENTS) - set(found))
    assert not unexplained, "unexplained disagreements:\n" + "\n".join(f"{n}: {found[n]}" for n in unexplained)
    assert not stale, f"these agree now; drop them from DISAGREEMENTS: {stale}"
