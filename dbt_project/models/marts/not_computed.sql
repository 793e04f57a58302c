-- Measures that cannot be computed for a claim as of the as-of date, with the reason (an
-- open period cannot be annualised, no GDP estimate known by then, ...). They are left out
-- of the marts instead of appearing as NULL rows or stopping the refresh.
select
    'economic_impact' as mart,
    measure,
    subject,
    period_start,
    period_end,
    not_computed_reason as reason,
    figure_ids
from {{ ref('int_impacts_collected_per_state') }}
where {{ current_state() }} and not_computed_reason is not null
