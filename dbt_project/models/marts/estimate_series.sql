-- marts.estimate_series as of the as-of date (see int_series_assembled_per_state for the rules).
select {{ ledger.columns_except(ref('int_series_assembled_per_state'), ['state_date']) }}
from {{ ref('int_series_assembled_per_state') }}
where {{ current_state() }}
