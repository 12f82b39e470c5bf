"""The shapes of a workflow test file (YAML) and of AWS's MockConfigFile (JSON), as pydantic models.

They are the one validator of both files and the source of ``schema/workflow-test.schema.json``
(``compiler schema --test-file``). Meaning (does the state exist, is it a Task, do ranges overlap)
is checked afterwards against the spec: ``compiler.testing.checks``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Json = Any
# "0", "3", "1-2": an invocation number, or an inclusive range of them (MockConfigFile's keys).
InvocationKey = Annotated[str, Field(pattern=r"^\d+(-\d+)?$")]
Status = Literal["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]


class TestModel(BaseModel):
    __test__ = False  # not a pytest test class
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True, strict=True)


# ------------------------------------------------------------------ AWS MockConfigFile (JSON)


class AwsThrow(TestModel):
    error: str = Field(alias="Error")
    cause: str = Field("", alias="Cause")


class AwsAttempt(TestModel):
    """One entry of a MockedResponse: ``{"Return": ...}`` or ``{"Throw": {"Error", "Cause"}}``."""

    return_: Json = Field(None, alias="Return")
    throw: AwsThrow | None = Field(None, alias="Throw")

    @model_validator(mode="after")
    def _one_of(self) -> AwsAttempt:
        _exactly_one(self, ("return_", "throw"), "'Return' or 'Throw'")
        return self


class AwsMachine(TestModel):
    test_cases: dict[str, dict[str, str]] = Field(alias="TestCases")


class AwsMockConfig(TestModel):
    """MockConfigFile.json: StateMachines -> TestCases -> state -> response name; MockedResponses."""

    state_machines: dict[str, AwsMachine] = Field(default_factory=dict, alias="StateMachines")
    mocked_responses: dict[str, dict[InvocationKey, AwsAttempt]] = Field(default_factory=dict, alias="MockedResponses")


# ------------------------------------------------------------------ workflow test file (YAML)


class Throw(TestModel):
    error: str
    cause: str = ""


class Attempt(TestModel):
    """What one invocation of a mocked task gives: its result, or an error (through Retry and Catch)."""

    return_: Json = Field(None, alias="return")
    throw: Throw | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Attempt:
        _exactly_one(self, ("return_", "throw"), "'return' or 'throw'")
        return self


# A state's mock: a response name (from `responses:` or the mock config), one attempt (invocation
# "0" only), or attempts by invocation number / range.
Mock = str | Attempt | dict[InvocationKey, Attempt]


class StateExpectation(TestModel):
    """What one state did (its last entry when it ran more than once). Values are subsets unless ``exact``."""

    entered: bool | None = None
    input: Json = None
    output: Json = None
    result: Json = Field(None, description="the task's result, before ResultSelector/ResultPath/OutputPath")
    error: str | None = None
    cause: Json = Field(None, description="exact text, or a mapping matched against the parsed JSON cause")
    attempts: int | None = Field(None, ge=0, description="how often the task was tried (1 + retries)")
    times_entered: int | None = Field(None, ge=0)


class Expectation(TestModel):
    status: Status | None = None
    output: Json = Field(None, description="the execution's output, exactly")
    output_contains: Json = Field(None, description="a subset of the output: mappings may hold more keys")
    error: str | None = None
    cause: Json = Field(None, description="exact text, or a mapping matched against the parsed JSON cause")
    states: list[str] | None = Field(None, description="the states entered, in order (branches included)")
    states_include: list[str] | None = Field(None, description="states entered, in any order")
    states_exclude: list[str] | None = Field(None, description="states never entered")
    state: dict[str, StateExpectation] = Field(default_factory=dict)
    variables: dict[str, Json] | None = Field(None, description="the last value each variable was assigned")


class Case(TestModel):
    name: str = Field(min_length=1)
    machine: str | None = Field(None, description="spec key or state_machine_name (default: as compiler run)")
    input: Json = None
    mock_case: str | None = Field(None, description="a TestCases entry of the file's mock_config for this machine: "
                                  "its states' responses (mocks: adds to and overrides them)")
    mocks: dict[str, Mock] = Field(default_factory=dict)
    task_answers: dict[str, Json] = Field(default_factory=dict,
                                          description="SendTaskSuccess output for .waitForTaskToken tasks, by state")
    fixtures: Json = Field(None, description="data put into the embedded emulator before the case: compiler run "
                           "--fixtures' file form (s3, dynamodb, sqs, secrets), or the path of a fixtures folder or "
                           "file relative to this test file")
    seed: int = 0
    expect: Expectation = Field(default_factory=Expectation)


class TestFile(TestModel):
    """A workflow test file: cases run against one spec (or ASL file)."""

    version: Literal[1]
    spec: str | None = Field(None, description="the spec (or ASL file) under test, relative to this file")
    mock_config: str | None = Field(None, description="a MockConfigFile whose MockedResponses cases may name")
    responses: dict[str, dict[InvocationKey, Attempt]] = Field(default_factory=dict)
    cases: list[Case] = Field(min_length=1)


def _exactly_one(model: BaseModel, fields: tuple[str, ...], what: str) -> None:
    given = [name for name in fields if name in model.model_fields_set]
    if len(given) != 1:
        raise PydanticCustomError("exclusive_fields", f"give exactly one of {what}")
