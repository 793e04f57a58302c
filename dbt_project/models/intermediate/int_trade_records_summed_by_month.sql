-- Customs records summed per file, month, reporter, partner, flow, HS chapter and currency.
-- Keeping the file in the grain makes the model incremental: a new file only adds its own
-- rows, a removed file only deletes its own.
{{ config(
    materialized='incremental',
    pre_hook="{{ ledger.drop_removed_files(ref('stg_trade_records'), 'file_sha256') }}",
    **ledger.per_file_incremental_config()
) }}

select
    file_sha256,
    period_month,
    reporter,
    partner,
    flow,
    hs_chapter,
    currency,
    sum(value) as value,
    sum(quantity) as quantity,
    count(*) as records
from {{ ref('stg_trade_records') }}
{% if is_incremental() %}
where file_sha256 not in (select distinct file_sha256 from {{ this }})
{% endif %}
group by file_sha256, period_month, reporter, partner, flow, hs_chapter, currency
