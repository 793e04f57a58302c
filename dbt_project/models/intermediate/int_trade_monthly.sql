-- Customs records summed per file, month, reporter, partner, flow, HS chapter and currency.
-- Keeping the file in the grain makes the model incremental: a new file only adds its own
-- rows, a removed file only deletes its own.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where file_sha256 not in (select distinct file_sha256 from {{ ref('stg_trade_records') }}){% endif %}"
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
group by all
