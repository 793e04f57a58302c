-- Every name or pattern under which figures cite a registered organisation (its cited_as
-- entries, split at |), lower-cased for the case-insensitive match, with how it matches:
-- "X" exact, "X*" prefix, "*X" suffix, "*X*" contains.
with entries as (
    select
        org_id,
        {{ ledger.split_to_rows('cited_as', '|') }} as entry
    from {{ ref('stg_organisations') }}
),

trimmed as (
    select org_id, trim(entry) as cited_as_entry
    from entries
)

select
    org_id,
    cited_as_entry,
    case
        when cited_as_entry like '*%*' then 'contains'
        when cited_as_entry like '*%' then 'suffix'
        when cited_as_entry like '%*' then 'prefix'
        else 'exact'
    end as match_kind,
    lower(trim(replace(cited_as_entry, '*', ''))) as match_text
from trimmed
where trim(replace(cited_as_entry, '*', '')) <> ''
