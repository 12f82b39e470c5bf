"""Amazon Bedrock: ``invokeModel`` (request-response) on the model (a foundation model ID or any
model ARN), with ``s3:GetObject`` on ``Input.S3Uri`` and ``s3:PutObject`` on ``Output.S3Uri`` when
the body goes through S3; ``createModelCustomizationJob`` (request-response, ``.sync``) passes its
role to Bedrock."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import PARTITION, REGION, Context, Statement, Task, Value, arn
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "bedrock"
ACTIONS = {"invokeModel": (RR,), "createModelCustomizationJob": (RR, SYNC)}
CUSTOMIZE = Call(("bedrock:CreateModelCustomizationJob",), (RR, SYNC),
                 sync=("bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"),
                 pass_role=(("RoleArn",),), passed_to="bedrock.amazonaws.com")


def statements(task: Task, ctx: Context) -> list[Statement]:
    if task.action == "createModelCustomizationJob":
        base = task.get("BaseModelIdentifier")
        actions: tuple[str, ...] = ("bedrock:CreateModelCustomizationJob",)
        if task.get("CustomModelTags") is not None or task.get("JobTags") is not None:
            actions += ("bedrock:TagResource",)  # tags on create are a TagResource call of their own
        out = [Statement(actions,
                         (_model(base, task), arn("bedrock", "custom-model/*"), arn("bedrock", "model-customization-job/*")),
                         reasons=(f"state '{task.name}': the custom model and job ARNs are made by the call",))]
        more = calls.statements(Call((), sync=CUSTOMIZE.sync, pass_role=CUSTOMIZE.pass_role,
                                     passed_to=CUSTOMIZE.passed_to), task, ctx)
        return out + more
    model = task.get("ModelId")
    reasons = (task.runtime("ModelId"),) if model is not None and model.template is None else ()
    out = [Statement(("bedrock:InvokeModel",), (_model(model, task),), reasons=reasons,
                     runtime=("ModelId",) if reasons else ())]
    for field, action in (("Input", "s3:GetObject"), ("Output", "s3:PutObject")):
        uri = task.at(field, "S3Uri")
        if uri is not None:
            out.append(_s3(uri, action, task))
    return out


def _model(value: Value | None, task: Task) -> str:
    if value is None or value.template is None:
        return arn("bedrock", "foundation-model/*", account=False)
    if value.template.startswith("arn:") or value.template.startswith("${"):
        return value.template
    return f"arn:{PARTITION}:bedrock:{REGION}::foundation-model/{value.template}"


def _s3(uri: Value, action: str, task: Task) -> Statement:
    if uri.template is None or not uri.template.startswith("s3://"):
        return Statement((action,), (f"arn:{PARTITION}:s3:::*",), reasons=(task.runtime(uri.name),), runtime=(uri.name,))
    return Statement((action,), (f"arn:{PARTITION}:s3:::{uri.template[len('s3://'):]}",))
