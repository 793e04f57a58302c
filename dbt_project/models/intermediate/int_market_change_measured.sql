-- Collapse of the won and the rise of rice prices in market surveys, per location as the
-- survey names it, in every state of knowledge, between two readings: the first and last of
-- each calendar year, and the first since 1 January 2024 and the latest. Observations of one
-- location and date from several sources are pooled into a range. Only day-precision
-- observations count: a survey dated only to a month cannot be placed first or last.
--   kpw_value_loss_vs_usd = 1 − first rate ÷ last rate   (0.6 = the won lost 60 % of its value)
--   rice_price_change     = last price ÷ first price − 1
-- One row per pair of readings: where both selections pick the same two readings (a year's
-- readings are also the first since 2024 and the latest) the numbers are the same and the row
-- is stated once, its basis naming both selections. period_start/end are the dates of the two
-- readings, and the period label in basis says the months they span ("Feb–Mar 2023"), never
-- a whole calendar year the readings do not cover.
with series(metric, measure, unit) as (
    values
        ('kpw_usd_market_rate', 'kpw_value_loss_vs_usd', 'KPW_per_USD'),
        ('rice_price', 'rice_price_change', 'KPW_per_kg')
),

observations as (
    select
        c.state_date,
        s.measure,
        c.location as subject,
        c.period_start as observed_on,
        min(c.range_low) as obs_low,
        max(c.range_high) as obs_high,
        {{ ledger.sorted_list('c.figure_id') }} as figure_ids
    from {{ ref('int_claims_listed_per_state') }} as c
    join series as s on s.metric = c.metric and s.unit = c.unit
    where c.location is not null
      and c.period_start_precision = 'day'
      and (c.range_low is not null or c.range_high is not null)
    group by c.state_date, s.measure, c.location, c.period_start
),

windows as (
    select state_date, measure, subject, min(observed_on) as first_on, max(observed_on) as last_on,
        'year' as selection, year(observed_on) as selection_year
    from observations
    group by state_date, measure, subject, year(observed_on)
    union all
    select state_date, measure, subject, min(observed_on) filter (where observed_on >= date '2024-01-01'),
        max(observed_on), 'since_2024', cast(null as int)
    from observations
    group by state_date, measure, subject
),

-- Two selections that pick the same two readings give one row (same numbers): its basis names
-- both. A year's readings can coincide only with the since-2024 selection, so a pair of
-- readings has at most one of each.
pairs as (
    select
        state_date, measure, subject, first_on, last_on,
        max(case when selection = 'year' then 'the first and last readings dated '
                 || cast(selection_year as {{ dbt.type_string() }}) end) as year_words,
        max(case when selection = 'since_2024' then 1 else 0 end) = 1 as is_since_2024
    from windows
    where first_on < last_on
    group by state_date, measure, subject, first_on, last_on
),

changes as (
    select
        w.*,
        case
            when w.year_words is not null and w.is_since_2024
                then w.year_words || ', also the first reading since 1 Jan 2024 and the latest'
            when w.year_words is not null then w.year_words
            else 'the first reading since 1 Jan 2024 and the latest'
        end as selection_words,
        f.obs_low as first_low,
        f.obs_high as first_high,
        l.obs_low as last_low,
        l.obs_high as last_high,
        {{ ledger.concat_lists(['f.figure_ids', 'l.figure_ids']) }} as figure_ids
    from pairs as w
    join observations as f
        on f.state_date = w.state_date and f.measure = w.measure and f.subject = w.subject
        and f.observed_on = w.first_on
    join observations as l
        on l.state_date = w.state_date and l.measure = w.measure and l.subject = w.subject
        and l.observed_on = w.last_on
)

select
    state_date,
    measure,
    subject,
    first_on as period_start,
    last_on as period_end,
    case measure
        when 'kpw_value_loss_vs_usd' then 1 - first_high / last_low
        else last_low / first_high - 1
    end as value_low,
    case measure
        when 'kpw_value_loss_vs_usd' then 1 - first_low / last_high
        else last_high / first_low - 1
    end as value_high,
    'fraction' as unit,
    {{ month_span('first_on', 'last_on') }} || ': ' || cast(first_on as {{ dbt.type_string() }}) || ' at '
    || {{ fmt_range('first_low', 'first_high', 1, 0) }} || ' and ' || cast(last_on as {{ dbt.type_string() }}) || ' at '
    || {{ fmt_range('last_low', 'last_high', 1, 0) }}
    || case measure when 'kpw_value_loss_vs_usd' then ' KPW per USD' else ' KPW per kg' end
    || ' (' || selection_words || ')'
    || case measure when 'kpw_value_loss_vs_usd' then '; 1 − first ÷ last.'
                    else '; last ÷ first − 1.' end as basis,
    figure_ids
from changes
