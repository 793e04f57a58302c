{#- What makes two estimates estimates of the same thing, in one state of knowledge: the same
    metric, flow, location and unit dimension, and (unless with_category is false, for money
    estimates of different scopes standing side by side) the same category. NULL equals NULL
    (a figure without a flow or location). Revisions, conflicts and the final joins use it. -#}
{% macro same_thing(left, right, with_category=true) -%}
    {%- set columns = ['state_date', 'metric', 'flow_from', 'flow_to', 'location', 'unit']
        + (['category'] if with_category else []) -%}
    {%- for c in columns -%}
        {{ left }}.{{ c }} is not distinct from {{ right }}.{{ c }}{% if not loop.last %} and {% endif %}
    {%- endfor -%}
{%- endmacro %}
