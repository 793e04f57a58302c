-- The gross value of North Korea's arms deliveries to Russia against its GDP, per state of
-- knowledge and arms-value estimate, two measures:
--   arms_value_share_of_gdp_per_year (the headline): the estimate's gross value per year of
--     its period ÷ one year's GDP (gross value ÷ years of the period ÷ GDP);
--   arms_value_over_period_to_one_year_gdp: the gross value over the whole period ÷ one year's
--     GDP, not annualised (2.75 years of deliveries over one year's GDP), for reference.
-- Gross value, not revenue: what the estimate values (shells, arms, troops) as published,
-- with nothing deducted; its category is named in basis. The GDP used is the one the same publication cites; failing that, the latest GDP
-- estimate published by the time the arms estimate was (ties: the latest reference year).
-- Both are in basis. A measure that cannot be computed (no GDP known by then; an open or
-- missing period cannot be annualised) keeps its row with not_computed_reason set:
-- economic_impact leaves it out, not_computed lists it.
with arms as (
    select
        e.*,
        s.title as source_title,
        s.published_from as est_published_from,
        s.published_to as est_published_to
    from {{ ref('int_transfers_pooled_by_publication') }} as e
    join {{ ref('int_sources_registered_or_derived') }} as s on s.source_id = e.root_source_id
    where e.metric = 'arms_transfer_value' and e.direction = 'prk_to_rus'
),

gdp as (
    select
        state_date,
        root_source_id,
        {{ ledger.any_value('root_title') }} as gdp_source_title,
        min(vintage_date) as gdp_published_from,
        period_start,
        period_end,
        min(range_usd_low) as gdp_low,
        max(range_usd_high) as gdp_high,
        {{ ledger.sorted_list('figure_id') }} as gdp_figure_ids
    from {{ ref('int_claims_listed_per_state') }}
    where metric = 'gdp_estimate' and quantity_kind = 'money' and not fx_unconvertible
    group by state_date, root_source_id, period_start, period_end
),

candidates as (
    select
        a.*,
        g.gdp_source_title,
        g.gdp_low,
        g.gdp_high,
        g.gdp_figure_ids,
        g.period_end as gdp_period_end,
        g.root_source_id = a.root_source_id as cited_by_same_source,
        row_number() over (
            partition by a.state_date, a.root_source_id, a.metric, a.category
            order by (g.root_source_id = a.root_source_id) desc nulls last,
                     g.gdp_published_from desc nulls last, g.period_end desc nulls last,
                     {{ ledger.list_element('g.gdp_figure_ids', 1) }} nulls last
        ) as preference
    from arms as a
    left join gdp as g
        on g.state_date = a.state_date
        and (g.root_source_id = a.root_source_id or g.gdp_published_from <= a.est_published_to)
),

chosen as (
    select
        *,
        usd_low / gdp_high as share_low,
        usd_high / gdp_low as share_high,
        {{ period_years('period_start', 'period_end') }} as years,
        'gross value of ' || {{ category_words("coalesce(category, 'arms')") }} || ' '
        || {{ fmt_range('usd_low', 'usd_high') }} || ' bn USD over '
        || coalesce(cast(period_start as {{ dbt.type_string() }}), '?') || ' to '
        || coalesce(cast(period_end as {{ dbt.type_string() }}), '?') as value_words,
        'GDP ' || {{ fmt_range('gdp_low', 'gdp_high') }} || ' bn USD ('
        || cast(year(gdp_period_end) as {{ dbt.type_string() }}) || ', ' || gdp_source_title || ')'
        || case when cited_by_same_source then ', the GDP figure the same source cites.'
                else ', the latest GDP estimate published by then.' end as gdp_words,
        {{ ledger.concat_lists(['figure_ids', 'gdp_figure_ids'], distinct=true) }} as all_figure_ids
    from candidates
    where preference = 1
)

select
    state_date,
    'arms_value_share_of_gdp_per_year' as measure,
    source_title as subject,
    period_start,
    period_end,
    share_low / years as value_low,
    share_high / years as value_high,
    'fraction_per_year' as unit,
    'Per year: ' || value_words || ' (' || {{ ledger.format_fixed('years', 2) }} || ' years) = '
    || {{ fmt_range('usd_low / years', 'usd_high / years') }} || ' bn USD per year, over one year''s '
    || gdp_words as basis,
    all_figure_ids as figure_ids,
    case
        when gdp_low is null and gdp_high is null
            then 'no GDP estimate known by the time the arms estimate was published'
        when period_start is null and period_end is null
            then 'no period: an undated estimate cannot be annualised'
        when period_end is null then 'open period (no end): cannot be annualised'
        when period_start is null then 'open period (no start): cannot be annualised'
    end as not_computed_reason
from chosen

union all

select
    state_date,
    'arms_value_over_period_to_one_year_gdp' as measure,
    source_title as subject,
    period_start,
    period_end,
    share_low as value_low,
    share_high as value_high,
    'fraction' as unit,
    'Not annualised: ' || value_words
    || case when years is not null then ' (' || {{ ledger.format_fixed('years', 2) }} || ' years)' else '' end
    || ', all of it, over one year''s ' || gdp_words as basis,
    all_figure_ids as figure_ids,
    case when gdp_low is null and gdp_high is null
         then 'no GDP estimate known by the time the arms estimate was published' end as not_computed_reason
from chosen
