-- Who gave whom how much, as of the as-of date (see int_balance_states for the rules).
select {{ ledger.columns_except(ref('int_balance_states'), ['state_date']) }}
from {{ ref('int_balance_states') }}
where {{ current_state() }}
