-- Competing estimates side by side, as of the as-of date (see int_estimates_compared_per_state).
select {{ ledger.columns_except(ref('int_estimates_compared_per_state'), ['state_date']) }}
from {{ ref('int_estimates_compared_per_state') }}
where {{ current_state() }}
