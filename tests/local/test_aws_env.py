"""compiler.aws_env: the one fake-AWS environment of ``compiler run`` and ``compiler deploy-local``."""

from __future__ import annotations

import os

import pytest

from compiler import aws_env
from compiler.aws_env import FAKE_CREDENTIALS, applied, fake_aws_env, with_values


def test_the_fake_environment_has_fake_keys_no_profile_and_no_metadata_lookups() -> None:
    values = fake_aws_env()
    assert {k: values[k] for k in FAKE_CREDENTIALS} == FAKE_CREDENTIALS
    assert values["AWS_ACCESS_KEY_ID"] == "testing" and values["AWS_REGION"] == "us-east-1"
    assert values["AWS_EC2_METADATA_DISABLED"] == "true"
    assert values["AWS_PROFILE"] is None and values["AWS_DEFAULT_PROFILE"] is None
    assert "AWS_ENDPOINT_URL" not in values
    assert fake_aws_env("http://localhost:4566")["AWS_ENDPOINT_URL"] == "http://localhost:4566"
    dropped = fake_aws_env(drop=aws_env.CREDENTIAL_SOURCES)
    assert dropped["AWS_WEB_IDENTITY_TOKEN_FILE"] is None and dropped["AWS_PROFILE"] is None


def test_the_region_is_the_one_of_local_values() -> None:
    from compiler.ir import REGION

    assert aws_env.REGION == REGION


def test_with_values_sets_and_removes_in_a_copy() -> None:
    base = {"AWS_PROFILE": "prod", "PATH": "/bin"}
    env = with_values(base, {"AWS_PROFILE": None, "AWS_REGION": "us-east-1", "ABSENT": None})
    assert env == {"PATH": "/bin", "AWS_REGION": "us-east-1"}
    assert base == {"AWS_PROFILE": "prod", "PATH": "/bin"}


def test_applied_puts_every_variable_back_even_after_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "prod")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with pytest.raises(RuntimeError), applied(fake_aws_env("http://localhost:1")):
        assert "AWS_PROFILE" not in os.environ
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert os.environ["AWS_ENDPOINT_URL"] == "http://localhost:1"
        raise RuntimeError("inside")
    assert os.environ["AWS_PROFILE"] == "prod" and os.environ["AWS_ACCESS_KEY_ID"] == "mine"
    assert "AWS_ENDPOINT_URL" not in os.environ


def test_run_and_deploy_share_it() -> None:
    from compiler.deploy.env import emulator_env
    from compiler.local.emulator import Emulator

    run_env = Emulator("http://localhost:4566")._variables()
    deploy_env = emulator_env(4566, base={"AWS_PROFILE": "prod", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"})
    for name, value in fake_aws_env().items():
        assert run_env[name] == value
        assert deploy_env.get(name) == value
    # deploy drops every other credential source too; a run keeps what does not outrank the fake keys.
    assert "AWS_ROLE_ARN" not in deploy_env
    assert run_env["AWS_ENDPOINT_URL"] == deploy_env["AWS_ENDPOINT_URL"] == "http://localhost:4566"
