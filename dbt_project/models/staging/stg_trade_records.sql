-- Customs records as landed: typed and cleaned by the ingestion (orchestration/families/
-- trade_records.py declares each column's type and cleaning), so staging only renames.
-- Incremental: only files not seen before (by content hash) are read, and rows of files that
-- left raw/ are deleted, so a new monthly file costs work in proportion to its size.
{{ config(
    materialized='incremental',
    pre_hook="{{ ledger.drop_removed_files(source('raw', 'trade_records'), '_file_sha256') }}",
    **ledger.per_file_incremental_config()
) }}

select
    reporter,
    partner,
    flow,
    period as period_month,
    hs_code,
    left(hs_code, 2) as hs_chapter,
    commodity,
    value,
    currency,
    quantity,
    quantity_unit,
    source_org,
    source_url,
    published_on,
    _source_file as source_file,
    _source_row as source_row,
    _file_sha256 as file_sha256
from {{ source('raw', 'trade_records') }}
{% if is_incremental() %}
where _file_sha256 not in (select distinct file_sha256 from {{ this }})
{% endif %}
