-- High-level Russia–North Korea meetings per month, per root publication: published
-- monthly averages as they are, counts divided by the months of their period.
select
    'high_level_meetings_per_month' as measure,
    any_value(root_title) as subject,
    period_start_date as period_start,
    period_end_date as period_end,
    min(range_low) / case when metric = 'high_level_meetings'
        then {{ period_months('period_start_date', 'period_end_date') }} else 1 end as value_low,
    max(range_high) / case when metric = 'high_level_meetings'
        then {{ period_months('period_start_date', 'period_end_date') }} else 1 end as value_high,
    'meetings_per_month' as unit,
    case when metric = 'high_level_meetings'
        then 'Count of ' || {{ fmt_range('min(range_low)', 'max(range_high)', 1, 0) }}
             || ' meetings divided by the '
             || printf('%.1f', {{ period_months('period_start_date', 'period_end_date') }})
             || ' months of the period.'
        else 'Monthly average as published.' end as basis,
    list(figure_id order by figure_id) as figure_ids
from {{ ref('claims') }}
where metric in ('high_level_meetings', 'high_level_meetings_per_month')
  and period_start_date is not null and period_end_date is not null
group by root_source_id, metric, period_start_date, period_end_date
