-- Competing estimates side by side, in every state of knowledge. Only estimates of the same
-- thing share a comparison:
--   * same metric, flow and unit dimension, and for anything but money the same category
--     (artillery systems and shells, a reinforcement and a deployment total never meet);
--   * money estimates of one flow with different scopes (categories) stand side by side with
--     their scope named, but the envelope and spread are computed over the like-for-like
--     members only (same category: like_for_like_group);
--   * periods overlap, where an estimate with an open or missing period counts by the date it
--     refers to (its start, else its publication; reference_basis says which): none is dropped.
-- The envelope is the lowest and highest value any like-for-like member states (an "at
-- least" contributes its low, an "up to" its high; envelope_open_* flags them), so every
-- member lies inside it.
with estimates as (
    select
        *,
        metric || ':' || coalesce(flow_from, '') || '>' || coalesce(flow_to, '') || ':' || unit
            || case when unit like 'USD%' then '' else ':' || coalesce(category, '') end as thing
    from {{ ref('int_estimates_pooled_by_vintage') }}
),

ordered as (
    select
        *,
        max(reference_end) over (
            partition by state_date, thing
            order by reference_start nulls last, reference_end nulls last, root_source_id, category nulls last
            rows between unbounded preceding and 1 preceding
        ) as previous_max_end
    from estimates
),

numbered as (
    select
        *,
        thing || ':' || cast(sum(case when previous_max_end is null or reference_start is null
                                      or reference_start > previous_max_end
                                 then 1 else 0 end)
            over (partition by state_date, thing
                  order by reference_start nulls last, reference_end nulls last, root_source_id, category nulls last
                  rows unbounded preceding) as {{ dbt.type_string() }}) as comparison_id
    from ordered
),

compared as (
    select
        *,
        comparison_id || ':' || coalesce(category, '') as like_for_like_group,
        count(*) over g as estimates_compared,
        {{ ledger.count_distinct_over("coalesce(category, '')", 'g') }} as scopes_compared,
        min(reference_start) over g as comparison_period_start,
        max(reference_end) over g as comparison_period_end,
        count(*) over l as like_for_like_members,
        min(coalesce(value_low, value_high)) over l as envelope_low,
        max(coalesce(value_high, value_low)) over l as envelope_high,
        bool_or(value_low is null) over l as envelope_open_low,
        bool_or(value_high is null) over l as envelope_open_high
    from numbered
    window g as (partition by state_date, comparison_id),
           l as (partition by state_date, comparison_id, category)
)

select
    state_date,
    comparison_id,
    metric,
    flow_from,
    flow_to,
    comparison_period_start,
    comparison_period_end,
    estimates_compared,
    scopes_compared,
    category as scope,
    like_for_like_group,
    like_for_like_members,
    root_source_id as source_id,
    source_title,
    body,
    method,
    vintage,
    vintage_date,
    period_start,
    period_end,
    reference_start,
    reference_end,
    reference_basis,
    unit,
    value_low,
    value_high,
    envelope_low,
    envelope_high,
    envelope_open_low,
    envelope_open_high,
    envelope_high - envelope_low as spread,
    envelope_high / nullif(envelope_low, 0) as spread_ratio,
    figure_ids
from compared
