-- One row per raw figure, typed, with the corrections log applied. Nothing is dropped or
-- combined here; bad text surfaces as NULL typed values that the parsed_from tests report.
{%- set correctable = [] -%}
{%- if execute -%}
    {%- for col in adapter.get_columns_in_relation(source('raw', 'figures')) -%}
        {%- if not col.name.startswith('_') and col.name != 'figure_id' -%}
            {%- do correctable.append(col.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
with raw_figures as (
    select * from {{ source('raw', 'figures') }}
),

corrections as (
    select * from {{ ref('stg_corrections') }}
),

-- A correction applies only while the raw file still holds the value it expects; a stale
-- one never applies (and the blocking corrections check has already failed the run).
applicable as (
    select k.*
    from corrections as k
    join raw_figures as r on r.figure_id = k.figure_id
    where k.old_value is not distinct from nullif(trim(case k.column_name
        {%- for c in correctable %}
        when '{{ c }}' then r.{{ adapter.quote(c) }}
        {%- endfor %}
    end), '')
),

-- One row per corrected figure: for each correctable column whether a correction applies and
-- its new value (an empty value means an empty field), and the ids of the corrections.
corrected as (
    select
        figure_id,
        {%- for c in correctable %}
        max(case when column_name = '{{ c }}' then 1 else 0 end) as {{ adapter.quote('has_' ~ c) }},
        {{ ledger.any_value("case when column_name = '" ~ c ~ "' then new_value end") }} as {{ adapter.quote('new_' ~ c) }},
        {%- endfor %}
        {{ ledger.sorted_list('correction_id') }} as corrections_applied
    from applicable
    group by figure_id
),

source as (
    select
        r.figure_id,
        {%- for c in correctable %}
        case when k.{{ adapter.quote('has_' ~ c) }} = 1 then k.{{ adapter.quote('new_' ~ c) }}
             else r.{{ adapter.quote(c) }} end as {{ adapter.quote(c) }},
        {%- endfor %}
        k.corrections_applied,
        r._source_file,
        r._source_row,
        r._file_sha256,
        r._loaded_at
    from raw_figures as r
    left join corrected as k on k.figure_id = r.figure_id
)

select
    trim(figure_id) as figure_id,
    trim(metric) as metric,
    nullif(upper(trim(flow_from)), '') as flow_from,
    nullif(upper(trim(flow_to)), '') as flow_to,
    nullif(trim(category), '') as category,

    nullif(trim(period_start), '') as period_start,
    {{ date_floor('period_start') }} as period_start_date,
    {{ date_precision('period_start') }} as period_start_precision,
    nullif(trim(period_end), '') as period_end,
    {{ date_ceil('period_end') }} as period_end_date,
    {{ date_precision('period_end') }} as period_end_precision,

    try_cast(trim(value_low) as double) as value_low,
    try_cast(trim(value_point) as double) as value_point,
    try_cast(trim(value_high) as double) as value_high,
    case
        when nullif(trim(value_low), '') is not null and nullif(trim(value_high), '') is not null then 'range'
        when nullif(trim(value_point), '') is not null and nullif(trim(value_low), '') is null
            and nullif(trim(value_high), '') is null then 'point'
        when nullif(trim(value_point), '') is not null and nullif(trim(value_low), '') is not null then 'point_and_low'
        when nullif(trim(value_point), '') is not null and nullif(trim(value_high), '') is not null then 'point_and_high'
        when nullif(trim(value_low), '') is not null then 'at_least'
        when nullif(trim(value_high), '') is not null then 'up_to'
    end as bound_kind,
    trim(unit) as unit,
    nullif(trim(location), '') as location,

    nullif(trim(source_org), '') as source_org,
    nullif(trim(source_title), '') as source_title,
    nullif(trim(source_url), '') as source_url,
    {{ normalise_url('source_url') }} as source_url_key,
    nullif(trim(published_on), '') as published_on,
    {{ date_floor('published_on') }} as published_from,
    {{ date_ceil('published_on') }} as published_to,
    {{ date_precision('published_on') }} as published_precision,
    nullif(trim(note), '') as note,

    coalesce(corrections_applied, {{ ledger.empty_list() }}) as corrections_applied,

    -- raw text kept for the parse tests
    value_low as raw_value_low,
    value_point as raw_value_point,
    value_high as raw_value_high,

    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from source
