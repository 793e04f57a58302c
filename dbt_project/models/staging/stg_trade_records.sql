-- Customs records, typed. Incremental: only files not seen before (by content hash) are
-- read, and rows of files that left raw/ are deleted, so a new monthly file costs work in
-- proportion to its size.
{{ config(
    materialized='incremental',
    pre_hook="{{ ledger.drop_removed_files(source('raw', 'trade_records'), '_file_sha256') }}",
    **ledger.per_file_incremental_config()
) }}

select
    upper(trim(reporter)) as reporter,
    upper(trim(partner)) as partner,
    lower(trim(flow)) as flow,
    {{ ledger.parse_date('trim(period)', 'YYYY-MM', strict=true) }} as period_month,
    trim(hs_code) as hs_code,
    left(trim(hs_code), 2) as hs_chapter,
    nullif(trim(commodity), '') as commodity,
    cast(trim(value) as double) as value,
    upper(trim(currency)) as currency,
    try_cast(trim(quantity) as double) as quantity,
    nullif(trim(quantity_unit), '') as quantity_unit,
    nullif(trim(source_org), '') as source_org,
    nullif(trim(source_url), '') as source_url,
    nullif(trim(published_on), '') as published_on,
    _source_file as source_file,
    _source_row as source_row,
    _file_sha256 as file_sha256
from {{ source('raw', 'trade_records') }}
{% if is_incremental() %}
where _file_sha256 not in (select distinct file_sha256 from {{ this }})
{% endif %}
