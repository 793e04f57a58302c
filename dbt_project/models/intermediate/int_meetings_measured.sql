-- High-level Russia–North Korea meetings per month, per root publication: published
-- monthly averages as they are, in every state of knowledge, counts divided by the months of their
-- period (a count without a closed period is listed in not_computed instead).
select
    state_date,
    'high_level_meetings_per_month' as measure,
    {{ ledger.any_value('root_title') }} as subject,
    period_start,
    period_end,
    min(range_low) / case when metric = 'high_level_meetings'
        then {{ period_months('period_start', 'period_end') }} else 1 end as value_low,
    max(range_high) / case when metric = 'high_level_meetings'
        then {{ period_months('period_start', 'period_end') }} else 1 end as value_high,
    'meetings_per_month' as unit,
    case when metric = 'high_level_meetings'
        then 'Count of ' || {{ fmt_range('min(range_low)', 'max(range_high)', 1, 0) }}
             || ' meetings divided by the '
             || {{ ledger.format_fixed(period_months('period_start', 'period_end'), 1) }}
             || ' months of the period.'
        else 'Monthly average as published.' end as basis,
    {{ ledger.sorted_list('figure_id') }} as figure_ids,
    case when metric = 'high_level_meetings' and (period_start is null or period_end is null)
         then 'open or missing period: a count cannot be spread over months' end as not_computed_reason
from {{ ref('int_claims_listed_per_state') }}
where metric in ('high_level_meetings', 'high_level_meetings_per_month')
group by state_date, root_source_id, metric, period_start, period_end
