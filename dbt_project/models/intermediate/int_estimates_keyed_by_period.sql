-- Every estimate (see int_estimates_pooled_by_vintage) with the key of the period it refers
-- to, so that "the same period" means the same thing in comparisons, revisions, series and
-- conflicts:
--   * A partial date is the interval it names (2024 = 2024-01-01 .. 2024-12-31, 2024-06 =
--     June), so two bounds given as years or months are the same only when they name the
--     same year or month.
--   * Day-precise bounds of the same thing that lie at most var('same_day_tolerance') days
--     apart, one after the other, are one date: the key is the earliest of them (a count "to
--     29 February" and one "to 2 March" refer to the same moment).
--   * An open end ("since August 2023", no end given) ends with the publication: its end key
--     is the month the estimate was published in. An estimate with no period at all has no
--     start key and that end key, so it only ever meets undated estimates published in the
--     same month. An undated publication's open end is its own (it meets nothing else).
-- Islands are formed per state, metric, flow and unit, so a key means the same date for
-- every category and body of that thing.
{% set tolerance = var('same_day_tolerance') %}
with estimates as (
    select e.*, m.time_aggregation
    from {{ ref('int_estimates_pooled_by_vintage') }} as e
    join {{ ref('metrics') }} as m on m.metric = e.metric
),

bounds as (
    select distinct state_date, metric, flow_from, flow_to, unit, 'start' as bound, period_start as d
    from estimates where period_start is not null
    union
    select distinct state_date, metric, flow_from, flow_to, unit, 'end' as bound, period_end as d
    from estimates where period_end is not null
),

stepped as (
    select
        *,
        lag(d) over (partition by state_date, metric, flow_from, flow_to, unit, bound order by d) as previous_d
    from bounds
),

islands as (
    select
        *,
        sum(case when previous_d is null or {{ dbt.datediff('previous_d', 'd', 'day') }} > {{ tolerance }}
                 then 1 else 0 end)
            over (partition by state_date, metric, flow_from, flow_to, unit, bound order by d
                  rows unbounded preceding) as island
    from stepped
),

keys as (
    select
        state_date, metric, flow_from, flow_to, unit, bound, d,
        min(d) over (partition by state_date, metric, flow_from, flow_to, unit, bound, island) as date_key
    from islands
),

keyed as (
    select
        e.*,
        s.date_key as start_key,
        en.date_key as end_key,
        -- an open end or no period at all: the estimate runs to its publication
        case when e.period_end is null
             then {{ dbt.date_trunc('month', 'e.vintage_date') }} end as open_end_month
    from estimates as e
    left join keys as s
        on s.bound = 'start' and s.d = e.period_start and s.state_date = e.state_date
        and s.metric = e.metric and s.unit = e.unit
        and s.flow_from is not distinct from e.flow_from and s.flow_to is not distinct from e.flow_to
    left join keys as en
        on en.bound = 'end' and en.d = e.period_end and en.state_date = e.state_date
        and en.metric = e.metric and en.unit = e.unit
        and en.flow_from is not distinct from e.flow_from and en.flow_to is not distinct from e.flow_to
)

select
    *,
    period_start is not null or period_end is not null as is_dated,
    coalesce(cast(start_key as {{ dbt.type_string() }}), '…') || '/'
        || coalesce(cast(end_key as {{ dbt.type_string() }}),
                    'open, published ' || substr(cast(open_end_month as {{ dbt.type_string() }}), 1, 7),
                    'open, publication undated: ' || root_source_id)
        as period_key
from keyed
