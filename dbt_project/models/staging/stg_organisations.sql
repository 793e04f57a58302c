-- The organisations registry as written: text trimmed, empty fields NULL. The cited_as entries
-- are listed one per row in int_organisation_names_listed.
with source as (
    select * from {{ source('raw', 'organisations') }}
)

select
    trim(org_id) as org_id,
    nullif(trim(name), '') as name,
    nullif(trim(country), '') as country,
    nullif(trim(kind), '') as kind,
    nullif(trim(cited_as), '') as cited_as,
    nullif(trim(note), '') as note,
    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from source
