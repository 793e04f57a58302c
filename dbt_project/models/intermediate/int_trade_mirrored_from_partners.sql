-- North Korea's trade reconstructed from its partners' customs (mirror data), per period and
-- reporting partner, in US dollars, seen from North Korea's side: what a partner exports to
-- North Korea counts as North Korean imports, what it imports from North Korea as North Korean
-- exports. Two sources, kept apart by `source`:
--   * trade_records: monthly customs records; non-USD values convert at the ECB rate of the
--     month's last day (at most 7 days back), else stay NULL;
--   * un_comtrade: UN Comtrade downloads (annual or monthly, already in USD), one total per
--     flow and period counted once (int_comtrade_totals_counted_once); the partner's exports are valued
--     FOB at its border, its imports CIF.
with monthly as (
    select
        m.period_month,
        m.reporter,
        m.flow,
        m.currency,
        sum(m.value) as value,
        sum(m.records) as records,
        {{ ledger.distinct_list('m.file_sha256') }} as file_hashes
    from {{ ref('int_trade_records_summed_by_month') }} as m
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
    {{ ledger.asof_left_join(ref('int_ecb_rates_crossed_to_usd'), 'r', 'r.currency = m.currency', 'last_day(m.period_month)', 'rate_date', 'currency') }}
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
        cast(null as {{ dbt.type_string() }}) as prk_imports_valuation,
        cast(null as {{ dbt.type_string() }}) as prk_exports_valuation,
        'sum of records' as total_basis,
        sum(records) as records,
        count(*) filter (where value_usd is null) as unconverted_groups,
        {{ ledger.sort_distinct(ledger.flatten_lists('file_hashes')) }} as file_hashes
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
        {{ ledger.any_value('valuation') }} filter (where flow_code = 'X') as prk_imports_valuation,
        {{ ledger.any_value('valuation') }} filter (where flow_code = 'M') as prk_exports_valuation,
        {{ ledger.join_list(ledger.sort_distinct(ledger.distinct_list('total_basis')), ', ') }} as total_basis,
        cast(count(*) as {{ dbt.type_bigint() }}) as records,
        0 as unconverted_groups,
        {{ ledger.sort_distinct(ledger.distinct_list('file_sha256')) }} as file_hashes
    from {{ ref('int_comtrade_totals_counted_once') }}
    where partner = 'PRK' and reporter <> 'PRK' and type_code = 'C' and flow_code in ('X', 'M')
    group by frequency, period_start, period_end, reporter
)

-- same columns in the same order: Spark unions by position
select * from trade_records
union all
select * from comtrade
