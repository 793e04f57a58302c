-- Every claim in every state of knowledge it belongs to: the claims known on state_date
-- (known_from on or before it). Downstream models group by state_date, so each state is
-- evaluated by exactly the SQL a build as of that date runs.
select c.*, s.state_date
from {{ ref('int_claims_enriched') }} as c
join {{ ref('int_knowledge_states_listed') }} as s on {{ known_in_state('c.known_from') }}
