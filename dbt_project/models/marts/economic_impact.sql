-- What the partnership means for North Korea's economy, in long format: one row per
-- measure, subject (a source or a city) and period, with the basis in words and the
-- figures it rests on.
{% set parts = ['int_impact_arms_share', 'int_impact_trade_growth', 'int_impact_market_change', 'int_impact_meetings'] %}
{% for part in parts %}
select measure, subject, period_start, period_end, value_low, value_high, unit, basis, figure_ids
from {{ ref(part) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
