-- The corrections log, one row per correction; an empty value means an empty field.
select
    _source_file || ':' || cast(_source_row as {{ dbt.type_string() }}) as correction_id,
    trim(figure_id) as figure_id,
    trim({{ adapter.quote('column') }}) as column_name,
    nullif(trim(old_value), '') as old_value,
    nullif(trim(new_value), '') as new_value,
    trim(reason) as reason,
    lower(trim(reported_upstream)) = 'yes' as reported_upstream,
    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from {{ source('raw', 'corrections') }}
