-- Every corrected figure typed: a partial date becomes the first (start) or last (end) day it
-- names plus its precision, values become numbers with their bound kind, the source URL gets
-- the key figures match registered sources on. Nothing is dropped or combined; text that does
-- not parse becomes NULL, which the parsed_from tests report (raw_* keep the text).
select
    figure_id,
    metric,
    upper(flow_from) as flow_from,
    upper(flow_to) as flow_to,
    category,

    period_start,
    {{ date_floor('period_start') }} as period_start_date,
    {{ date_precision('period_start') }} as period_start_precision,
    period_end,
    {{ date_ceil('period_end') }} as period_end_date,
    {{ date_precision('period_end') }} as period_end_precision,

    try_cast(value_low as double) as value_low,
    try_cast(value_point as double) as value_point,
    try_cast(value_high as double) as value_high,
    case
        when value_low is not null and value_high is not null then 'range'
        when value_point is not null and value_low is null and value_high is null then 'point'
        when value_point is not null and value_low is not null then 'point_and_low'
        when value_point is not null and value_high is not null then 'point_and_high'
        when value_low is not null then 'at_least'
        when value_high is not null then 'up_to'
    end as bound_kind,
    unit,
    location,

    source_org,
    source_title,
    source_url,
    {{ normalise_url('source_url') }} as source_url_key,
    published_on,
    {{ date_floor('published_on') }} as published_from,
    {{ date_ceil('published_on') }} as published_to,
    {{ date_precision('published_on') }} as published_precision,
    note,

    corrections_applied,

    value_low as raw_value_low,
    value_point as raw_value_point,
    value_high as raw_value_high,

    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from {{ ref('int_figures_corrected') }}
