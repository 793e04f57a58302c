-- North Korea's trade reconstructed from its partners' customs (mirror data), per period and
-- reporting partner, in US dollars, seen from North Korea's side: what a partner exports to
-- North Korea counts as North Korean imports, what it imports from North Korea as North Korean
-- exports. Two sources, kept apart by `source`:
--   * trade_records: monthly customs records; non-USD values convert at the ECB rate of the
--     month's last day (at most 7 days back), else stay NULL;
--   * un_comtrade: UN Comtrade downloads (annual or monthly, already in USD), one total per
--     flow and period counted once (int_comtrade_totals); the partner's exports are valued
--     FOB at its border, its imports CIF.
with monthly as (
    select
        m.period_month,
        m.reporter,
        m.flow,
        m.currency,
        sum(m.value) as value,
        sum(m.records) as records,
        list(distinct m.file_sha256) as file_hashes
    from {{ ref('int_trade_monthly') }} as m
    where m.partner = 'PRK' and m.reporter <> 'PRK'
    group by all
),

converted as (
    select
        m.*,
        case
            when m.currency = 'USD' then m.value
            when date_diff('day', r.rate_date, last_day(m.period_month)) <= {{ var('fx_max_days_back') }}
                then m.value * r.usd_per_unit
        end as value_usd
    from monthly as m
    asof left join {{ ref('int_fx_usd_rates') }} as r
        on r.currency = m.currency and last_day(m.period_month) >= r.rate_date
),

trade_records as (
    select
        'trade_records' as source,
        'month' as frequency,
        period_month,
        period_month as period_start,
        last_day(period_month) as period_end,
        reporter,
        reporter as prk_partner,
        sum(value_usd) filter (where flow = 'export') as prk_imports_usd,
        sum(value_usd) filter (where flow = 'import') as prk_exports_usd,
        sum(value_usd) as total_usd,
        null::varchar as prk_imports_valuation,
        null::varchar as prk_exports_valuation,
        'sum of records' as total_basis,
        sum(records) as records,
        count(*) filter (where value_usd is null) as unconverted_groups,
        list_sort(list_distinct(flatten(list(file_hashes)))) as file_hashes
    from converted
    group by period_month, reporter
),

comtrade as (
    select
        'un_comtrade' as source,
        frequency,
        period_start as period_month,
        period_start,
        period_end,
        reporter,
        reporter as prk_partner,
        sum(primary_value_usd) filter (where flow_code = 'X') as prk_imports_usd,
        sum(primary_value_usd) filter (where flow_code = 'M') as prk_exports_usd,
        sum(primary_value_usd) as total_usd,
        any_value(valuation) filter (where flow_code = 'X') as prk_imports_valuation,
        any_value(valuation) filter (where flow_code = 'M') as prk_exports_valuation,
        string_agg(distinct total_basis, ', ' order by total_basis) as total_basis,
        count(*)::hugeint as records,
        0 as unconverted_groups,
        list_sort(list_distinct(list(file_sha256))) as file_hashes
    from {{ ref('int_comtrade_totals') }}
    where partner = 'PRK' and reporter <> 'PRK' and type_code = 'C' and flow_code in ('X', 'M')
    group by frequency, period_start, period_end, reporter
)

select * from trade_records
union all by name
select * from comtrade
