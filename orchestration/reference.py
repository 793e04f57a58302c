"""Reference seeds generated from libraries made for the job (pycountry for ISO codes).

``python -m orchestration.reference`` rewrites them; a test fails if they are stale.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pycountry

from orchestration.generated import write_if_changed
from orchestration.settings import DBT_PROJECT_DIR

COUNTRIES_CSV = DBT_PROJECT_DIR / "seeds" / "countries.csv"

# Aggregates used as trade partners that ISO 3166 has no code for (World Bank convention).
AGGREGATES = [("WLD", "World (all partners)")]


def render_countries() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["alpha_3", "name"])
    rows = sorted((c.alpha_3, c.name) for c in pycountry.countries) + AGGREGATES
    writer.writerows(rows)
    return buf.getvalue()


def write(path: Path = COUNTRIES_CSV) -> bool:
    """Write the file; return True if it changed."""
    return write_if_changed(path, render_countries())


# Reference sets the checks validate against; the dbt seeds are their single source.
def _seed(name: str) -> list[dict[str, str]]:
    with (DBT_PROJECT_DIR / "seeds" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def known_metrics() -> list[str]:
    return [r["metric"] for r in _seed("metrics")]


def forward_looking_metrics() -> list[str]:
    return [r["metric"] for r in _seed("metrics") if r["forward_looking"] == "true"]


def known_units() -> list[str]:
    return [r["unit"] for r in _seed("units")]


# Money units compose from any ISO 4217 code (see int_units_composed in dbt): KRW, KRW_per_year, ...
CURRENCY_UNIT_SUFFIXES = (
    "",
    "_per_year",
    "_per_month",
    "_per_soldier_month",
    "_per_soldier_per_month",
)


def composed_currency_units() -> list[str]:
    return [code + suffix for code in currency_codes() for suffix in CURRENCY_UNIT_SUFFIXES]


def units_of_kind(*kinds: str) -> list[str]:
    return [r["unit"] for r in _seed("units") if r["quantity_kind"] in kinds]


def country_codes() -> list[str]:
    return [r["alpha_3"] for r in _seed("countries")]


CURRENCIES_CSV = DBT_PROJECT_DIR / "seeds" / "currencies.csv"


def render_currencies() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["alpha_3", "name"])
    writer.writerows(sorted((c.alpha_3, c.name) for c in pycountry.currencies))
    return buf.getvalue()


def write_currencies(path: Path = CURRENCIES_CSV) -> bool:
    return write_if_changed(path, render_currencies())


def currency_codes() -> list[str]:
    return [c.alpha_3 for c in pycountry.currencies]


def country_numbers() -> list[int]:
    """ISO 3166-1 numeric codes (UN M49 for countries), as UN Comtrade uses them."""
    return sorted(int(c.numeric) for c in pycountry.countries)


COUNTRY_NUMBERS_CSV = DBT_PROJECT_DIR / "seeds" / "country_numbers.csv"


def render_country_numbers() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["numeric_code", "alpha_3"])
    writer.writerows(sorted((int(c.numeric), c.alpha_3) for c in pycountry.countries))
    return buf.getvalue()


def write_country_numbers(path: Path = COUNTRY_NUMBERS_CSV) -> bool:
    return write_if_changed(path, render_country_numbers())


if __name__ == "__main__":
    for _path, _write in (
        (COUNTRIES_CSV, write),
        (CURRENCIES_CSV, write_currencies),
        (COUNTRY_NUMBERS_CSV, write_country_numbers),
    ):
        print(f"{_path}: {'updated' if _write() else 'up to date'}")
