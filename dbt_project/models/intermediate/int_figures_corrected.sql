-- Every figure with the corrections log applied, still as published text. A correction
-- applies only while the figure still holds the value it expects (an empty value means an
-- empty field); a stale one never applies (and the blocking corrections check has already
-- failed the run). corrections_applied lists the ids of the corrections used.
{%- set columns = figure_text_columns() %}
with applicable as (
    select k.*
    from {{ ref('stg_corrections') }} as k
    join {{ ref('stg_figures') }} as f on f.figure_id = k.figure_id
    where k.old_value is not distinct from case k.column_name
        {%- for c in columns %}
        when '{{ c }}' then f.{{ adapter.quote(c) }}
        {%- endfor %}
    end
),

-- One row per corrected figure: for each column whether a correction applies and its value.
corrected as (
    select
        figure_id,
        {%- for c in columns %}
        max(case when column_name = '{{ c }}' then 1 else 0 end) as {{ adapter.quote('has_' ~ c) }},
        {{ ledger.any_value("case when column_name = '" ~ c ~ "' then new_value end") }} as {{ adapter.quote('new_' ~ c) }},
        {%- endfor %}
        {{ ledger.sorted_list('correction_id') }} as corrections_applied
    from applicable
    group by figure_id
)

select
    f.figure_id,
    {%- for c in columns %}
    case when k.{{ adapter.quote('has_' ~ c) }} = 1 then k.{{ adapter.quote('new_' ~ c) }}
         else f.{{ adapter.quote(c) }} end as {{ adapter.quote(c) }},
    {%- endfor %}
    coalesce(k.corrections_applied, {{ ledger.empty_list() }}) as corrections_applied,
    f._source_file,
    f._source_row,
    f._file_sha256,
    f._loaded_at
from {{ ref('stg_figures') }} as f
left join corrected as k on k.figure_id = f.figure_id
