"""The diagnostic record every stage reports, and the catalogue of codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from compiler.source import Path, SourceMap, Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(NamedTuple):
    code: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    path: Path = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.col, self.code)


class Finding(NamedTuple):
    """What a check yields: a path in the document, not yet a location."""

    code: str
    message: str
    path: Path
    hint: str | None = None
    on_key: bool = False
    severity: Severity | None = None  # None: the code's default severity


class CodeInfo(NamedTuple):
    code: str
    severity: Severity
    title: str


CODES: dict[str, CodeInfo] = {}


def register(code: str, severity: Severity, title: str) -> str:
    if code in CODES and CODES[code].title != title:
        raise ValueError(f"diagnostic code {code} registered twice")
    CODES[code] = CodeInfo(code, severity, title)
    return code


E, W = Severity.ERROR, Severity.WARNING

# Y1xx: reading the file.
Y_SYNTAX = register("Y100", E, "YAML syntax error")
Y_DUPLICATE_KEY = register("Y101", E, "duplicate mapping key")
Y_ENCODING = register("Y102", E, "file is not UTF-8 text")
Y_EMPTY = register("Y103", E, "empty document")
Y_NOT_MAPPING = register("Y104", E, "top level is not a mapping")
Y_ALIAS_BOMB = register("Y105", E, "aliases expand to too many nodes")
Y_TOO_DEEP = register("Y106", E, "nesting too deep")
Y_TAG = register("Y107", E, "tag not allowed")
Y_KEY_TYPE = register("Y108", E, "mapping key is not a scalar")
Y_MULTI_DOC = register("Y109", E, "more than one YAML document")
Y_TOO_LARGE = register("Y110", E, "file too large")
Y_IO = register("Y111", E, "file cannot be read")
Y_NOT_FINITE = register("Y112", E, "number is not finite")

# S2xx: the shape of the spec (the pydantic models).
S_MISSING = register("S200", E, "required field missing")
S_UNKNOWN_FIELD = register("S201", E, "unknown field")
S_TYPE = register("S202", E, "value has the wrong type")
S_VALUE = register("S203", E, "value not allowed")
S_UNKNOWN_KIND = register("S204", E, "unknown state or resource type")
S_EXCLUSIVE = register("S205", E, "fields that exclude each other")
S_VERSION = register("S206", E, "unsupported spec version")

# E3xx: meaning (references, graph, paths, ASL rules, AWS limits, handlers).
E_UNKNOWN_RESOURCE = register("E300", E, "unknown resource key")
E_UNKNOWN_ATTRIBUTE = register("E301", E, "unknown resource attribute")
E_UNKNOWN_STATE = register("E302", E, "transition to an unknown state")
E_WRONG_KIND = register("E303", E, "resource of the wrong kind")
E_UNKNOWN_PARAMETER = register("E304", E, "unknown spec parameter")
E_UNREACHABLE = register("E310", E, "unreachable state")
E_NO_TERMINAL = register("E311", E, "no terminal state")
E_NEXT_AND_END = register("E312", E, "next together with end")
E_DUPLICATE_STATE = register("E313", E, "state name used twice in one machine")
E_STATE_NAME = register("E314", E, "invalid state name")
E_SELF_START = register("E315", E, "state machine starts itself")
E_PATH = register("E320", E, "invalid JSONPath")
E_REFERENCE_PATH = register("E321", E, "invalid reference path")
E_DOLLAR_KEY = register("E322", E, "'.$' key without a path")
E_CONTEXT_FIELD = register("E323", E, "unknown context object field")
E_INTRINSIC = register("E324", E, "invalid intrinsic function call")
E_MAP_CONTEXT = register("E325", E, "Map item context read outside a Map's item selector")
E_STATES_ALL = register("E330", E, "States.ALL not alone or not last")
E_RETRY_BOUNDS = register("E331", E, "retry value out of bounds")
E_CHOICE_RULE = register("E332", E, "malformed choice rule")
E_WAIT_FIELDS = register("E333", E, "wait needs exactly one of its fields")
E_FAIL_FIELDS = register("E334", E, "fail error/cause given twice")
E_MAP_PARALLEL = register("E335", E, "malformed map or parallel state")
E_TERMINAL_FIELD = register("E336", E, "field not allowed on this state")
E_HEARTBEAT = register("E337", E, "heartbeat not smaller than the task timeout")
E_NAME_LIMIT = register("E340", E, "name breaks an AWS naming rule")
E_IAM_ACTION = register("E341", E, "invalid IAM action")
E_MEMORY = register("E342", E, "memory size out of range")
E_TIMEOUT = register("E343", E, "timeout out of range")
E_LAYER_COUNT = register("E344", E, "more than five layers")
E_DEFINITION_SIZE = register("E345", E, "definition too large")
E_HANDLER_FILE = register("E350", E, "handler file missing")
E_HANDLER_FUNCTION = register("E351", E, "handler function missing")
E_CODE_FOLDER = register("E352", E, "code folder missing")
E_INTEGRATION = register("E380", E, "integration with no IAM rule")
E_IAM_UNKNOWN_ACTION = register("E381", E, "IAM action not in AWS's authorization data")
E_IAM_RESOURCE_FIT = register("E382", E, "IAM resource does not fit the action")
E_FIFO = register("E383", E, "FIFO setting and name disagree")
E_DEAD_LETTER = register("E384", E, "dead-letter queue that SQS refuses")
E_KEY_SCHEMA = register("E385", E, "invalid table key schema")
E_RESOURCE_RANGE = register("E386", E, "resource setting outside AWS's limits")
E_BILLING = register("E387", E, "billing mode and capacity disagree")
E_ATTRIBUTE_MISSING = register("E388", E, "attribute the resource does not have as configured")
E_RESERVED_NAME = register("E389", E, "name reserved by AWS")
E_SECRET_GENERATE = register("E390", E, "secret generation settings that need each other")
E_CONNECTION_ENDPOINT = register("E391", E, "connection endpoint is not HTTPS")
E_TASK_DEFINITION_ARN = register("E392", E, "ECS task definition ARN malformed")
E_TASK_DEFINITION_REVISION = register("E393", E, "ECS task definition revision not a positive integer")
E_TASK_ROLE_ARN = register("E394", E, "ECS task definition role is not an IAM role ARN")
E_TASK_ROLE_TRUST = register("E395", E, "ECS task definition role not assumable by ECS tasks")
E_LAYER_RUNTIME = register("E360", E, "layer not compatible with the function's runtime")
E_RUNTIME_CODE = register("E361", E, "runtime does not match the handler's code")
E_FUNCTION_ROLE = register("E362", E, "function role not assumable by Lambda")
E_JSONPATH_IN_JSONATA = register("E363", E, "JSONPath state in a JSONata machine")
E_PARAMETER_UNSET = register("E364", E, "spec parameter without a value")
E_LAYER_TARGET = register("E440", E, "layer from requirements does not fit its users' runtime or architecture")
E_REQUIREMENTS = register("E441", E, "requirements cannot be read")
E_NO_WHEEL = register("E442", E, "requirement cannot be installed for the Lambda target")
E_UNZIPPED_SIZE = register("E443", E, "function and layers over Lambda's 250 MB unzipped limit")
E_ALIAS_VERSION = register("E444", E, "alias needs the version this stack publishes")
E_ALIAS_ROUTING = register("E445", E, "alias routing weights do not add up")
E_DEPLOYMENT_PREFERENCE = register("E446", E, "deployment preference incomplete")
E_UNKNOWN_ALIAS = register("E447", E, "start_execution names an alias the machine does not have")
E_TRIGGER_ALIAS = register("E448", E, "trigger names an alias the machine does not have")
E_TRIGGER_BUCKET = register("E449", E, "S3 trigger on a bucket this stack does not create")
E_TRIGGER_INPUT = register("E450", E, "trigger input transformer or route invalid")
E_SCHEDULE = register("E451", E, "schedule expression or time zone invalid")
E_OVERRIDE = register("E452", E, "override names no property of the resource's CloudFormation schema")
E_OVERRIDE_VALUE = register("E453", E, "override value does not fit the property's schema")
E_EXTENSION = register("E454", E, "extension module or function not found")
E_ENCRYPTION_KEY = register("E455", E, "state machine or activity encryption key unusable")
E_ALARM = register("E456", E, "alarm period invalid")
E_NOTIFY_SELF = register("E457", E, "notification starts its own machine")

# W4xx: likely mistakes that AWS would accept.
W_PATH_WITHOUT_DOLLAR = register("W400", W, "value looks like a path but its key lacks '.$'")
W_UNUSED_RESOURCE = register("W401", W, "resource never used")
W_UNKNOWN_ERROR_NAME = register("W402", W, "unknown predefined error name")
W_UNUSED_PARAMETER = register("W403", W, "spec parameter never used")
W_RUNTIME_TARGET = register("W420", W, "IAM resource is a wildcard: the target is chosen at run time")
W_IAM_WILDCARD_ACTION = register("W421", W, "wildcard IAM action")
W_UNNAMED_ROLES = register("W422", W, "ECS task passes roles the spec does not name")
W_CUT_BY_COMMENT = register("W410", W, "unquoted expression cut by a YAML comment")
W_NAG = register("W411", W, "cdk-nag finding from a choice in the spec")
W_RUNTIME_DEPRECATED = register("W412", W, "function runtime deprecated by AWS")
W_NO_ROLLBACK_ALARMS = register("W440", W, "gradual deployment without alarms")
W_EXPRESS_WITHOUT_LOGS = register("W441", W, "express machine without logging")
W_MANAGED_KEY_TOPIC = register("W442", W, "alarm or notification to a topic under the AWS managed key")
W_ACTIVITY_WITHOUT_TIMEOUT = register("W443", W, "activity task without a timeout or heartbeat")
W_ACTIVITY_KEY_POLICY = register("W444", W, "activity encrypted with an imported key the stack cannot grant")

# M5xx: importing existing definitions (compiler import); paths point into the input file.
M_UNREADABLE = register("M500", E, "input is not a readable definition or template")
M_NO_DEFINITION = register("M501", E, "no state machine definition found")
M_INTRINSIC = register("M502", E, "CloudFormation construct the importer cannot resolve")
M_CONSTRUCT = register("M503", E, "ASL construct the spec cannot represent")
M_ROUND_TRIP = register("M504", E, "imported spec does not emit the same definition")
M_COLLISION = register("M505", E, "key already used in the target spec")
M_OUTPUT_EXISTS = register("M506", E, "output file exists")
M_DEFINITION_URI = register("M507", E, "DefinitionUri file cannot be read")
M_AMBIGUOUS = register("M508", E, "input holds several definitions where one is needed")
M_UNMAPPED = register("M550", W, "value kept verbatim: not mapped to a resource or parameter")
M_TARGET_ERRORS = register("M551", W, "the spec merged into has errors of its own")

# J6xx: JSONata expressions and workflow variables (checks/jsonata.py, checks/variables.py).
J_SYNTAX = register("J600", E, "JSONata syntax error")
J_STATES_FIELD = register("J601", E, "$states field not available here")
J_DOLLAR_KEY = register("J602", E, "'.$' key in a JSONata state")
J_IN_JSONPATH = register("J603", W, "JSONata expression in a JSONPath state is a plain string")
J_FIELD = register("J604", E, "field not available in this query language or task")
J_VARIABLE_NAME = register("J605", E, "invalid variable name")
J_UNASSIGNED = register("J610", E, "variable never assigned in scope")
J_OUT_OF_SCOPE = register("J611", E, "variable assigned only in another scope")
J_MAYBE_UNASSIGNED = register("J612", W, "variable may be read before it is assigned")
J_INNER_ASSIGN = register("J613", W, "assignment in a branch or iteration does not change the outer variable")

# C7xx: synthesizing the CDK stack (registered here so the catalogue is complete without aws_cdk).
C_SYNTH = register("C700", E, "the stack cannot be synthesized")
C_NAG = register("C701", E, "cdk-nag finding not acknowledged")

# T8xx: workflow test files and AWS MockConfigFiles (compiler test, compiler run --mock-config).
T_MISSING = register("T800", E, "test file: required field missing")
T_UNKNOWN_FIELD = register("T801", E, "test file: unknown field")
T_TYPE = register("T802", E, "test file: value has the wrong type")
T_VALUE = register("T803", E, "test file: value not allowed")
T_EXCLUSIVE = register("T804", E, "test file: fields that exclude each other")
T_VERSION = register("T805", E, "unsupported test file version")
T_UNKNOWN_MACHINE = register("T810", E, "test names an unknown state machine")
T_UNKNOWN_STATE = register("T811", E, "test names an unknown state")
T_NOT_TASK = register("T812", E, "mock for a state that is not a Task")
T_UNKNOWN_RESPONSE = register("T813", E, "unknown mocked response name")
T_INVOCATION_KEY = register("T814", E, "malformed invocation number or range")
T_OVERLAP = register("T815", E, "overlapping invocation ranges")
T_DUPLICATE_CASE = register("T816", E, "test case name used twice")
T_UNKNOWN_CASE = register("T817", E, "unknown test case")
T_SPEC = register("T820", E, "the test file's spec cannot be compiled")
T_FIXTURES = register("T830", E, "a test case's fixtures cannot be read")

# I9xx: the tool's own failures.
I_INTERNAL = register("I900", E, "internal error in a check")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices``, or None when nothing is close."""
    pool = sorted(set(choices))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else None


def describe_value(value: Any) -> str:
    """How a value reads in a message: ``the number 3``, ``a mapping``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, list):
        return "a sequence"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@dataclass
class Report:
    """Diagnostics collected for one file, with the source they point into."""

    source: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, finding: Finding, span: Span | None = None) -> None:
        """Add a finding, located by its path (or at ``span``: a YAML error has no path yet)."""
        info = CODES[finding.code]
        self.diagnostics.append(
            Diagnostic(
                code=finding.code,
                severity=finding.severity or info.severity,
                message=finding.message,
                span=span if span is not None else self.source.locate(finding.path, key=finding.on_key),
                hint=finding.hint,
                path=finding.path,
            )
        )

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def unreadable(self) -> bool:
        """The file could not be read at all: a usage problem (exit 2), not a spec with errors (exit 1)."""
        return any(d.code == Y_IO for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.code, d.span, d.message): d for d in self.diagnostics}
        return sorted(unique.values(), key=Diagnostic.sort_key)
