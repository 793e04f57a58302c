-- What the partnership means for North Korea's economy, in every state of knowledge: the
-- measures of the int_*_measured models in long format. not_computed_reason is set where a
-- measure cannot be computed for a claim (economic_impact leaves those rows out,
-- not_computed lists them). Mirror-data growth rests on trade files, not on publications, so
-- it is the same in every state.
{% set parts = ['int_arms_share_measured', 'int_trade_growth_measured', 'int_market_change_measured', 'int_meetings_measured'] %}
{% set with_reason = ['int_arms_share_measured', 'int_meetings_measured'] %}
{% for part in parts %}
select state_date, measure, subject, period_start, period_end, value_low, value_high, unit, basis,
    figure_ids, {{ ledger.null_list() }} as trade_file_hashes,
    coalesce({{ 'not_computed_reason' if part in with_reason else 'cast(null as ' ~ dbt.type_string() ~ ')' }},
             case when value_low is null and value_high is null
                  then 'neither bound can be computed from the published bounds' end,
             case when basis is null then 'no basis could be stated' end) as not_computed_reason
from {{ ref(part) }}
union all
{% endfor %}
select s.state_date, m.measure, m.subject, m.period_start, m.period_end, m.value_low, m.value_high,
    m.unit, m.basis, m.figure_ids, m.trade_file_hashes,
    cast(null as {{ dbt.type_string() }}) as not_computed_reason
from {{ ref('int_mirror_trade_growth_measured') }} as m
cross join {{ ref('int_knowledge_states_listed') }} as s
