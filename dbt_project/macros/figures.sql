{#- The columns of a figure a correction may change: every column of raw/figures except its
    id and the loader's own (_source_file, ...). One list for staging and the corrections. -#}
{% macro figure_text_columns() -%}
    {{ return(['metric', 'flow_from', 'flow_to', 'category', 'period_start', 'period_end',
               'value_low', 'value_point', 'value_high', 'unit', 'location', 'source_org',
               'source_title', 'source_url', 'published_on', 'note']) }}
{%- endmacro %}
