-- What the partnership means for North Korea's economy, in long format: one row per
-- measure, subject (a source, a location, or a partner's customs) and period, with the basis
-- in words and what it rests on: figure_ids, or for mirror-data rows the trade files
-- (trade_file_hashes, see raw.trade_records._file_sha256).
{% set parts = ['int_impact_arms_share', 'int_impact_trade_growth', 'int_impact_market_change', 'int_impact_meetings'] %}
{% for part in parts %}
select measure, subject, period_start, period_end, value_low, value_high, unit, basis, figure_ids,
    null::varchar[] as trade_file_hashes
from {{ ref(part) }}
union all
{% endfor %}
select measure, subject, period_start, period_end, value_low, value_high, unit, basis, figure_ids,
    trade_file_hashes
from {{ ref('int_impact_mirror_trade_growth') }}
