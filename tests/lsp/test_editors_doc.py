"""Each editor snippet in docs/editors.md starts the server as written and gets an answer to initialize."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.lsp.conftest import ROOT

DOC = ROOT / "docs" / "editors.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
LUA_CMD = re.compile(r"cmd = \{ (.*?) \}")


def _commands() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for language, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if language == "json":
            settings = json.loads(body)
            found.append(("vscode", [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]))
        elif language == "lua":
            for match in LUA_CMD.finditer(body):
                found.append(("neovim", [json.loads(word) for word in match.group(1).split(", ")]))
        elif language == "toml":
            servers = tomllib.loads(body)["language-server"]
            found.extend(("helix", [s["command"], *s.get("args", [])]) for s in servers.values())
    return found


COMMANDS = _commands()


def test_the_doc_has_a_snippet_for_each_editor() -> None:
    assert {editor for editor, _ in COMMANDS} == {"vscode", "neovim", "helix"}
    assert len(COMMANDS) == 4


def _frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def _read(stream: object) -> dict[str, object]:
    length = 0
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            raise AssertionError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(("editor", "argv"), COMMANDS, ids=[f"{e}-{i}" for i, (e, _) in enumerate(COMMANDS)])
def test_snippet_command_answers_initialize(editor: str, argv: list[str], tmp_path: Path) -> None:
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    server = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              cwd=tmp_path, env=env)
    assert server.stdin is not None and server.stdout is not None
    try:
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                   "params": {"processId": os.getpid(), "rootUri": tmp_path.as_uri(),
                                              "capabilities": {}}}))
        server.stdin.flush()
        reply = _read(server.stdout)
        assert reply["id"] == 1
        result = reply["result"]
        assert isinstance(result, dict)
        assert result["serverInfo"]["name"] == "compiler-lsp"
        capabilities = result["capabilities"]
        for provider in ("completionProvider", "hoverProvider", "definitionProvider", "referencesProvider",
                         "renameProvider", "documentSymbolProvider", "codeActionProvider"):
            assert capabilities.get(provider), provider
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_tcp_mode_answers_initialize(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "compiler", "lsp", "--tcp", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        connection = None
        for _ in range(600):
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError("the server exited") from None
                import time

                time.sleep(0.1)
        assert connection is not None
        with connection:
            connection.sendall(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                       "params": {"processId": None, "capabilities": {}}}))
            reply = _read(connection.makefile("rb"))
            assert reply["id"] == 1 and isinstance(reply["result"], dict)
            assert reply["result"]["serverInfo"]["name"] == "compiler-lsp"
    finally:
        server.kill()
        server.wait()
