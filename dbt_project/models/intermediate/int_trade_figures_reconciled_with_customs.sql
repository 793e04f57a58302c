-- Customs totals beside the relayed figures about the same flow and period: for every figure
-- of bilateral trade between North Korea and one partner (metric bilateral_trade_value) whose
-- period runs from a month's first day to a month's last day, the partner's customs total over
-- exactly that period from each customs series of trade_mirror (UN Comtrade annual or monthly,
-- trade_records monthly) that covers every month of it, with the difference. The relayed side
-- is the figure (who relayed it, where, its root publication); the customs side is the series
-- (source, reporter, files). Only claims known by the as-of date count (the rows of
-- marts.claims); marts.trade_reconciliation shows this model.
with relayed as (
    select
        figure_id,
        category,
        case when flow_from = 'PRK' then flow_to else flow_from end as prk_partner,
        case
            when category ilike '%two_way%' then 'two_way'
            when flow_from = 'PRK' then 'prk_exports'
            else 'prk_imports'
        end as prk_flow,
        period_start,
        period_end,
        {{ dbt.datediff('period_start', dbt.dateadd('day', 1, 'period_end'), 'month') }} as months,
        value_usd_low,
        value_usd_point,
        value_usd_high,
        source_org,
        source_url,
        published_text,
        root_source_id
    from {{ ref('int_claims_enriched') }}
    where {{ known_by_as_of('known_from') }}
      and metric = 'bilateral_trade_value'
      and 'PRK' in (flow_from, flow_to)
      and flow_from <> flow_to
      and flow_from <> 'WLD' and flow_to <> 'WLD'
      and period_start = date_trunc('month', period_start)
      and period_end = last_day(period_end)
      and not coalesce(fx_unconvertible, false)
),

matched as (
    select
        r.figure_id,
        c.source,
        c.frequency,
        c.reporter,
        sum({{ dbt.datediff('c.period_start', dbt.dateadd('day', 1, 'c.period_end'), 'month') }}) as months_covered,
        count(*) as customs_periods,
        sum(case r.prk_flow
            when 'two_way' then c.prk_imports_usd + c.prk_exports_usd
            when 'prk_imports' then c.prk_imports_usd
            else c.prk_exports_usd
        end) as customs_usd,
        count(*) filter (where case r.prk_flow
            when 'two_way' then c.prk_imports_usd + c.prk_exports_usd
            when 'prk_imports' then c.prk_imports_usd
            else c.prk_exports_usd
        end is null) as periods_without_value,
        {{ ledger.join_list(ledger.sort_distinct(ledger.distinct_list(
            "concat_ws(' ', 'PRK imports ' || c.prk_imports_valuation, 'PRK exports ' || c.prk_exports_valuation)"
        )), '; ') }} as customs_valuation,
        {{ ledger.join_list(ledger.sort_distinct(ledger.distinct_list('c.total_basis')), ', ') }} as customs_total_basis,
        {{ ledger.sort_distinct(ledger.flatten_lists('c.file_hashes')) }} as customs_file_hashes
    from relayed as r
    join {{ ref('int_trade_mirrored_from_partners') }} as c
        on c.reporter = r.prk_partner
       and c.period_start >= r.period_start
       and c.period_end <= r.period_end
    group by r.figure_id, c.source, c.frequency, c.reporter
)

select
    r.figure_id,
    r.prk_partner,
    r.prk_flow,
    r.period_start,
    r.period_end,
    r.value_usd_point as relayed_usd,
    r.value_usd_low as relayed_usd_low,
    r.value_usd_high as relayed_usd_high,
    r.source_org as relayed_by,
    r.source_url as relayed_url,
    r.published_text as relayed_published_on,
    r.root_source_id as relayed_root_source_id,
    m.source as customs_source,
    m.reporter || ' customs as reported to ' || case m.source
        when 'un_comtrade' then 'UN Comtrade' else 'the trade_records extract'
    end as customs_basis,
    m.frequency as customs_frequency,
    m.customs_periods,
    m.customs_usd,
    nullif(m.customs_valuation, '') as customs_valuation,
    m.customs_total_basis,
    m.customs_file_hashes,
    r.value_usd_point - m.customs_usd as difference_usd,
    (r.value_usd_point - m.customs_usd) / nullif(m.customs_usd, 0) as difference_share,
    case when r.value_usd_point is null then
        (r.value_usd_low is null or r.value_usd_low <= m.customs_usd)
        and (r.value_usd_high is null or m.customs_usd <= r.value_usd_high)
    end as customs_within_relayed_bounds
from relayed as r
join matched as m using (figure_id)
where m.months_covered = r.months and m.periods_without_value = 0
