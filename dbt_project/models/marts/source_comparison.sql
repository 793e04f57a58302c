-- Competing estimates side by side, as of the as-of date (see int_comparison_states).
select {{ ledger.columns_except(ref('int_comparison_states'), ['state_date']) }}
from {{ ref('int_comparison_states') }}
where {{ current_state() }}
