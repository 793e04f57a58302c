-- How estimates moved, as of the as-of date (see int_revision_states for the rules).
select * exclude (state_date)
from {{ ref('int_revision_states') }}
where {{ current_state() }}
