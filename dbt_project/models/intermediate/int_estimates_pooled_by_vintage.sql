-- One estimate per state of knowledge, root publication (vintage) and identity. An
-- estimate's identity is what it measures (metric, flow, category, unit dimension, location)
-- and the period it refers to: within one vintage, figures for different periods or categories are
-- different estimates, never one range. Reports relaying one publication are pooled by the
-- envelope rule (lowest low, highest high); a relay that gives no period at all joins the
-- publication's dated estimate when there is exactly one. Money is in US dollars (rates as
-- USD_per_<per>), shares in percent become fractions, everything else keeps its unit.
with claims as (
    select
        c.*,
        case
            when c.quantity_kind = 'money' then 'USD'
            when c.quantity_kind = 'money_rate' then 'USD_per_' || c.unit_per
            when c.quantity_kind = 'percent' then 'fraction'
            else c.unit
        end as unit_dimension,
        case
            when c.quantity_kind in ('money', 'money_rate') then c.range_usd_low
            when c.quantity_kind = 'percent' then round(c.range_low / 100, 12)
            else c.range_low
        end as low,
        case
            when c.quantity_kind in ('money', 'money_rate') then c.range_usd_high
            when c.quantity_kind = 'percent' then round(c.range_high / 100, 12)
            else c.range_high
        end as high,
        -- One body per root publication: its relays may cite it differently; a registered
        -- organisation wins over a derived body, then the smallest id (deterministic).
        first_value(c.body_id) over publication as publication_body_id,
        first_value(c.body) over publication as publication_body
    from {{ ref('int_claims_listed_per_state') }} as c
    join {{ ref('metrics') }} as m on m.metric = c.metric
    -- market series are compared survey by survey in kpw_market_rates, not here
    where m.domain not in ('market_rates', 'market_prices')
      and not coalesce(c.fx_unconvertible, false)
    window publication as (
        partition by c.state_date, c.root_source_id
        order by case when c.body_registered then 0 else 1 end, c.body_id nulls last, c.body nulls last
        rows between unbounded preceding and unbounded following)
),

periods as (
    select
        *,
        {{ ledger.count_distinct_over(
            "case when period_start is not null or period_end is not null then coalesce(cast(period_start as "
            ~ dbt.type_string() ~ "), '') || '/' || coalesce(cast(period_end as " ~ dbt.type_string() ~ "), '') end",
            'same_thing') }} as dated_periods,
        max(period_start) over same_thing as only_start,
        max(period_end) over same_thing as only_end
    from claims
    window same_thing as (partition by state_date, root_source_id, metric, flow_from, flow_to,
                                       category, unit_dimension, location)
),

-- A relay without any period joins the publication's only dated period.
identified as (
    select
        *,
        case when period_start is null and period_end is null and dated_periods = 1
             then only_start else period_start end as identified_start,
        case when period_start is null and period_end is null and dated_periods = 1
             then only_end else period_end end as identified_end
    from periods
)

select
    state_date,
    metric,
    flow_from,
    flow_to,
    category,
    location,
    unit_dimension as unit,
    identified_start as period_start,
    identified_end as period_end,
    root_source_id,
    {{ ledger.any_value('root_title') }} as source_title,
    -- the organisation behind the estimate, whoever relayed it (int_figures_attributed_to_bodies)
    {{ ledger.any_value('publication_body_id') }} as body_id,
    {{ ledger.any_value('publication_body') }} as body,
    {{ ledger.any_value('root_method') }} as method,
    {{ ledger.any_value('vintage_text') }} as vintage,
    {{ ledger.any_value('vintage_date') }} as vintage_date,
    {{ ledger.any_value('known_from') }} as known_from,
    -- the date the estimate refers to: its period, else its start, else its publication
    coalesce(identified_start, identified_end, {{ ledger.any_value('vintage_date') }}) as reference_start,
    coalesce(identified_end, identified_start, {{ ledger.any_value('known_from') }}) as reference_end,
    case
        when identified_start is not null and identified_end is not null then 'period'
        when identified_start is not null then 'period start (open end)'
        when identified_end is not null then 'period end (open start)'
        else 'publication date (no period given)'
    end as reference_basis,
    min(low) as value_low,
    max(high) as value_high,
    {{ ledger.sorted_list('figure_id') }} as figure_ids
from identified
group by state_date, metric, flow_from, flow_to, category, location, unit_dimension,
    identified_start, identified_end, root_source_id
