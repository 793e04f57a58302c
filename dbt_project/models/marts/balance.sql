-- Who gave whom how much, as of the as-of date (see int_balance_evaluated_per_state for the rules).
select {{ ledger.columns_except(ref('int_balance_evaluated_per_state'), ['state_date']) }}
from {{ ref('int_balance_evaluated_per_state') }}
where {{ current_state() }}
