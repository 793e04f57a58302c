-- official_trade_growth on a second, clearly labelled basis: North Korea's trade with each
-- reporting partner as that partner's customs record it (mirror data), calendar year over
-- previous calendar year, for years with all twelve months present.
with yearly as (
    select
        reporter,
        year(period_month) as year,
        sum(total_usd) as total_usd,
        count(distinct period_month) as months,
        {{ ledger.flatten_lists('file_hashes') }} as file_hashes
    from {{ ref('int_trade_mirrored_from_partners') }}
    where source = 'trade_records'  -- monthly records; UN Comtrade rows are another basis
    group by reporter, year(period_month)
    having count(distinct period_month) = 12
)

select
    'official_trade_growth' as measure,
    'mirror: ' || cur.reporter || ' customs' as subject,
    make_date(prev.year, 1, 1) as period_start,
    make_date(cur.year, 12, 31) as period_end,
    cur.total_usd / prev.total_usd - 1 as value_low,
    cur.total_usd / prev.total_usd - 1 as value_high,
    'fraction' as unit,
    'Mirror data (partner-reported customs, not North Korea''s own): ' || cur.reporter
    || '–PRK trade ' || cast(cur.year as {{ dbt.type_string() }}) || ' over '
    || cast(prev.year as {{ dbt.type_string() }}) || ' minus 1.' as basis,
    {{ ledger.empty_list() }} as figure_ids,
    {{ ledger.concat_lists(['prev.file_hashes', 'cur.file_hashes'], distinct=true) }} as trade_file_hashes
from yearly as cur
join yearly as prev on prev.reporter = cur.reporter and prev.year = cur.year - 1
