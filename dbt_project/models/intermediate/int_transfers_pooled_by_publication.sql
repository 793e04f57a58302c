-- What each root publication says about the value flowing between North Korea and Russia,
-- one row per state of knowledge, publication, direction, metric and category. Reports
-- relaying one study are combined by the envelope rule: the lowest low and the highest high
-- any report gives, so rounding differences (1.19 vs 1.2 bn) widen the range instead of
-- picking one report. Values are in US dollars whatever the currency published (see
-- int_figures_converted_to_usd).
select
    c.state_date,
    c.root_source_id,
    lower(c.flow_from) || '_to_' || lower(c.flow_to) as direction,
    c.metric,
    c.category,
    min(c.range_usd_low) as usd_low,
    max(c.range_usd_high) as usd_high,
    min(c.period_start) as period_start,
    max(c.period_end) as period_end,
    {{ ledger.sorted_list('c.figure_id') }} as figure_ids
from {{ ref('int_claims_listed_per_state') }} as c
join {{ ref('metrics') }} as m on m.metric = c.metric
where m.balance_role = 'transfer'
  and c.quantity_kind = 'money'
  and not c.fx_unconvertible
  and ((c.flow_from = 'PRK' and c.flow_to = 'RUS') or (c.flow_from = 'RUS' and c.flow_to = 'PRK'))
group by c.state_date, c.root_source_id, lower(c.flow_from) || '_to_' || lower(c.flow_to), c.metric, c.category
