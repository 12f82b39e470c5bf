"""Lambda tasks: call the Python handler in-process, as the Lambda Python runtime would.

Both task styles are served: a function ARN as Resource (the result is the
handler's return value) and ``arn:aws:states:::lambda:invoke`` (Parameters
carry FunctionName and Payload; the result is Lambda's Invoke response).
A handler's exception becomes the error Lambda reports: Error is the
exception's type name, Cause the runtime's JSON error document.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import sys
import time
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType, TracebackType
from typing import Any

from compiler.asl.errors import StatesError
from compiler.run.context import Identity
from compiler.run.invoke import TaskContext, json_text_argument, mock_result
from compiler.run.lambda_logs import tail_log

LAMBDA_TASK_ROOT = "/var/task"
INVOKE_RESOURCE = "arn:aws:states:::lambda:invoke"


@dataclass(frozen=True)
class LambdaFunction:
    """A function to run locally: its code folder and how Lambda would be configured."""

    code_dir: str | Path
    handler: str = "lambda_function.lambda_handler"
    environment: Mapping[str, str] = field(default_factory=dict)
    function_name: str | None = None  # default: the last part of the function ARN
    timeout: float = 3.0
    memory: int = 128


class LambdaContext:
    """The ``context`` argument of a handler (the attributes the Python runtime offers)."""

    def __init__(
        self, function: LambdaFunction, name: str, arn: str, request_id: str, started: float, now: float
    ) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = arn
        # The Python runtime reads it from AWS_LAMBDA_FUNCTION_MEMORY_SIZE, so it is a string there.
        self.memory_limit_in_mb = str(function.memory)
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{name}"
        day = time.strftime("%Y/%m/%d", time.gmtime(now))
        self.log_stream_name = f"{day}/[$LATEST]{request_id.replace('-', '')}"
        self.identity = None
        self.client_context = None
        self._deadline = started + function.timeout

    def get_remaining_time_in_millis(self) -> int:
        # Handlers really run, so this one clock is the real one.
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class LambdaInvoker:
    """Serves function ARNs and lambda:invoke from a mapping ARN (or name) -> LambdaFunction.

    ``mocks`` (function name or function ARN -> result, a ``TaskFailure``, or
    ``f(parameters, context)``) stand in for functions and win over them: they
    are found as ``find_function`` finds a function, so a name answers its ARN
    in any account and region, qualified or not, and every FunctionName naming
    it. Keys of ``mocks`` that are not functions (service ARNs, globs) are left
    to the dispatcher.

    A handler module is loaded fresh for each execution and then kept warm
    for the rest of it, like a Lambda container.
    """

    def __init__(
        self,
        functions: Mapping[str, LambdaFunction],
        identity: Identity | None = None,
        mocks: Mapping[str, Any] | None = None,
    ) -> None:
        self.functions = dict(functions)
        self.identity = identity or Identity()
        self.mocks = {key: value for key, value in (mocks or {}).items() if _is_function_key(key)}
        self._modules: dict[tuple[str, str], ModuleType] = {}
        self._loaded = 0

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        if resource.startswith(INVOKE_RESOURCE):
            if not isinstance(parameters, dict) or "FunctionName" not in parameters:
                raise StatesError("States.Runtime", "lambda:invoke needs Parameters with a FunctionName")
            target = str(parameters["FunctionName"])
            mock = find_function(self.mocks, target)
            if mock is not None:
                # Invoke's response as the optimized integration gives it, without the HTTP
                # metadata: a mock has no request, and drawing ids for one would shift the seed.
                payload = mock_result(self.mocks[mock], parameters, context)
                return {"ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200}
            arn, function = self._lookup(target)
            payload = _request_payload(parameters.get("Payload"))
            request_id = context.runtime.uuid()
            with tail_log(request_id, function.memory, enabled=parameters.get("LogType") == "Tail") as tail:
                result = self.call(function, arn, payload, request_id, context.now)
            return tail.added_to(_invoke_response(result, request_id, context.now))
        mock = find_function(self.mocks, resource)
        if mock is not None:
            return mock_result(self.mocks[mock], parameters, context)
        arn, function = self._lookup(resource)
        return self.call(function, arn, parameters, context.runtime.uuid(), context.now)

    def _lookup(self, name_or_arn: str) -> tuple[str, LambdaFunction]:
        key = find_function(self.functions, name_or_arn)
        if key is None:
            raise StatesError(
                "Lambda.ResourceNotFoundException",
                f"Function not found: {name_or_arn} (Service: AWSLambda; Status Code: 404; "
                "Error Code: ResourceNotFoundException)",
            )
        return self._arn_of(key), self.functions[key]

    def _arn_of(self, key: str) -> str:
        return key if key.startswith("arn:") else self.identity.arn("lambda", f"function:{key}")

    # -------------------------------------------------------------- running

    def call(self, function: LambdaFunction, arn: str, event: Any, request_id: str, now: float = 0.0) -> Any:
        """Run the handler on a JSON copy of ``event``; return its JSON result or raise the Lambda error.

        ``now`` (virtual time) only dates the log stream name.
        """
        name = _name_of(arn, function)
        code_dir = str(Path(function.code_dir).resolve())
        # Lambda hands the handler freshly decoded JSON, which it may mutate at will.
        event = json.loads(json.dumps(event))
        started = time.monotonic()
        with _lambda_environment(function, name, code_dir, self.identity.region):
            handler = self._handler(function, code_dir)
            seed_randomness(request_id)
            try:
                result = handler(event, LambdaContext(function, name, arn, request_id, started, now))
            except Exception as exc:
                raise lambda_error(exc, code_dir) from None
            except SystemExit as exc:
                # In Lambda, sys.exit() ends the runtime process, not the caller: a task failure.
                raise _exit_error(exc, request_id) from None
        if time.monotonic() - started > function.timeout:
            message = f"RequestId: {request_id} Error: Task timed out after {function.timeout:.2f} seconds"
            raise StatesError("Sandbox.Timedout", json.dumps({"errorMessage": message, "errorType": "Sandbox.Timedout"}))
        try:
            return json.loads(json.dumps(result))
        except (TypeError, ValueError) as exc:
            cause = {"errorMessage": f"Unable to marshal response: {exc}", "errorType": "Runtime.MarshalError",
                     "stackTrace": []}
            raise StatesError("Runtime.MarshalError", json.dumps(cause)) from None

    def _handler(self, function: LambdaFunction, code_dir: str) -> Any:
        """The handler function; failures worded as the runtime's Runtime.* errors."""
        module_name, _, func_name = function.handler.rpartition(".")
        if not module_name:
            raise _runtime_error("Runtime.MalformedHandlerName", f"Bad handler '{function.handler}': not enough values to unpack")
        module = self._modules.get((code_dir, module_name))
        if module is None:
            try:
                module = self._load(code_dir, module_name)
            except Exception as exc:
                raise _runtime_error("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}") from None
            except SystemExit as exc:
                raise _exit_error(exc, "init") from None
            self._modules[(code_dir, module_name)] = module
        handler = getattr(module, func_name, None)
        if handler is None:
            raise _runtime_error("Runtime.HandlerNotFound", f"Handler '{func_name}' missing on module '{module_name}'")
        return handler

    def _load(self, code_dir: str, module_name: str) -> ModuleType:
        relative = Path(*module_name.split("."))
        path = Path(code_dir) / relative.with_suffix(".py")
        if not path.is_file():
            path = Path(code_dir) / relative / "__init__.py"
        if not path.is_file():
            raise ModuleNotFoundError(f"No module named '{module_name}'")
        self._loaded += 1
        # A unique name: two functions may both have a lambda_function.py.
        unique = f"_local_lambda_{self._loaded}_{module_name.replace('.', '_')}"
        spec = importlib.util.spec_from_file_location(unique, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"Unable to import module '{module_name}' from {path}")
        module = importlib.util.module_from_spec(spec)
        # A fresh module for each execution, but compiled once per process: there is no .pyc to reuse
        # (code folders are kept free of __pycache__, which would change the Lambda asset hash).
        exec(_compiled(path), module.__dict__)
        return module


_CODE: dict[tuple[str, int, int], CodeType] = {}


def _compiled(path: Path) -> CodeType:
    """The handler file's code object, cached by path, modification time and size."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    code = _CODE.get(key)
    if code is None:
        code = _CODE[key] = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    return code


def _exit_error(exc: SystemExit, request_id: str) -> StatesError:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return _runtime_error(
        "Runtime.ExitError", f"RequestId: {request_id} Error: Runtime exited with error: exit status {code}"
    )


def find_function(functions: Mapping[str, Any], name_or_arn: str) -> str | None:
    """The key of ``functions`` that stands for the function ``name_or_arn`` names, or None.

    ``name_or_arn`` is a FunctionName as Lambda takes it: a name, an ARN or a partial ARN
    (``123456789012:function:f``), each with or without a version or alias qualifier. A key
    (a function name or function ARN; other keys never match) stands for it when it is that
    string, the same ARN unqualified, or has the same function name: the key's last part, or
    the ``function_name`` of a LambdaFunction value. So a function registered by ARN also
    answers its name and its ARN in any account and region: local runs have one of each.
    ``LambdaInvoker`` resolves tasks with it, and ``compiler run`` checks tasks with it before
    running, so the two cannot disagree.
    """
    if name_or_arn in functions and _is_function_key(name_or_arn):
        return name_or_arn
    base = _unqualified(name_or_arn)
    short = base.rsplit(":", 1)[-1]
    for key, function in functions.items():
        if not _is_function_key(key):
            continue
        if _unqualified(key) == base or key == short or _name_of(key, function) == short:
            return key
    return None


def _is_function_key(key: str) -> bool:
    """A function ARN, or a name (anything but an ARN or a glob): what ``find_function`` matches."""
    if key.startswith("arn:"):
        parts = key.split(":")
        return len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function"
    return not any(c in key for c in "*?[")


def _name_of(key: str, function: Any) -> str:
    named = function.function_name if isinstance(function, LambdaFunction) else None
    return named or _unqualified(key).rsplit(":", 1)[-1]


def _unqualified(name_or_arn: str) -> str:
    """Drop a version or alias qualifier (``...:function:f:$LATEST`` -> ``...:function:f``).

    Also for a partial ARN (``123456789012:function:f:prod``) and a qualified name (``f:prod``).
    """
    parts = name_or_arn.split(":")
    if len(parts) == 2:  # "name:qualifier"
        return parts[0]
    if "function" in parts[:-1]:
        return ":".join(parts[: parts.index("function") + 2])
    return name_or_arn


@contextmanager
def _lambda_environment(function: LambdaFunction, name: str, code_dir: str, region: str) -> Iterator[None]:
    """The function's environment, sys.path and module cache, only for the duration of the call."""
    values = {
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "LAMBDA_TASK_ROOT": LAMBDA_TASK_ROOT,
        **function.environment,
    }
    saved = {key: os.environ.get(key) for key in values}
    # sys.modules is insertion-ordered: what the call imports comes after the first `count` entries.
    # (Copying thousands of module names twice per call was most of a warm call's cost.)
    count = len(sys.modules)
    os.environ.update({k: str(v) for k, v in values.items()})
    sys.path.insert(0, code_dir)
    try:
        yield
    finally:
        sys.path.remove(code_dir)
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        # Helper modules imported from the code folder must not leak into the next function.
        if len(sys.modules) != count:
            prefix = code_dir + os.sep
            for mod_name, module in list(sys.modules.items()):
                file = getattr(module, "__file__", None) or ""
                if file.startswith(prefix):
                    del sys.modules[mod_name]


def _runtime_error(error_type: str, message: str) -> StatesError:
    return StatesError(error_type, json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": []}))


def lambda_error(exc: BaseException, code_dir: str) -> StatesError:
    """The error Step Functions reports for a handler exception (Python runtime's shape)."""
    error_type = type(exc).__name__
    document = {
        "errorMessage": str(exc),
        "errorType": error_type,
        "stackTrace": format_stack(exc.__traceback__, code_dir),
    }
    # Default json.dumps (ASCII escapes, ", " separators), as the runtime writes it.
    return StatesError(error_type, json.dumps(document))


def format_stack(tb: TracebackType | None, code_dir: str) -> list[str]:
    """Frames from the handler's file onward, as the Lambda runtime prints them.

    The code folder appears as /var/task; no column carets (the runtime's
    Python predates them in this format).
    """
    frames = traceback.extract_tb(tb)
    prefix = code_dir + os.sep
    start = next((i for i, f in enumerate(frames) if f.filename.startswith(prefix)), len(frames))
    lines = []
    for frame in frames[start:]:
        filename = frame.filename
        if filename.startswith(prefix):
            filename = f"{LAMBDA_TASK_ROOT}/{filename[len(prefix):]}"
        text = f'  File "{filename}", line {frame.lineno}, in {frame.name}\n'
        if frame.line:
            text += f"    {frame.line.strip()}\n"
        lines.append(text)
    return lines


def _request_payload(value: Any) -> Any:
    """What the function receives: a string Payload is the request's bytes, so JSON text arrives parsed
    (recorded: Payload "0" gives the function 0); no Payload (or null) arrives as {}; text that is not
    JSON arrives as the string."""
    try:
        return json_text_argument(value)
    except ValueError:
        return value


def _invoke_response(payload: Any, request_id: str, now: float) -> dict[str, Any]:
    """Lambda's Invoke response as the optimized integration returns it (recorded by AWS)."""
    length = str(len(json.dumps(payload, separators=(",", ":"))))
    date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now))
    headers = {
        "Connection": "keep-alive",
        "Content-Length": length,
        "Content-Type": "application/json",
        "Date": date,
        "X-Amz-Executed-Version": "$LATEST",
        "x-amzn-Remapped-Content-Length": "0",
        "x-amzn-RequestId": request_id,
        "X-Amzn-Trace-Id": f"Root=1-{request_id[:8]}-{request_id.replace('-', '')[8:32]}",
    }
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {k: [v] for k, v in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    }


def seed_randomness(request_id: str) -> None:
    """Seed the random generators handlers draw from, from the invocation's request id.

    The request id comes from the run's ``--seed``, so a run repeats exactly, including a handler
    that calls ``random.random()`` or ``numpy.random.rand()``; each invocation still draws different
    values from the one before it. NumPy is seeded only when a handler has imported it.
    """
    digest = int.from_bytes(hashlib.sha256(request_id.encode()).digest()[:4], "big")
    random.seed(digest)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(digest)
