-- One estimate per state of knowledge, root publication (vintage) and identity. An
-- estimate's identity is what it measures (metric, flow, category, unit dimension) and the
-- period it refers to: within one vintage, figures for different periods or categories are
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
        end as high
    from {{ ref('int_claim_states') }} as c
    join {{ ref('metrics') }} as m on m.metric = c.metric
    -- market series are compared survey by survey in kpw_market_rates, not here
    where m.domain not in ('market_rates', 'market_prices')
      and not coalesce(c.fx_unconvertible, false)
),

periods as (
    select
        *,
        count(distinct case when period_start is not null or period_end is not null
                            then coalesce(period_start::varchar, '') || '/' || coalesce(period_end::varchar, '') end)
            over same_thing as dated_periods,
        max(period_start) over same_thing as only_start,
        max(period_end) over same_thing as only_end
    from claims
    window same_thing as (partition by state_date, root_source_id, metric, flow_from, flow_to,
                                       category, unit_dimension)
),

identified as (
    select
        * replace (
            case when period_start is null and period_end is null and dated_periods = 1
                 then only_start else period_start end as period_start,
            case when period_start is null and period_end is null and dated_periods = 1
                 then only_end else period_end end as period_end
        )
    from periods
)

select
    state_date,
    metric,
    flow_from,
    flow_to,
    category,
    unit_dimension as unit,
    period_start,
    period_end,
    root_source_id,
    any_value(root_title) as source_title,
    any_value(root_org) as body,
    any_value(root_method) as method,
    any_value(vintage_text) as vintage,
    any_value(vintage_date) as vintage_date,
    any_value(known_from) as known_from,
    -- the date the estimate refers to: its period, else its start, else its publication
    coalesce(period_start, period_end, any_value(vintage_date)) as reference_start,
    coalesce(period_end, period_start, any_value(known_from)) as reference_end,
    case
        when period_start is not null and period_end is not null then 'period'
        when period_start is not null then 'period start (open end)'
        when period_end is not null then 'period end (open start)'
        else 'publication date (no period given)'
    end as reference_basis,
    min(low) as value_low,
    max(high) as value_high,
    list(figure_id order by figure_id) as figure_ids
from identified
group by state_date, metric, flow_from, flow_to, category, unit_dimension, period_start,
    period_end, root_source_id
