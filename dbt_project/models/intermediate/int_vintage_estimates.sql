-- One estimate per root publication (vintage), metric and flow: reports of one study pooled
-- by the envelope rule, money in US dollars, everything else in its own unit.
select
    c.metric,
    c.flow_from,
    c.flow_to,
    c.root_source_id,
    any_value(c.root_title) as source_title,
    any_value(c.root_org) as body,
    any_value(c.root_method) as method,
    any_value(c.vintage) as vintage,
    any_value(c.vintage_date) as vintage_date,
    case when c.quantity_kind in ('money', 'money_rate') then 'USD' else c.unit end as unit,
    min(c.period_start_date) as period_start,
    max(c.period_end_date) as period_end,
    min(case when c.quantity_kind in ('money', 'money_rate') then c.range_usd_low else c.range_low end) as value_low,
    max(case when c.quantity_kind in ('money', 'money_rate') then c.range_usd_high else c.range_high end) as value_high,
    string_agg(distinct c.category, ', ' order by c.category) as categories,
    list(c.figure_id order by c.figure_id) as figure_ids
from {{ ref('claims') }} as c
join {{ ref('metrics') }} as m on m.metric = c.metric
-- market series are compared survey by survey in kpw_market_rates, not here
where m.domain not in ('market_rates', 'market_prices')
  and not coalesce(c.fx_unconvertible, false)
group by c.metric, c.flow_from, c.flow_to, c.root_source_id,
    case when c.quantity_kind in ('money', 'money_rate') then 'USD' else c.unit end
