"""A function runtime AWS has deprecated (W412): what cfn-lint says of the emitted template (W2531,
and E2531/E2533 once AWS blocks creating, then updating, such functions), said at the spec's line.

The dates are AWS's runtime support policy ("Lambda runtimes", deprecation / block function create /
block function update), as cfn-lint's ``LmbdRuntimeLifecycle.json`` carries them; a test holds this
table equal to the installed cfn-lint's. Like cfn-lint, the verdict depends on today's date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.model.resources import Function

# runtime: (deprecated, create blocked, update blocked, successor)
LIFECYCLE: dict[str, tuple[str, str, str, str]] = {
    "python3.9": ("2025-12-15", "2027-02-01", "2027-03-03", "python3.14"),
    "python3.10": ("2026-10-31", "2027-02-01", "2027-03-03", "python3.14"),
    "python3.11": ("2027-06-30", "2027-07-31", "2027-08-31", "python3.14"),
    "python3.12": ("2028-10-31", "2028-11-30", "2029-01-10", "python3.14"),
    "python3.13": ("2029-06-30", "2029-07-31", "2029-08-31", "python3.14"),
    "nodejs18.x": ("2025-09-01", "2027-02-01", "2027-03-03", "nodejs24.x"),
    "nodejs20.x": ("2026-04-30", "2027-02-01", "2027-03-03", "nodejs24.x"),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "2027-07-01", "nodejs24.x"),
}


def today() -> date:
    return date.today()


def check(ctx: CheckContext) -> Iterator[Finding]:
    now = today().isoformat()
    written = ctx.data.get("resources") if isinstance(ctx.data.get("resources"), dict) else {}
    for key, fn in ctx.spec.resources.items():
        if not isinstance(fn, Function) or fn.existing is not None or fn.runtime not in LIFECYCLE:
            continue
        deprecated, create_block, update_block, successor = LIFECYCLE[fn.runtime]
        if now < deprecated:
            continue
        entry = written.get(key) if isinstance(written, dict) else None
        on_key = not (isinstance(entry, dict) and "runtime" in entry)
        path = ("resources", key) if on_key else ("resources", key, "runtime")
        blocked = "creating" if now < update_block else "creating and updating"
        if now < create_block:
            message = (f"function '{key}': AWS deprecated {fn.runtime} on {deprecated}; it blocks creating such "
                       f"functions from {create_block} and updating them from {update_block}")
            severity = None
        else:
            message = f"function '{key}': AWS deprecated {fn.runtime} on {deprecated} and now blocks {blocked} such functions"
            severity = codes.E
        yield Finding(codes.W_RUNTIME_DEPRECATED, message, path, f"set 'runtime: {successor}'", on_key=on_key,
                      severity=severity)
