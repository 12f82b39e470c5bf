"""Resources the emulator's CloudFormation cannot create, left out of the template it deploys.

moto 5.2.5 has no ``AWS::Events::Connection``: it skips the resource and then fails the whole
stack at the first ``Fn::GetAtt`` of it. So the copy of the template sent to the emulator goes
without them: each ``Fn::GetAtt``/``Ref`` of one becomes a stand-in value of the same shape (an ARN
ending in ``emulator-stand-in``) and ``DependsOn`` forgets it. Verification still reads the
synthesized template: the left-out resource's row is UNSUPPORTED with the reason, and every row
that refers to it says so (a gap, never a MISMATCH). Nothing of this reaches ``cdk synth`` or AWS.

Nor has it ``AWS::StepFunctions::Activity`` (it skips the type, and then its ``Ref`` resolves to
nothing useful). An activity's ARN follows from its ``Name`` alone (``arn:PARTITION:states:REGION:
ACCOUNT:activity:NAME``, as ``Ref`` returns it in AWS), so its ``Ref`` becomes exactly that ARN (and
``Fn::GetAtt Name`` the name): the machines that run it deploy with the definition and the
``kms:`` condition AWS would give them, and verification compares them in full (``derived_refs``).
"""

from __future__ import annotations

import copy
from typing import Any

ACTIVITY = "AWS::StepFunctions::Activity"
LEFT_OUT = {"AWS::Events::Connection", ACTIVITY}
STAND_IN = "emulator-stand-in"
REASON = ("EventBridge connections (the emulator's CloudFormation does not create them: deployed without it, "
          f"its ARNs replaced by '{STAND_IN}' ones)")
ACTIVITY_REASON = ("activities (moto 5.2.5's CloudFormation has no handler: deployed without it, its Ref is the ARN "
                   "AWS gives an activity of its Name, arn:PARTITION:states:REGION:ACCOUNT:activity:NAME)")


def left_out(template: dict[str, Any]) -> list[str]:
    """Logical ids of the resources the emulator's copy of ``template`` goes without."""
    return sorted(k for k, r in template.get("Resources", {}).items() if r.get("Type") in LEFT_OUT)


def derived_refs(template: dict[str, Any], partition: str, region: str, account: str) -> dict[str, str]:
    """logical id -> its ``Ref`` in AWS, for left-out resources whose ``Ref`` follows from the template
    (an activity's ARN from its Name)."""
    return {logical: f"arn:{partition}:states:{region}:{account}:activity:{name}"
            for logical, name in _activity_names(template).items()}


def _activity_names(template: dict[str, Any]) -> dict[str, str]:
    return {k: r["Properties"]["Name"] for k, r in template.get("Resources", {}).items()
            if r.get("Type") == ACTIVITY and isinstance(r.get("Properties", {}).get("Name"), str)}


def for_emulator(template: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``template`` without the resources the emulator cannot create (see module doc)."""
    gone = set(left_out(template))
    if not gone:
        return template
    out = copy.deepcopy(template)
    resources = {k: v for k, v in out["Resources"].items() if k not in gone}
    for resource in resources.values():
        depends = resource.get("DependsOn")
        if isinstance(depends, list):
            resource["DependsOn"] = [d for d in depends if d not in gone]
        elif depends in gone:
            del resource["DependsOn"]
    activities = _activity_names(template)
    out["Resources"] = _replace(resources, gone, activities)
    if "Outputs" in out:
        out["Outputs"] = _replace(out["Outputs"], gone, activities)
    return out


def _replace(value: Any, gone: set[str], activities: dict[str, str]) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and "Ref" in value and value["Ref"] in activities:
            return _activity_arn(activities[value["Ref"]])
        if len(value) == 1 and "Ref" in value and value["Ref"] in gone:
            return f"{value['Ref']}-{STAND_IN}"
        get_att = value.get("Fn::GetAtt") if len(value) == 1 else None
        if isinstance(get_att, list) and get_att and get_att[0] in activities:
            return activities[get_att[0]] if get_att[1] == "Name" else _activity_arn(activities[get_att[0]])
        if isinstance(get_att, list) and get_att and get_att[0] in gone:
            return _stand_in_arn(get_att[0], str(get_att[1]))
        return {k: _replace(v, gone, activities) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, gone, activities) for v in value]
    return value


def _activity_arn(name: str) -> Any:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":states:", {"Ref": "AWS::Region"}, ":",
                              {"Ref": "AWS::AccountId"}, f":activity:{name}"]]}


def _stand_in_arn(logical: str, attribute: str) -> Any:
    """An ARN of the shape the attribute has in AWS, in the stack's partition, region and account."""
    if attribute == "SecretArn":
        service, resource = "secretsmanager", f"secret:events!connection/{logical}/{STAND_IN}"
    else:
        service, resource = "events", f"connection/{logical}/{STAND_IN}"
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":{service}:", {"Ref": "AWS::Region"}, ":",
                              {"Ref": "AWS::AccountId"}, f":{resource}"]]}
