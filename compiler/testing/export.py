"""``compiler test --export-mock-config OUT.json``: the YAML cases' mocks as an AWS MockConfigFile.

Step Functions Local and LocalStack then run the same paths (``stateMachineArn#<case name>``).
A MockConfigFile holds no inputs and no expectations: those stay in the YAML file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from compiler.testing.responses import MockedResponse
from compiler.testing.session import Collected


def mock_config_document(found: Collected) -> dict[str, Any]:
    machines: dict[str, Any] = {}
    responses: dict[str, dict[str, Any]] = {}
    for case in found.cases:
        cases = machines.setdefault(case.setup.machine_name, {"TestCases": {}})["TestCases"]
        states: dict[str, str] = {}
        for state, response in case.mocks.items():
            states[state] = _name(response, responses)
        cases[case.name] = states
    return {"StateMachines": machines, "MockedResponses": responses}


def _name(response: MockedResponse, responses: dict[str, dict[str, Any]]) -> str:
    body = {attempt.key(): ({"Throw": {"Error": attempt.error, "Cause": attempt.cause}} if attempt.throws
                            else {"Return": attempt.value}) for attempt in response.attempts}
    name, n = response.name, 1
    while name in responses and responses[name] != body:
        n += 1
        name = f"{response.name} ({n})"
    responses[name] = body
    return name


def write_mock_config(found: Collected, out: Path) -> int:
    document = mock_config_document(found)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    count = sum(len(m["TestCases"]) for m in document["StateMachines"].values())
    sys.stderr.write(f"compiler test: wrote {out} ({count} test case(s), {len(document['MockedResponses'])} "
                     "mocked response(s))\n")
    return 0
