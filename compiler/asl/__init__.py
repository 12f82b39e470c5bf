"""ASL language core: JSONPath, intrinsic functions, payload templates, Choice rules.

Pure Python, shared by the validator (static checks: ``parse_path``,
``check_intrinsic``, ``Path.is_reference_path``) and the local interpreter
(runtime: ``evaluate``, ``apply_result_path``, ``evaluate_payload``,
``select_next``). Semantics are AWS Step Functions' (Jayway JSONPath), pinned
by the recorded executions in shared/conformance/asl.
"""

from compiler.asl.choice import COMPARISON_OPERATORS, evaluate_rule, parse_timestamp, select_next
from compiler.asl.errors import (
    INTRINSIC_FAILURE,
    NO_CHOICE_MATCHED,
    RESULT_PATH_MATCH_FAILURE,
    RUNTIME,
    PathNotFoundError,
    PathSyntaxError,
    StatesError,
    state_cause,
)
from compiler.asl.intrinsics import (
    INTRINSICS,
    check_intrinsic,
    evaluate_intrinsic,
    is_intrinsic,
    parse_intrinsic,
)
from compiler.asl.jsonpath import (
    Path,
    apply_input_path,
    apply_output_path,
    apply_result_path,
    evaluate,
    json_equal,
    parse_path,
    to_json,
)
from compiler.asl.payload import evaluate_payload, evaluate_value_expression

__all__ = [
    "COMPARISON_OPERATORS",
    "INTRINSICS",
    "INTRINSIC_FAILURE",
    "NO_CHOICE_MATCHED",
    "RESULT_PATH_MATCH_FAILURE",
    "RUNTIME",
    "Path",
    "PathNotFoundError",
    "PathSyntaxError",
    "StatesError",
    "apply_input_path",
    "apply_output_path",
    "apply_result_path",
    "check_intrinsic",
    "evaluate",
    "evaluate_intrinsic",
    "evaluate_payload",
    "evaluate_rule",
    "evaluate_value_expression",
    "is_intrinsic",
    "json_equal",
    "parse_intrinsic",
    "parse_path",
    "parse_timestamp",
    "select_next",
    "state_cause",
    "to_json",
]
