-- Market won per dollar by location and survey day (several sources pooled to their mean),
-- from day-dated surveys only: the rates North Korean won amounts convert at.
select
    nullif(trim(location), '') as location,
    period_start_date as observed_on,
    avg((coalesce(value_low, value_point) + coalesce(value_high, value_point)) / 2) as kpw_per_usd,
    {{ ledger.sorted_list('figure_id') }} as figure_ids
from {{ ref('int_figures_typed') }}
where metric = 'kpw_usd_market_rate'
  and unit = 'KPW_per_USD'
  and period_start_precision = 'day'
  and location is not null
group by nullif(trim(location), ''), period_start_date
