-- marts.conflicts as of the as-of date (see int_conflicts_detected_per_state for the rules).
select {{ ledger.columns_except(ref('int_conflicts_detected_per_state'), ['state_date']) }}
from {{ ref('int_conflicts_detected_per_state') }}
where {{ current_state() }}
