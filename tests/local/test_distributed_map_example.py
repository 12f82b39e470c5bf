"""examples/distributed-map runs over its CSV export put into the spec's bucket by --fixtures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.local.conftest import REPO, Ran

EXAMPLE = REPO / "examples" / "distributed-map"


def test_the_example_reads_the_export_and_writes_its_results(run_cli: Callable[..., Ran], tmp_path: Path) -> None:
    rows = "sku,name,quantity\n" + "".join(f"sku-{i},item {i},{i}\n" for i in range(120))
    fixtures = tmp_path / "fixtures"
    (fixtures / "s3" / "exports" / "exports").mkdir(parents=True)
    (fixtures / "s3" / "exports" / "exports" / "inventory.csv").write_text(rows, encoding="utf-8")
    ran = run_cli(str(EXAMPLE / "workflow.yaml"), "--input", f"@{EXAMPLE / 'input.json'}", "--fixtures",
                  str(fixtures), "--format", "json")
    assert ran.code == 0, ran.err + ran.out[-2000:]
    doc = ran.json()
    [map_run] = doc["executions"][0]["map_runs"]
    assert (map_run["succeeded"], map_run["failed"]) == (3, 0)  # 120 rows in batches of 50
    assert [c["output"]["rows"] for c in map_run["children"]] == [50, 50, 20]
    assert map_run["children"][0]["output"] == {"export": "inventory-2026-12-03", "rows": 50, "first_sku": "sku-0"}
    written = doc["output"]["written"]
    keys = {o["key"] for o in doc["changes"]["s3_objects"] if o["change"] == "added"}
    assert written["ResultWriterDetails"]["Key"] in keys
    assert {k.rsplit("/", 1)[-1] for k in keys} == {"manifest.json", "SUCCEEDED_0.json"}
    assert all(o["resource"] == "exports" for o in doc["changes"]["s3_objects"])
    manifest = next(o for o in doc["s3_objects"] if o["key"].endswith("manifest.json"))
    assert json.loads(manifest["content"])["ResultFiles"]["FAILED"] == []
