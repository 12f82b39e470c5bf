"""The CLI round trip: a moto server, the real CDK CLI against it, verification, destroy."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.deploy.assembly import StackArtifact, read_stacks
from compiler.deploy.cdk_cli import CdkCli
from compiler.deploy.env import FAKE_CREDENTIALS, REGION
from compiler.deploy.inprocess import DeployError, RoundTrip, wait_stack
from compiler.deploy.inventory import classify, difference, snapshot
from compiler.deploy.server import MotoServer
from compiler.deploy.stand_ins import for_emulator
from compiler.deploy.verify import verify
from compiler.ir import Program
from compiler.project import project_root

# Spec kinds whose new resources the emulator's copy of the template goes without (stand_ins).
LEFT_OUT_KINDS = {"connection", "activity"}
SKIPPED_TYPE = re.compile(r"No Moto CloudFormation support for (\S+)")


@dataclass
class EndpointSession:
    """A boto3 session whose clients all talk to the emulator (never to AWS)."""

    url: str
    region_name: str = REGION
    clients: dict[str, Any] = field(default_factory=dict, repr=False)

    def client(self, service: str) -> Any:
        # One client per service: making one costs ~50 ms, and verification asks often.
        if service not in self.clients:
            import boto3

            self.clients[service] = boto3.session.Session(
                aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                aws_session_token=FAKE_CREDENTIALS["AWS_SESSION_TOKEN"],
                region_name=self.region_name,
            ).client(service, endpoint_url=self.url)
        return self.clients[service]


def custom_resources(program: Program) -> list[str]:
    """Spec resources that make CDK add a custom resource, which the emulator cannot complete.

    moto runs a custom resource's handler only in Docker and waits for its answer, so the
    stack would stay CREATE_IN_PROGRESS until the CLI gives up: refuse up front instead.
    """
    found = []
    for key, resource in program.spec.resources.items():
        if resource.type == "bucket" and getattr(resource, "existing", None) is None \
                and getattr(resource, "removal_policy", None) == "destroy":
            found.append(f"{key} (removal_policy: destroy adds Custom::S3AutoDeleteObjects)")
        # CloudFormation names an unnamed FIFO queue or topic with the '.fifo' suffix; the
        # emulator (moto 5.2.5) generates a name without it and then refuses its own name.
        if resource.type in ("queue", "topic") and getattr(resource, "existing", None) is None \
                and getattr(resource, "fifo", False) and getattr(resource, f"{resource.type}_name", None) is None:
            found.append(f"{key} (the emulator cannot name a FIFO {resource.type}: give it a "
                         f"{resource.type}_name ending in '.fifo')")
    return found


def skipped_types(server: MotoServer) -> list[str]:
    if server.log_path is None or not server.log_path.exists():
        return []
    return sorted(set(SKIPPED_TYPE.findall(server.log_path.read_text(encoding="utf-8", errors="replace"))))


def _stack(outdir: Path, name: str) -> StackArtifact:
    stacks = [s for s in read_stacks(outdir) if s.name == name]
    if not stacks:
        raise DeployError(f"the assembly in {outdir} has no stack {name}")
    return stacks[0]


def deploy_with_cli(
    server: MotoServer,
    spec: Path,
    program: Program,
    workdir: Path,
    *,
    context: dict[str, str] | None = None,
    destroy: bool = False,
) -> RoundTrip:
    """``cdk bootstrap`` + ``cdk deploy --method=direct`` (+ ``cdk destroy``) against ``server``."""
    session = EndpointSession(server.url)
    cli = CdkCli(server.port, workdir, project_root(spec) or spec.resolve().parent)
    stack_name = program.spec.stack.name
    timings: dict[str, float] = {}
    account = session.client("sts").get_caller_identity()["Account"]
    timings["bootstrap"] = cli.bootstrap(account)
    before = snapshot(session)
    if any(r.type in LEFT_OUT_KINDS and getattr(r, "existing", None) is None for r in program.spec.resources.values()):
        # The template has resources the emulator cannot create: synthesize, deploy the
        # emulator's copy of the template (stand_ins), verify against the synthesized one.
        timings["synth"] = cli.synth(spec.resolve(), stack_name, context or {})
        stack = _stack(cli.outdir, stack_name)
        stack.template_path.write_text(json.dumps(for_emulator(stack.template), indent=1), encoding="utf-8")
        timings["deploy"] = cli.deploy_assembly(stack_name)
    else:
        timings["deploy"] = cli.deploy(spec.resolve(), stack_name, context or {})
        stack = _stack(cli.outdir, stack_name)
    start = time.perf_counter()
    verification = verify(session, stack, program)
    timings["verify"] = time.perf_counter() - start
    result = RoundTrip(verification, difference(snapshot(session), before), skipped_types(server), timings=timings)
    if destroy:
        timings["destroy"] = cli.destroy(stack_name)
        status = wait_stack(session.client("cloudformation"), stack_name)
        if status != "DELETE_COMPLETE":
            raise DeployError(f"stack {stack_name}: {status} after cdk destroy")
        result.left = classify(difference(snapshot(session), before), verification.deployed, stack.template)
    return result
