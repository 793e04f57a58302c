-- North Korea's trade reconstructed from its partners' customs (mirror data), per month and
-- reporting partner, in US dollars: what a partner exports to North Korea counts as North
-- Korean imports, what it imports from North Korea as North Korean exports. Non-USD values
-- convert at the ECB rate of the month's last day (at most 7 days back), else stay NULL.
with monthly as (
    select
        m.period_month,
        m.reporter,
        m.flow,
        m.currency,
        sum(m.value) as value,
        sum(m.records) as records,
        {{ ledger.distinct_list('m.file_sha256') }} as file_hashes
    from {{ ref('int_trade_monthly') }} as m
    where m.partner = 'PRK' and m.reporter <> 'PRK'
    group by m.period_month, m.reporter, m.flow, m.currency
),

converted as (
    select
        m.*,
        case
            when m.currency = 'USD' then m.value
            when {{ dbt.datediff('r.rate_date', 'last_day(m.period_month)', 'day') }} <= {{ var('fx_max_days_back') }}
                then m.value * r.usd_per_unit
        end as value_usd
    from monthly as m
    {{ ledger.asof_left_join(ref('int_fx_usd_rates'), 'r', 'r.currency = m.currency', 'last_day(m.period_month)', 'rate_date', 'currency') }}
)

select
    period_month,
    reporter,
    sum(value_usd) filter (where flow = 'export') as prk_imports_usd,
    sum(value_usd) filter (where flow = 'import') as prk_exports_usd,
    sum(value_usd) as total_usd,
    sum(records) as records,
    count(*) filter (where value_usd is null) as unconverted_groups,
    {{ ledger.sort_distinct(ledger.flatten_lists('file_hashes')) }} as file_hashes
from converted
group by period_month, reporter
