-- Competing estimates side by side: per metric and flow, estimates whose periods overlap form
-- one comparison; each root publication is one row (relays counted once), with the
-- comparison's envelope (lowest low, highest high) and spread.
with ordered as (
    select
        *,
        max(period_end) over (
            partition by metric, flow_from, flow_to, unit
            order by period_start, period_end, root_source_id
            rows between unbounded preceding and 1 preceding
        ) as previous_max_end
    from {{ ref('int_vintage_estimates') }}
    where period_start is not null and period_end is not null
),

numbered as (
    select
        *,
        sum(case when previous_max_end is null or period_start > previous_max_end then 1 else 0 end)
            over (partition by metric, flow_from, flow_to, unit
                  order by period_start, period_end, root_source_id
                  rows unbounded preceding) as overlap_group
    from ordered
),

compared as (
    select
        *,
        count(*) over g as sources_compared,
        min(value_low) over g as envelope_low,
        max(value_high) over g as envelope_high,
        min(period_start) over g as group_period_start,
        max(period_end) over g as group_period_end
    from numbered
    window g as (partition by metric, flow_from, flow_to, unit, overlap_group)
)

select
    metric || ':' || coalesce(flow_from, '') || '>' || coalesce(flow_to, '') || ':' || unit || ':'
        || overlap_group::varchar as comparison_id,
    metric,
    flow_from,
    flow_to,
    group_period_start as comparison_period_start,
    group_period_end as comparison_period_end,
    sources_compared,
    root_source_id as source_id,
    source_title,
    body,
    method,
    vintage,
    vintage_date,
    period_start,
    period_end,
    categories,
    unit,
    value_low,
    value_high,
    envelope_low,
    envelope_high,
    envelope_high - envelope_low as spread,
    envelope_high / nullif(envelope_low, 0) as spread_ratio,
    figure_ids
from compared
