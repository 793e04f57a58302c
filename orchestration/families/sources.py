"""``raw/sources.csv``: the curated source registry, and its row-by-row suite."""

from __future__ import annotations

from orchestration.families import suite_parts as parts
from orchestration.families.contract import Column, RawFamily


def expectations(gxe) -> list:
    return [
        parts.required(gxe, "source_id"),
        parts.unique(gxe, "source_id", "source_id must be unique"),
        gxe.ExpectColumnValuesToMatchRegex(
            column="source_id",
            regex=r"^[a-z0-9][a-z0-9-]*$",
            meta={"reason": "source_id must be lower-case letters, digits and -"},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="kind",
            value_set=["publication", "report"],
            meta={"reason": "kind must be publication or report"},
        ),
        parts.holds(
            gxe,
            "_relay_ok",
            "relays",
            "a report must relay a registered source_id; a publication relays nothing",
        ),
        parts.unique(gxe, "url", "two sources share this url"),
        parts.well_formed_url(gxe, "url"),
        *parts.date_checks(gxe, "published_on"),
    ]


SOURCES = RawFamily(
    name="sources",
    description=(
        "Curated registry of publications and the reports that relay them, so that one study "
        "reported by five outlets counts once. Figures link to it by source URL; figures whose "
        "URL is not registered get a derived source of their own."
    ),
    pattern="sources.csv",
    derived=(
        (
            "_relay_ok",
            "(CASE WHEN trim(kind) = 'report' THEN relays IN (SELECT source_id FROM {rows})"
            " ELSE relays IS NULL END)::INT",
        ),
        *parts.calendar_day_flags("published_on"),
    ),
    expectations=expectations,
    columns=(
        Column("source_id", "Stable id chosen by the curator, e.g. fnf-2025-unequal-partnership"),
        Column("kind", "publication (an original study, release or dataset) or report"),
        Column("relays", "For a report: the source_id of the publication it relays"),
        Column("org", "Publishing organisation"),
        Column("title", "Title of the publication or report"),
        Column("url", "URL; figures with this source_url belong to this source"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("method", "How the publication arrived at its estimates, in words, where known"),
        Column("note", "Curator's remarks"),
    ),
)
