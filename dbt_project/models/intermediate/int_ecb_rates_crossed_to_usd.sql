-- US dollars per unit of every ECB currency (and the euro) on every ECB publication day:
-- the ECB cross rate, USD per EUR divided by the currency per EUR of the same day.
with usd as (
    select rate_date, units_per_eur as usd_per_eur
    from {{ ref('stg_ecb_rates') }}
    where currency = 'USD'
)

select r.rate_date, r.currency, usd.usd_per_eur / r.units_per_eur as usd_per_unit, r.package_version
from {{ ref('stg_ecb_rates') }} as r
join usd using (rate_date)
where r.currency <> 'USD'
union all
select rate_date, 'EUR', usd_per_eur, null from usd
