{#- A Comtrade flag as downloaded (True/False from the website, true/false from Parquet, or
    1/0) as a boolean; empty stays NULL. -#}
{% macro comtrade_flag(col) -%}
    case when nullif(trim({{ col }}), '') is not null then lower(trim({{ col }})) in ('true', '1') end
{%- endmacro %}

{#- A Comtrade number as text (156, 156.0, 1.5e6) as a DOUBLE; empty stays NULL. -#}
{% macro comtrade_number(col) -%}
    try_cast(nullif(trim({{ col }}), '') as double)
{%- endmacro %}

{#- Rows whose combination of columns occurs more than once (the grain is broken). -#}
{% test unique_per(model, columns) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- The columns that name one Comtrade flow: what, how often, when, who with whom, which way. -#}
{% macro comtrade_flow_columns() -%}
    type_code, frequency, period_start, period_end, reporter, partner, flow_code
{%- endmacro %}
