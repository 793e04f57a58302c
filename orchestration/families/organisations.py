"""``raw/organisations.csv``: the registry of the bodies that make estimates, and its suite.

A figure's ``source_org`` names who published it, often with the outlet that relayed it
("South Korea Ministry of National Defense (Minister Shin Won-sik) via RBC-Ukraine"). dbt
strips the relay (the *cited body*, ``int_figures_attributed_to_bodies``) and looks it up in
the ``cited_as`` entries below; the rule lives there only. This suite checks the file itself:
ids, kinds, countries, and that no two organisations claim one entry.
"""

from __future__ import annotations

from orchestration import reference
from orchestration.families import suite_parts as parts
from orchestration.families.contract import Column, RawFamily

# What kind of body an organisation is (``kind``).
KINDS = (
    "government",  # a government or head-of-state office as a whole
    "ministry",  # a ministry or department of a government
    "intelligence",  # an intelligence service, civilian or military
    "military",  # armed forces and their staffs
    "central_bank",
    "state_bank",  # a state-owned bank other than the central bank
    "statistics_office",
    "customs",
    "think_tank",  # policy research and political foundations
    "research_institute",  # government-funded or academic research institutes
    "consultancy",  # commercial research and risk analysis
    "media",  # news outlets, including those running their own market surveys
    "trade_association",
    "international_organisation",
)

# The cited_as entries of a row: split at |, trimmed and lower-cased, empty ones dropped.
_ENTRIES = (
    "list_distinct(list_filter(list_transform(string_split(coalesce({col}, ''), '|'), "
    "s -> lower(trim(s))), s -> s <> ''))"
)


def _entries(col: str) -> str:
    return _ENTRIES.format(col=col)


def expectations(gxe) -> list:
    countries = [c for c in reference.country_codes() if c != "WLD"]
    return [
        parts.required(gxe, "org_id"),
        parts.unique(gxe, "org_id", "org_id must be unique"),
        gxe.ExpectColumnValuesToMatchRegex(
            column="org_id",
            regex=r"^[a-z0-9][a-z0-9-]*$",
            meta={"reason": "org_id must be lower-case letters, digits and -"},
        ),
        parts.required(gxe, "name", "every organisation has a canonical name"),
        gxe.ExpectColumnValuesToBeInSet(
            column="country",
            value_set=countries,
            meta={
                "reason": "country must be an ISO 3166-1 alpha-3 code, or empty (an "
                "international body, or a country not established)"
            },
        ),
        parts.required(gxe, "kind"),
        gxe.ExpectColumnValuesToBeInSet(
            column="kind",
            value_set=list(KINDS),
            meta={"reason": f"kind must be one of {', '.join(KINDS)}"},
        ),
        parts.holds(
            gxe,
            "_cited_as_well_formed",
            "cited_as",
            "a cited_as entry is empty, is only *, or has * other than at its start or end",
        ),
        parts.holds(
            gxe,
            "_cited_as_own",
            "cited_as",
            "a cited_as entry (compared trimmed and case-insensitively) is claimed by another "
            "organisation too",
        ),
    ]


ORGANISATIONS = RawFamily(
    name="organisations",
    description=(
        "Registry of the bodies (organisations) that make estimates: a stable id, the canonical "
        "name, country, kind, and the names and patterns under which figures cite it, so that "
        "one ministry relayed by four outlets counts as one body. A figure whose cited body "
        "matches no entry gets a derived body of its own."
    ),
    pattern="organisations.csv",
    # Without the registry every figure would quietly fall back to a derived body.
    rejection_blocks_run=True,
    derived=(
        (
            "_cited_as_well_formed",
            "(cited_as IS NULL OR len(list_filter(string_split(cited_as, '|'), s -> NOT "
            "regexp_full_match(trim(s), '[*]?[^*]*[^*[:space:]][^*]*[*]?'))) = 0)::INT",
        ),
        (
            # Every entry of this row is claimed by this row only: counted over the distinct
            # entries of every row, each of this row's entries is found exactly once.
            "_cited_as_own",
            f"((SELECT count(*) FROM (SELECT unnest({_entries('o.cited_as')}) AS entry "
            f"FROM {{rows}} AS o) AS claimed WHERE list_contains({_entries('cited_as')}, "
            f"claimed.entry)) = len({_entries('cited_as')}))::INT",
        ),
    ),
    expectations=expectations,
    columns=(
        Column("org_id", "Stable id chosen by the curator: lower-case letters, digits and -"),
        Column("name", "Canonical name of the organisation"),
        Column(
            "country",
            "ISO 3166-1 alpha-3 code of its country; empty for an international body or a "
            "country not established",
        ),
        Column("kind", f"What kind of body it is: one of {', '.join(KINDS)}"),
        Column(
            "cited_as",
            "Names and patterns under which figures cite it, |-separated, compared "
            "case-insensitively with the figure's cited body (source_org without relay and "
            "parentheses): an exact name, or a pattern with * at its start and/or end "
            "(suffix, prefix, contains)",
        ),
        Column("note", "Curator's remarks"),
    ),
)
