-- How estimates moved, as of the as-of date (see int_revision_states for the rules).
select {{ ledger.columns_except(ref('int_revision_states'), ['state_date']) }}
from {{ ref('int_revision_states') }}
where {{ current_state() }}
