{#- The date the marts are built as of: var('as_of') (YYYY-MM-DD), else today.

    A claim is known from the LAST day its publication date names (`known_from`): a study
    dated `2025` is known from 2025-12-31, one dated `2025-09` from 2025-09-30, so no build
    ever sees a figure before it could have been known. Undated publications count only in a
    build as of today (no var). -#}
{% macro as_of_date() -%}
    {%- if var('as_of', none) -%} date '{{ var("as_of") }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}

{% macro known_by_as_of(known_from) -%}
    ({{ known_from }} <= {{ as_of_date() }}
     {%- if not var('as_of', none) %} or {{ known_from }} is null{% endif %})
{%- endmacro %}

{#- The same rule for one state of knowledge of int_knowledge_states_listed (alias s). -#}
{% macro known_in_state(known_from, state='s') -%}
    ({{ known_from }} <= {{ state }}.state_date
     or ({{ known_from }} is null and {{ state }}.includes_undated))
{%- endmacro %}

{#- The current state: the one the marts show (the as-of date, else today). -#}
{% macro current_state(column='state_date') -%}
    {{ column }} = {{ as_of_date() }}
{%- endmacro %}
