-- Competing estimates side by side, in every state of knowledge. Only estimates of the same
-- thing for the same period share a comparison (int_estimates_keyed_by_period says when two
-- periods are the same):
--   * same metric, flow, unit dimension and location, and for anything but money the same
--     category (artillery systems and shells, a reinforcement and a deployment total never
--     meet);
--   * the same period at the precision given: a year with the same year, a month with the same
--     month, day-precise bounds a few days apart; an estimate of Jan–Feb 2023 never meets one
--     of the whole of 2023, a count to October 2023 never one to July 2025 (those are a series
--     over time: int_series_assembled_per_state). Undated estimates meet only undated ones published in
--     the same month;
--   * money estimates of one flow and period with different scopes (categories) stand side by
--     side with their scope named, but the envelope and spread are computed over the
--     like-for-like members only (same category: like_for_like_group).
-- The envelope is the lowest and highest value any like-for-like member states (an "at
-- least" contributes its low, an "up to" its high; envelope_open_* flags them), so every
-- member lies inside it; the spread therefore measures disagreement, never time passing.
with estimates as (
    select
        *,
        metric || ':' || coalesce(flow_from, '') || '>' || coalesce(flow_to, '') || ':' || unit
            || case when unit like 'USD%' then '' else ':' || coalesce(category, '') end
            || coalesce(':' || location, '') as thing
    from {{ ref('int_estimates_keyed_by_period') }}
),

numbered as (
    select *, thing || ':' || period_key as comparison_id
    from estimates
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
    period_key,
    is_dated,
    location,
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
