"""``raw/sources.csv``: the curated source registry, and its row-by-row suite."""

from __future__ import annotations

from orchestration.families import sql
from orchestration.families.contract import URL_RE, Column, RawFamily
from orchestration.families.suite_parts import date_checks


def expectations(gxe) -> list:
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column="source_id", meta={"reason": "source_id is required"}
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="source_id", meta={"reason": "source_id must be unique"}
        ),
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
        gxe.ExpectColumnValuesToBeInSet(
            column="_relay_ok",
            value_set=[1],
            meta={
                "reason": "a report must relay a registered source_id; a publication relays nothing",
                "column": "relays",
            },
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="url", meta={"reason": "two sources share this url"}
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="url", regex=URL_RE, meta={"reason": "url is not a well-formed http(s) URL"}
        ),
        *date_checks(gxe, "published_on"),
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
        ("_bad_published_on", sql.unparseable_date("published_on")),
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
