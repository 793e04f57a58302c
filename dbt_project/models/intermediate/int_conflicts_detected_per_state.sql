-- Where sources contradict arithmetic that must hold, in every state of knowledge. A conflict
-- is information for readers, not an error in the data: both figures stay published.
--   whole_below_part  a flow (metrics.time_aggregation = flow, never negative) over a period
--                     cannot be smaller than the same flow over a part of that period: the
--                     same thing (metric, flow, category, unit, location), the part's period
--                     inside the whole's by their keys (int_estimates_keyed_by_period) and not
--                     the same period, and the whole's highest value below the part's lowest.
--                     FNF's 52.9 m USD for Russia–North Korea trade in January–June 2024 and
--                     34.0 m USD for all of 2024 cannot both hold.
-- gap is the part's low minus the whole's high (in the unit), gap_fraction the gap over the
-- whole's high. Bodies may be the same (a count that shrinks over time) or different; each
-- body's latest estimate of a period stands for it.
with flows as (
    select *
    from {{ ref('int_estimates_keyed_by_period') }}
    where time_aggregation = 'flow' and start_key is not null and end_key is not null
    -- one estimate per body, thing and period: the body's latest (its relays and repetitions
    -- would otherwise repeat the same conflict)
    qualify row_number() over (
        partition by state_date, body_id, metric, flow_from, flow_to, category, location, unit, period_key
        order by vintage_date desc nulls last, root_source_id desc) = 1
)

select
    w.state_date,
    'whole_below_part' as rule,
    w.metric || ':' || coalesce(w.flow_from, '') || '>' || coalesce(w.flow_to, '') || ':'
        || coalesce(w.category, '') || ':' || w.unit || coalesce(':' || w.location, '') || ':'
        || w.body_id || ':' || w.period_key || '<' || p.body_id || ':' || p.period_key
        as conflict_id,
    w.metric,
    w.flow_from,
    w.flow_to,
    w.category,
    w.location,
    w.unit,
    w.root_source_id as whole_source_id,
    w.body_id as whole_body_id,
    w.body as whole_body,
    w.source_title as whole_source_title,
    w.vintage as whole_vintage,
    w.period_start as whole_period_start,
    w.period_end as whole_period_end,
    w.value_low as whole_value_low,
    w.value_high as whole_value_high,
    w.figure_ids as whole_figure_ids,
    p.root_source_id as part_source_id,
    p.body_id as part_body_id,
    p.body as part_body,
    p.source_title as part_source_title,
    p.vintage as part_vintage,
    p.period_start as part_period_start,
    p.period_end as part_period_end,
    p.value_low as part_value_low,
    p.value_high as part_value_high,
    p.figure_ids as part_figure_ids,
    p.value_low - w.value_high as gap,
    (p.value_low - w.value_high) / nullif(w.value_high, 0) as gap_fraction,
    {{ ledger.concat_lists(['w.figure_ids', 'p.figure_ids'], distinct=true) }} as figure_ids
from flows as w
join flows as p
    on {{ same_thing('p', 'w') }}
    and p.start_key >= w.start_key
    and p.end_key <= w.end_key
    and not (p.start_key = w.start_key and p.end_key = w.end_key)
where w.value_high < p.value_low
