-- Flows counted from one start to ever later ends, in every state of knowledge: a series
-- growing over time ("containers since August 2023": 1,000 to October 2023, 6,700 to February
-- 2024, 10,000 to June 2024, ...). These are never a disagreement between sources, so they are
-- shown here instead of as a spread in the comparisons. A series is one thing (metric, flow,
-- category, unit, location) with one start key (int_estimates_keyed_by_period) and at least
-- two different ends; every body's estimate of it is a point, so one body's count can be read
-- against another's. An open end ("since August 2023", published in March 2025) ends on the
-- publication date (end_basis says which). Flows only (metrics.time_aggregation): levels and
-- ratios do not accumulate.
with points as (
    select
        *,
        coalesce(end_key, vintage_date) as as_of_end,
        case when end_key is not null then 'period end' else 'publication date (open end)' end as end_basis,
        metric || ':' || coalesce(flow_from, '') || '>' || coalesce(flow_to, '') || ':'
            || coalesce(category, '') || ':' || unit || coalesce(':' || location, '')
            || ':from ' || cast(start_key as {{ dbt.type_string() }}) as series_id
    from {{ ref('int_estimates_keyed_by_period') }}
    -- an open end of an undated publication has no date to put the point at
    where time_aggregation = 'flow' and start_key is not null
      and coalesce(end_key, vintage_date) is not null
),

counted as (
    select
        *,
        {{ ledger.count_distinct_over('as_of_end', 'series') }} as ends_in_series
    from points
    window series as (partition by state_date, series_id)
)

select
    state_date,
    series_id,
    metric,
    flow_from,
    flow_to,
    category,
    location,
    unit,
    start_key as series_start,
    as_of_end,
    end_basis,
    dense_rank() over (partition by state_date, series_id order by as_of_end) as point_number,
    ends_in_series as points_in_series,
    body_id,
    body,
    root_source_id as source_id,
    source_title,
    vintage,
    vintage_date,
    period_start,
    period_end,
    value_low,
    value_high,
    figure_ids
from counted
where ends_in_series >= 2
