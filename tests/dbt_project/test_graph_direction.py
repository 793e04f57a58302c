"""The dbt graph flows one way: sources → staging → intermediate → marts.

Read from the manifest `make prepare` writes: a staging model reads only its source (no seed,
no other model), an intermediate model never reads a mart, a mart never reads another mart,
every intermediate model has a description naming its grain and at least one data test, and
every unit test sits in the YAML beside the model it tests. No dbt YAML file is over 400 lines
and no macro hides a ref().
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from orchestration.transform.project import dbt_project


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def models() -> dict[str, dict]:
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return {
        node["unique_id"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


def layer(node: dict) -> str:
    return node["fqn"][1]


def parents(node: dict, models: dict[str, dict]) -> list[tuple[str, str]]:
    """(name, layer) of every node the model reads; sources and seeds name their type."""
    out = []
    for parent in node["depends_on"]["nodes"]:
        kind = parent.split(".")[0]
        name = parent.split(".")[-1]
        out.append((name, layer(models[parent]) if kind == "model" else kind))
    return out


def test_staging_reads_only_sources(models):
    wrong = {
        node["name"]: [p for p in parents(node, models) if p[1] != "source"]
        for node in models.values()
        if layer(node) == "staging"
    }
    wrong = {name: bad for name, bad in wrong.items() if bad}
    assert not wrong, f"staging models must mirror one source and read nothing else: {wrong}"


def marts_read_by(models, reader_layer: str) -> dict[str, list[str]]:
    """The marts each model of ``reader_layer`` reads (models reading none left out)."""
    reads = {
        node["name"]: [name for name, kind in parents(node, models) if kind == "marts"]
        for node in models.values()
        if layer(node) == reader_layer
    }
    return {name: marts for name, marts in reads.items() if marts}


def test_intermediate_never_reads_a_mart(models):
    backward = marts_read_by(models, "intermediate")
    assert not backward, f"intermediate models read marts: {backward}"


def test_every_intermediate_model_is_documented_and_tested(models):
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    tested = {
        parent
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        for parent in node["depends_on"]["nodes"]
    }
    intermediate = [n for n in models.values() if layer(n) == "intermediate"]
    assert intermediate
    undocumented = [n["name"] for n in intermediate if "Grain:" not in n["description"]]
    untested = [n["name"] for n in intermediate if n["unique_id"] not in tested]
    assert not undocumented, f"no description naming the grain: {undocumented}"
    assert not untested, f"no data test: {untested}"


def test_no_mart_reads_a_mart(models):
    reads = marts_read_by(models, "marts")
    assert not reads, f"marts read other marts (move the logic into an intermediate model): {reads}"


def test_unit_tests_sit_beside_their_model(manifest):
    misplaced = {}
    for test in manifest["unit_tests"].values():
        model = manifest["nodes"][test["depends_on"]["nodes"][0]]
        if Path(test["original_file_path"]).parent != Path(model["original_file_path"]).parent:
            misplaced[test["name"]] = test["original_file_path"]
    assert not misplaced, f"unit tests away from their model: {misplaced}"


def test_no_dbt_yaml_file_is_over_400_lines():
    models_dir = dbt_project.project_dir / "models"
    long = {
        str(path.relative_to(models_dir)): n
        for path in sorted(models_dir.rglob("*.yml"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, f"split these into one YAML per model beside it: {long}"


def test_no_macro_hides_a_ref():
    hidden = [
        path.name
        for path in sorted((dbt_project.project_dir / "macros").glob("*.sql"))
        if re.search(
            r"\bref\(", re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)
        )
    ]
    assert not hidden, f"pass the relation in from the model instead: {hidden}"
