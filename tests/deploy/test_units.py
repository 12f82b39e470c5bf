"""The pieces of the verification on their own: intrinsics, policy canonical form, handler files,
asset zips and the moto server's lifecycle (stopped whatever happens)."""

from __future__ import annotations

import io
import urllib.request
import zipfile
from pathlib import Path

import pytest

from compiler.deploy.assembly import zip_folder
from compiler.deploy.checks import handler_files, policy_document
from compiler.deploy.env import emulator_env
from compiler.deploy.intrinsics import Resolver, Unresolved
from compiler.deploy.server import MotoServer, running_server


def resolver() -> Resolver:
    return Resolver(
        account="123456789012", region="us-east-1", stack_name="s", stack_id="id",
        physical={"Fn1": "fn-one", "Bucket": "b"},
        attribute=lambda logical, attr: f"arn:{logical}:{attr}",
    )


def test_intrinsics_resolve_to_deployed_values() -> None:
    r = resolver()
    assert r.resolve({"Ref": "Bucket"}) == "b"
    assert r.resolve({"Fn::GetAtt": ["Fn1", "Arn"]}) == "arn:Fn1:Arn"
    assert r.resolve({"Fn::Join": ["", [{"Fn::GetAtt": ["Bucket", "Arn"]}, "/*"]]}) == "arn:Bucket:Arn/*"
    assert r.resolve({"Fn::Sub": "cdk-${AWS::AccountId}-${AWS::Region}"}) == "cdk-123456789012-us-east-1"
    assert r.resolve({"Fn::Select": [1, {"Fn::Split": [",", "a,b"]}]}) == "b"
    with pytest.raises(Unresolved):
        r.resolve({"Ref": "Missing"})
    with pytest.raises(Unresolved):
        r.resolve({"Fn::If": ["c", 1, 2]})


def test_policy_documents_compare_in_canonical_form() -> None:
    template = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject",
                                                        "Resource": ["b", "a"]}]}
    deployed = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:PutObject"],' \
               ' "Resource": ["a", "b"]}}'
    assert policy_document(template) == policy_document(deployed)
    assert policy_document(template) != policy_document({**template, "Version": "2008-10-17"})


def test_handler_files() -> None:
    assert handler_files("lambda_function.lambda_handler", "python3.12") == ["lambda_function.py"]
    assert handler_files("pkg.mod.handler", "python3.12") == ["pkg/mod.py"]
    assert handler_files("index.handler", "nodejs20.x")[0] == "index.js"
    assert handler_files("x", "java21") == []


def test_asset_zip_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("b")
    first = zip_folder(tmp_path)
    assert first == zip_folder(tmp_path)
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["a.py", "sub/b.txt"]


def test_emulator_env_is_offline_and_fake() -> None:
    env = emulator_env(4567, base={"AWS_PROFILE": "prod", "AWS_ACCESS_KEY_ID": "AKIAREAL", "PATH": "/bin"})
    assert "AWS_PROFILE" not in env
    assert env["AWS_ACCESS_KEY_ID"] == "testing"
    assert env["AWS_ENDPOINT_URL"] == env["AWS_ENDPOINT_URL_S3"] == "http://localhost:4567"
    assert env["CDK_DISABLE_CLI_TELEMETRY"] == "true" and env["CDK_DISABLE_VERSION_CHECK"] == "1"
    assert env["AWS_EC2_METADATA_DISABLED"] == "true"


def test_server_is_stopped_when_the_body_fails() -> None:
    holder: list[MotoServer] = []
    with pytest.raises(RuntimeError), running_server() as server:
        holder.append(server)
        with urllib.request.urlopen(f"{server.url}/moto-api/config", timeout=5) as answer:
            assert b'"lambda": {"use_docker": false}' in answer.read()
        raise RuntimeError("test failure inside")
    assert not holder[0].running()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://localhost:{holder[0].port}/moto-api/data.json", timeout=2)
