"""The loaders of the families that do not come from raw/, by the name their declaration gives
(``RawFamily.loader``): (connection, table) -> provenance metadata."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orchestration.families.contract import RawFamily
from orchestration.feeds.ecb_refresh import load_ecb_rates

LOADERS: dict[str, Callable[[Any, str], dict]] = {"ecb_rates": load_ecb_rates}


def loader_of(family: RawFamily) -> Callable[[Any, str], dict]:
    return LOADERS[family.loader]
