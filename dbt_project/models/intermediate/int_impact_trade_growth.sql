-- Growth of official Russia–North Korea trade, per root publication: each period's value
-- annualised, compared with the same publication's previous (earlier, non-overlapping)
-- period: growth = current per year ÷ previous per year − 1, in interval arithmetic.
with trade as (
    select
        root_source_id,
        any_value(root_title) as subject,
        period_start_date,
        period_end_date,
        min(range_usd_low) as usd_low,
        max(range_usd_high) as usd_high,
        list(figure_id order by figure_id) as figure_ids
    from {{ ref('claims') }}
    where metric = 'bilateral_trade_value'
      and category = 'official_trade_total_two_way'
      and quantity_kind = 'money' and not fx_unconvertible
      and ((flow_from = 'PRK' and flow_to = 'RUS') or (flow_from = 'RUS' and flow_to = 'PRK'))
      and period_start_date is not null and period_end_date is not null
    group by root_source_id, period_start_date, period_end_date
),

annualised as (
    select
        *,
        {{ period_years('period_start_date', 'period_end_date') }} as years,
        usd_low / {{ period_years('period_start_date', 'period_end_date') }} as per_year_low,
        usd_high / {{ period_years('period_start_date', 'period_end_date') }} as per_year_high
    from trade
),

paired as (
    select
        cur.subject,
        prev.period_start_date as prev_start,
        prev.period_end_date as prev_end,
        cur.period_start_date as cur_start,
        cur.period_end_date as cur_end,
        cur.per_year_low / prev.per_year_high - 1 as value_low,
        cur.per_year_high / prev.per_year_low - 1 as value_high,
        prev.usd_low as prev_low,
        prev.usd_high as prev_high,
        cur.usd_low as cur_low,
        cur.usd_high as cur_high,
        list_sort(list_concat(prev.figure_ids, cur.figure_ids)) as figure_ids,
        row_number() over (
            partition by cur.root_source_id, cur.period_start_date, cur.period_end_date
            order by prev.period_end_date desc, prev.period_start_date desc
        ) as nearest
    from annualised as cur
    join annualised as prev
        on prev.root_source_id = cur.root_source_id
        and prev.period_end_date < cur.period_start_date
)

select
    'official_trade_growth' as measure,
    subject,
    prev_start as period_start,
    cur_end as period_end,
    value_low,
    value_high,
    'fraction' as unit,
    'Official Russia–North Korea trade ' || {{ fmt_range('cur_low', 'cur_high', 1e6, 1) }} || ' m USD ('
    || cur_start::varchar || '–' || cur_end::varchar || ') against '
    || {{ fmt_range('prev_low', 'prev_high', 1e6, 1) }} || ' m USD (' || prev_start::varchar || '–'
    || prev_end::varchar || '), both annualised; growth = current ÷ previous − 1.' as basis,
    figure_ids
from paired
where nearest = 1
