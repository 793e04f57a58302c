{#- The date the marts are built as of: var('as_of') (YYYY-MM-DD), else today. A publication
    counts once the first day its date names has come (a study dated 2025-09 counts from
    2025-09-01). Undated publications count only in a build as of today. -#}
{% macro as_of_date() -%}
    {%- if var('as_of', none) -%} date '{{ var("as_of") }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}

{% macro published_by_as_of(published_from) -%}
    ({{ published_from }} <= {{ as_of_date() }}
     {%- if not var('as_of', none) %} or {{ published_from }} is null{% endif %})
{%- endmacro %}
