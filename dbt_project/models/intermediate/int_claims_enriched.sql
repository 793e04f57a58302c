-- One row per figure, whatever the as-of date: the claim as published (after the corrections
-- log), typed, with its source, its root publication (= its vintage), known_from and, for
-- money, its value in US dollars. marts.claims shows the rows known by the as-of date; the
-- models that evaluate every state of knowledge (int_claims_listed_per_state) start here.
--   * Dates are DATE: a partial date becomes the first (start) or last (end) day it names;
--     the text as published stays in *_text, the precision in *_precision.
--   * range_low / range_high are the bounds the marts use: a point value is both bounds, an
--     "up to" has no low and an "at least" no high (never 0).
--   * Percentages stay as published (3.7 = 3.7 %); value_fraction_* give them as fractions
--     (0.037), the scale every mart uses.
--   * known_from: the last day of the root publication's date (2025 -> 2025-12-31).
--   * body_id: the body that made the estimate, whoever relayed it (the organisations
--     registry, else a derived body; int_figures_attributed_to_bodies): one body's estimates
--     share it across outlets.
select
    f.figure_id,
    f.metric,
    m.domain as metric_domain,
    f.flow_from,
    f.flow_to,
    f.category,
    f.location,
    f.period_start_date as period_start,
    f.period_start as period_start_text,
    f.period_start_precision,
    f.period_end_date as period_end,
    f.period_end as period_end_text,
    f.period_end_precision,
    f.value_low,
    f.value_point,
    f.value_high,
    f.bound_kind,
    coalesce(f.value_low, f.value_point) as range_low,
    coalesce(f.value_high, f.value_point) as range_high,
    case when u.quantity_kind = 'percent' then round(f.value_low / 100, 12) end as value_fraction_low,
    case when u.quantity_kind = 'percent' then round(f.value_point / 100, 12) end as value_fraction_point,
    case when u.quantity_kind = 'percent' then round(f.value_high / 100, 12) end as value_fraction_high,
    f.unit,
    u.quantity_kind,
    u.currency,
    u.per as unit_per,
    f.value_low * fx.fx_rate as value_usd_low,
    f.value_point * fx.fx_rate as value_usd_point,
    f.value_high * fx.fx_rate as value_usd_high,
    coalesce(f.value_low, f.value_point) * fx.fx_rate as range_usd_low,
    coalesce(f.value_high, f.value_point) * fx.fx_rate as range_usd_high,
    fx.fx_rate,
    fx.fx_rate_date,
    fx.fx_method,
    fx.fx_method like 'unconvertible%' as fx_unconvertible,
    fs.source_id,
    fs.source_registered,
    f.source_org,
    b.cited_body,
    b.body_id,
    b.body,
    b.body_kind,
    b.body_registered,
    f.source_title,
    f.source_url,
    f.published_on as published_text,
    f.published_from,
    f.published_to,
    f.published_precision,
    fs.root_source_id,
    root.org as root_org,
    root.title as root_title,
    root.published_on as vintage_text,
    root.published_from as vintage_date,
    root.published_to as known_from,
    root.method as root_method,
    f.corrections_applied,
    f.note,
    f._source_file as source_file,
    f._source_row as source_row,
    f._file_sha256 as file_sha256,
    f._loaded_at as loaded_at
from {{ ref('int_figures_typed') }} as f
left join {{ ref('metrics') }} as m on m.metric = f.metric
left join {{ ref('int_units_composed') }} as u on u.unit = f.unit
left join {{ ref('int_figures_matched_to_sources') }} as fs on fs.figure_id = f.figure_id
left join {{ ref('int_sources_registered_or_derived') }} as root on root.source_id = fs.root_source_id
left join {{ ref('int_figures_converted_to_usd') }} as fx on fx.figure_id = f.figure_id
left join {{ ref('int_figures_attributed_to_bodies') }} as b on b.figure_id = f.figure_id
