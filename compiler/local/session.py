"""One local run: check every task is served, start the emulator, execute, collect what was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.local.changes import changes, take
from compiler.local.emulator import Emulator, S3Object
from compiler.local.errors import LocalError, UsageError
from compiler.local.event_log import recorded_events
from compiler.local.fixtures import Fixtures, load
from compiler.local.resources import check_served, find_missing
from compiler.local.setup import LocalSetup, apply_handlers
from compiler.local.spec_resources import create_all
from compiler.run import DefinitionError, Execution, ExecutionCannotFinish, LambdaFunction, execute
from compiler.run.aws_invoke import ServiceInvoker


@dataclass
class RunOptions:
    input: Any = None
    name: str | None = None
    seed: int = 0
    handlers: dict[str, LambdaFunction] = field(default_factory=dict)
    mocks: dict[str, Any] = field(default_factory=dict)
    task_answers: dict[str, Any] | None = None
    # Tasks answered by state name (compiler run --mock-config/--test-case, compiler test): a StateMocks
    # with ``mocked_states() -> {machine name: state names}``.
    state_mocks: Any = None
    endpoint_url: str | None = None
    real_aws: bool = False
    # Data put into the embedded emulator before the run (--fixtures, a test case's fixtures:).
    fixtures: Fixtures | None = None
    # List what the run changed in the embedded emulator (LocalResult.changes): `compiler run` shows
    # it; `compiler test` compares executions only, and skips reading the emulator twice per case.
    record_changes: bool = True


@dataclass
class LocalResult:
    setup: LocalSetup
    execution: Execution
    emulator: str  # "embedded", "endpoint" or "real-aws"
    objects: list[S3Object] | None  # the embedded S3's objects; None when another endpoint served the run
    warnings: list[str] = field(default_factory=list)
    # What the run changed in the embedded emulator (compiler.local.changes); None with another endpoint.
    changes: dict[str, Any] | None = None


def run_local(setup: LocalSetup, options: RunOptions, emulator: Emulator | None = None) -> LocalResult:
    """Run ``setup``'s machine; LocalError when a task has nothing to serve it or the definition cannot run."""
    invokers = apply_handlers(setup, options.handlers)
    served: dict[str, Any] = {**options.mocks, **invokers}
    mocked = options.state_mocks.mocked_states() if options.state_mocks is not None else {}
    emulator = emulator or Emulator(options.endpoint_url, real_aws=options.real_aws)
    # The embedded moto (or --endpoint-url) runs the service integrations; with --real-aws they need mocks.
    services = ServiceInvoker() if emulator.mode != "real-aws" else None
    missing = find_missing(setup.reachable(), setup.functions, setup.state_machines, served, mocked,
                           emulator=services is not None)
    check_served(missing, mocked_by_state=options.state_mocks is not None)
    if options.fixtures is not None and emulator.mode != "embedded":
        raise UsageError("--fixtures loads data into the embedded emulator; it cannot be used with "
                         f"--{'real-aws' if emulator.mode == 'real-aws' else 'endpoint-url'}")
    changed: dict[str, Any] | None = None
    embedded = services is not None and emulator.mode == "embedded"
    # The events put during the run only feed the change list: not recorded when it is not wanted.
    recording = embedded and options.record_changes
    with emulator.active(setup.buckets), recorded_events(enabled=recording) as events:
        before = None
        if embedded:
            from moto.moto_api._internal import mock_random

            # moto's ids (SQS/SNS message ids, event ids) repeat with the run's --seed, as ours do.
            mock_random.seed(options.seed)
        if services is not None:
            # The same resources in the embedded moto and at --endpoint-url (as a deploy would make them).
            secrets = options.fixtures.secrets if options.fixtures is not None else {}
            emulator.warnings.extend(create_all(setup.resources, services.client, endpoint=emulator.endpoint_url,
                                                secret_values=secrets))
        if embedded:
            assert services is not None
            if options.fixtures is not None:
                load(options.fixtures, services.client, {key: name for name, key in setup.names().items()})
            if recording:
                before = take(services.client)
        try:
            execution = execute(
                setup.definition,
                options.input,
                name=options.name,
                state_machine_name=setup.machine_name,
                state_machine_type=setup.machine_type,
                functions=setup.functions,
                state_machines=setup.state_machines,
                invokers=invokers,
                mocks=options.mocks,
                task_answers=options.task_answers,
                state_mocks=options.state_mocks,
                services=services,
                seed=options.seed,
            )
        except ExecutionCannotFinish as exc:
            raise LocalError(f"{setup.label}: the execution cannot finish: {exc}") from None
        except DefinitionError as exc:
            raise LocalError(f"{setup.label}: the definition cannot run: {exc}") from None
        except ValueError as exc:  # the input is not JSON, or too large
            raise LocalError(f"--input: {exc}") from None
        if before is not None and services is not None:
            changed = changes(before, take(services.client), services.published, setup.names(), events)
    objects = emulator.collected if emulator.mode == "embedded" else None
    return LocalResult(setup, execution, emulator.mode, objects, list(emulator.warnings), changed)

