-- ECB reference rates, typed: units of the currency per 1 EUR on each ECB publication day.
select
    strptime(rate_date, '%Y-%m-%d')::date as rate_date,
    currency,
    units_per_eur::double as units_per_eur,
    _package_version as package_version,
    _source_file as source_file
from {{ source('raw', 'ecb_rates') }}
