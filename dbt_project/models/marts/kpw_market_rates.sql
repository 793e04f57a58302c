-- The won's market rate against the dollar and the yuan, as of the as-of date: one row per
-- location, currency and survey day, every source's reading pooled into a range (see
-- int_kpw_market_rates_pooled_into_ranges for the rules).
select * from {{ ref('int_kpw_market_rates_pooled_into_ranges') }}
