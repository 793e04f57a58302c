"""The family declarations: one module per family, nothing read when they are imported."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from orchestration.families import FAMILIES

REPO = Path(__file__).resolve().parents[2]
SEED_READERS = (
    "known_metrics",
    "forward_looking_metrics",
    "known_units",
    "composed_currency_units",
    "units_of_kind",
    "country_codes",
    "currency_codes",
    "country_numbers",
)


def test_importing_the_families_and_their_assets_reads_no_reference_file():
    code = "\n".join(
        [
            "import orchestration.reference as reference",
            "def refuse(*args): raise AssertionError('reference data read at import time')",
            *[f"reference.{name} = refuse" for name in SEED_READERS],
            "import orchestration.families, orchestration.defs.raw, orchestration.defs.checks",
        ]
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_each_family_is_declared_in_a_module_of_its_name_with_its_checks():
    for family in FAMILIES:
        module = importlib.import_module(f"orchestration.families.{family.name}")
        assert family in vars(module).values()
        assert family.expectations is not None or family.rules is not None, family.name


def test_the_reader_and_loader_a_family_names_exist():
    from orchestration.feeds.loaders import LOADERS
    from orchestration.ingest.load_loop import READERS

    for family in FAMILIES:
        assert family.reader is None or family.reader in READERS, family.name
        assert family.loader is None or family.loader in LOADERS, family.name
