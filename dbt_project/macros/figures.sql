{#- The columns of a figure a correction may change: every column the figures family declares
    (orchestration/families/figures.py) except its id, so a new column is declared there once
    and reaches staging and the corrections without an edit here. -#}
{% macro figure_text_columns() -%}
    {{ return(raw_columns('figures') | reject('equalto', 'figure_id') | list) }}
{%- endmacro %}
