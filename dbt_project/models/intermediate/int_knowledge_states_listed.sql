-- The states of knowledge the marts are evaluated in: one per day on which some root
-- publication became known (its known_from), up to the as-of date, plus the as-of date itself
-- (the current state, the one the marts show). Only the current state of a build as of today
-- includes undated publications. The *_states models evaluate the marts' logic once per state;
-- the *_history marts collapse those states into real-time periods.
with days as (
    select distinct known_from as state_date, false as includes_undated
    from {{ ref('int_claims_enriched') }}
    where known_from <= {{ as_of_date() }}
    union all
    select {{ as_of_date() }}, {{ 'false' if var('as_of', none) else 'true' }}
)

select state_date, bool_or(includes_undated) as includes_undated
from days
group by state_date
