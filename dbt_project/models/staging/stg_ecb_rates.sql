-- ECB reference rates, typed: units of the currency per 1 EUR on each ECB publication day.
select
    {{ ledger.parse_date('rate_date', strict=true) }} as rate_date,
    currency,
    cast(units_per_eur as double) as units_per_eur,
    _package_version as package_version,
    _source_file as source_file
from {{ source('raw', 'ecb_rates') }}
