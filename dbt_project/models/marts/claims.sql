-- One row per figure known by the as-of date (var('as_of'), default today; see int_claims_enriched
-- for the columns and the rules).
select {{ ledger.columns_except(ref('int_claims_enriched'), ['known_from']) }}, known_from
from {{ ref('int_claims_enriched') }}
where {{ known_by_as_of('known_from') }}
