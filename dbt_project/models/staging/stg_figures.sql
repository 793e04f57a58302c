-- The raw figures as published, one row per raw row: text trimmed, an empty field NULL.
-- Nothing is corrected or parsed here: the corrections log names the published text, so it
-- applies to this text (int_figures_corrected) before anything is typed (int_figures_typed).
select
    trim(figure_id) as figure_id,
    {%- for c in figure_text_columns() %}
    nullif(trim({{ adapter.quote(c) }}), '') as {{ adapter.quote(c) }},
    {%- endfor %}
    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from {{ source('raw', 'figures') }}
