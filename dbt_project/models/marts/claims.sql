-- One row per figure: the claim as published (after the corrections log), typed, with its
-- source, its root publication (= its vintage) and, for money, its value in US dollars.
-- range_low / range_high are the bounds used by the marts: a point value is both bounds,
-- an "up to" has no low and an "at least" has no high (never 0). Only figures whose root
-- publication had appeared by var('as_of') (default: today) are here.
select
    f.figure_id,
    f.metric,
    m.domain as metric_domain,
    f.flow_from,
    f.flow_to,
    f.category,
    f.location,
    f.period_start,
    f.period_start_date,
    f.period_start_precision,
    f.period_end,
    f.period_end_date,
    f.period_end_precision,
    f.value_low,
    f.value_point,
    f.value_high,
    f.bound_kind,
    coalesce(f.value_low, f.value_point) as range_low,
    coalesce(f.value_high, f.value_point) as range_high,
    f.unit,
    u.quantity_kind,
    u.currency,
    f.value_low * fx.fx_rate as value_usd_low,
    f.value_point * fx.fx_rate as value_usd_point,
    f.value_high * fx.fx_rate as value_usd_high,
    coalesce(f.value_low, f.value_point) * fx.fx_rate as range_usd_low,
    coalesce(f.value_high, f.value_point) * fx.fx_rate as range_usd_high,
    fx.fx_rate,
    fx.fx_rate_date,
    fx.fx_method,
    starts_with(fx.fx_method, 'unconvertible') as fx_unconvertible,
    fs.source_id,
    fs.source_registered,
    f.source_org,
    f.source_title,
    f.source_url,
    f.published_on,
    f.published_from,
    f.published_to,
    f.published_precision,
    fs.root_source_id,
    root.org as root_org,
    root.title as root_title,
    root.published_on as root_published_on,
    root.published_from as root_published_from,
    root.published_to as root_published_to,
    root.published_on as vintage,
    root.published_from as vintage_date,
    root.method as root_method,
    f.corrections_applied,
    f.note,
    f._source_file as source_file,
    f._source_row as source_row,
    f._file_sha256 as file_sha256,
    f._loaded_at as loaded_at
from {{ ref('stg_figures') }} as f
left join {{ ref('metrics') }} as m on m.metric = f.metric
left join {{ ref('units') }} as u on u.unit = f.unit
left join {{ ref('int_figure_sources') }} as fs on fs.figure_id = f.figure_id
left join {{ ref('sources') }} as root on root.source_id = fs.root_source_id
left join {{ ref('int_figure_fx') }} as fx on fx.figure_id = f.figure_id
where {{ published_by_as_of('root.published_from') }}
