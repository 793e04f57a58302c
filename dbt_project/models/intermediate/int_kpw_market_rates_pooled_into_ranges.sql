-- The won's market rate against the dollar and the yuan, one row per location, currency and
-- survey day, with every source's reading pooled into a range (sources disagree: NK Times'
-- readings sit far above Daily NK's on the same day). Month-dated readings are kept with
-- their precision so nothing is placed on an invented day. Only claims known by the as-of
-- date count (the rows of marts.claims); marts.kpw_market_rates shows this model.
select
    c.location,
    case c.unit when 'KPW_per_USD' then 'USD' else 'CNY' end as per_currency,
    c.period_start as observed_from,
    c.period_end as observed_to,
    c.period_start_precision as precision,
    min(c.range_low) as kpw_low,
    max(c.range_high) as kpw_high,
    count(distinct c.root_source_id) as source_count,
    {{ ledger.sorted_list('c.figure_id') }} as figure_ids
from {{ ref('int_claims_enriched') }} as c
where {{ known_by_as_of('c.known_from') }}
  and c.metric in ('kpw_usd_market_rate', 'kpw_cny_market_rate')
  and c.location is not null
  and c.period_start is not null
group by c.location, case c.unit when 'KPW_per_USD' then 'USD' else 'CNY' end, c.period_start,
    c.period_end, c.period_start_precision
