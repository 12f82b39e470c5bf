"""Resources the emulator's CloudFormation cannot create, left out of the template it deploys.

moto 5.2.5 has no ``AWS::Events::Connection``: it skips the resource and then fails the whole
stack at the first ``Fn::GetAtt`` of it. So the copy of the template sent to the emulator goes
without them: each ``Fn::GetAtt``/``Ref`` of one becomes a stand-in value of the same shape (an ARN
ending in ``emulator-stand-in``) and ``DependsOn`` forgets it. Verification still reads the
synthesized template: the left-out resource's row is UNSUPPORTED with the reason, and every row
that refers to it says so (a gap, never a MISMATCH). Nothing of this reaches ``cdk synth`` or AWS.
"""

from __future__ import annotations

import copy
from typing import Any

LEFT_OUT = {"AWS::Events::Connection"}
STAND_IN = "emulator-stand-in"
REASON = ("EventBridge connections (the emulator's CloudFormation does not create them: deployed without it, "
          f"its ARNs replaced by '{STAND_IN}' ones)")


def left_out(template: dict[str, Any]) -> list[str]:
    """Logical ids of the resources the emulator's copy of ``template`` goes without."""
    return sorted(k for k, r in template.get("Resources", {}).items() if r.get("Type") in LEFT_OUT)


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
    out["Resources"] = _replace(resources, gone)
    if "Outputs" in out:
        out["Outputs"] = _replace(out["Outputs"], gone)
    return out


def _replace(value: Any, gone: set[str]) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and "Ref" in value and value["Ref"] in gone:
            return f"{value['Ref']}-{STAND_IN}"
        get_att = value.get("Fn::GetAtt") if len(value) == 1 else None
        if isinstance(get_att, list) and get_att and get_att[0] in gone:
            return _stand_in_arn(get_att[0], str(get_att[1]))
        return {k: _replace(v, gone) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, gone) for v in value]
    return value


def _stand_in_arn(logical: str, attribute: str) -> Any:
    """An ARN of the shape the attribute has in AWS, in the stack's partition, region and account."""
    if attribute == "SecretArn":
        service, resource = "secretsmanager", f"secret:events!connection/{logical}/{STAND_IN}"
    else:
        service, resource = "events", f"connection/{logical}/{STAND_IN}"
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":{service}:", {"Ref": "AWS::Region"}, ":",
                              {"Ref": "AWS::AccountId"}, f":{resource}"]]}
