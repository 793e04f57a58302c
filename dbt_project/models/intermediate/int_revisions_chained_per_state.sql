-- How each body's estimates moved, in every state of knowledge: every estimate (see
-- int_estimates_pooled_by_vintage for its identity) with the estimate of an earlier vintage by
-- the same body that it follows. The body is the organisation the estimate comes from, never
-- the outlet that relayed it (int_claims_enriched.body_id), so one ministry's count relayed by
-- four outlets is one chain. Periods are compared by their keys (int_estimates_keyed_by_period:
-- the same year, month, or day-precise dates a few days apart). Preferred, in this order:
--   revision   the same identity (metric, flow, category, unit, location) and the same period;
--   extension  the same identity and period start, a later end: a count "since August 2023"
--              to October 2023, then to February 2024; a January–November total, then the
--              full year (change_* stays NULL: the two totals are not of one period);
--   scope_change / period_change / scope_and_period_change
--              the same metric, flow and unit with an overlapping period (the date it refers
--              to: period, else start, else publication) but another category or period: the
--              columns scope_changed, period_changed and previous_* say what changed.
-- change_* is the difference to that previous estimate; NULL for an extension and a first
-- estimate.
with estimates as (
    select * from {{ ref('int_estimates_keyed_by_period') }}
),

candidates as (
    select
        e.state_date,
        e.root_source_id,
        e.metric, e.flow_from, e.flow_to, e.category, e.location, e.unit, e.period_start,
        e.period_end,
        p.root_source_id as previous_source_id,
        p.vintage as previous_vintage,
        p.vintage_date as previous_vintage_date,
        p.category as previous_category,
        p.period_start as previous_period_start,
        p.period_end as previous_period_end,
        p.value_low as previous_value_low,
        p.value_high as previous_value_high,
        case
            when p.category is not distinct from e.category
             and p.period_key = e.period_key then 'revision'
            when p.category is not distinct from e.category
             and p.start_key = e.start_key
             and coalesce(p.end_key, p.vintage_date) < coalesce(e.end_key, e.vintage_date) then 'extension'
            when p.category is distinct from e.category
             and p.period_key <> e.period_key then 'scope_and_period_change'
            when p.category is distinct from e.category then 'scope_change'
            else 'period_change'
        end as change_kind
    from estimates as e
    join estimates as p
        on {{ same_thing('p', 'e', with_category=false) }}
        and p.body_id = e.body_id
        -- an undated publication cannot be placed in time: it starts no chain and joins none
        and (p.vintage_date < e.vintage_date
             or (p.vintage_date = e.vintage_date and p.root_source_id < e.root_source_id))
        and (p.period_key = e.period_key
             or p.start_key = e.start_key
             or (p.reference_start <= e.reference_end and e.reference_start <= p.reference_end))
),

chosen as (
    select *
    from candidates
    qualify row_number() over (
        partition by state_date, root_source_id, metric, flow_from, flow_to, category, location,
                     unit, period_start, period_end
        order by case change_kind when 'revision' then 1 when 'extension' then 2
                                  when 'period_change' then 3 when 'scope_change' then 4 else 5 end,
                 previous_vintage_date desc nulls last, previous_source_id desc,
                 previous_category nulls last, previous_period_start nulls last,
                 previous_period_end nulls last
    ) = 1
)

select
    e.state_date,
    e.metric,
    e.flow_from,
    e.flow_to,
    e.body_id,
    e.body,
    e.root_source_id as source_id,
    e.source_title,
    e.vintage,
    e.vintage_date,
    e.category,
    e.location,
    e.period_start,
    e.period_end,
    e.period_key,
    e.unit,
    e.value_low,
    e.value_high,
    coalesce(c.change_kind, 'first_estimate') as change_kind,
    c.change_kind in ('scope_change', 'scope_and_period_change') as scope_changed,
    c.change_kind in ('period_change', 'scope_and_period_change', 'extension') as period_changed,
    c.previous_source_id,
    c.previous_vintage,
    c.previous_category,
    c.previous_period_start,
    c.previous_period_end,
    c.previous_value_low,
    c.previous_value_high,
    case when c.change_kind <> 'extension' then e.value_low - c.previous_value_low end as change_low,
    case when c.change_kind <> 'extension' then e.value_high - c.previous_value_high end as change_high,
    case when c.change_kind <> 'extension'
         then e.value_low / nullif(c.previous_value_low, 0) - 1 end as change_low_fraction,
    case when c.change_kind <> 'extension'
         then e.value_high / nullif(c.previous_value_high, 0) - 1 end as change_high_fraction,
    dense_rank() over (
        partition by e.state_date, e.metric, e.flow_from, e.flow_to, e.body_id, e.unit
        order by e.vintage_date nulls first, e.root_source_id
    ) as vintage_number,
    e.figure_ids
from estimates as e
left join chosen as c
    on {{ same_thing('c', 'e') }}
    and c.root_source_id = e.root_source_id
    and c.period_start is not distinct from e.period_start
    and c.period_end is not distinct from e.period_end
