-- How each author's or body's estimates moved: per metric, flow and body, every vintage (root
-- publication) with its range and the change from that body's previous vintage.
select
    metric,
    flow_from,
    flow_to,
    body,
    root_source_id as source_id,
    source_title,
    vintage,
    vintage_date,
    period_start,
    period_end,
    categories,
    unit,
    value_low,
    value_high,
    lag(source_id) over w as previous_source_id,
    lag(value_low) over w as previous_value_low,
    lag(value_high) over w as previous_value_high,
    value_low - lag(value_low) over w as change_low,
    value_high - lag(value_high) over w as change_high,
    value_low / nullif(lag(value_low) over w, 0) - 1 as change_low_fraction,
    value_high / nullif(lag(value_high) over w, 0) - 1 as change_high_fraction,
    row_number() over w as vintage_number,
    figure_ids
from {{ ref('int_vintage_estimates') }}
window w as (partition by metric, flow_from, flow_to, body, unit order by vintage_date nulls first, root_source_id)
