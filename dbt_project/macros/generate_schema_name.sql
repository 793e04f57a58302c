{#- Use the folder's schema name as is (staging, marts, ...) instead of dbt's
    <target>_<custom> so analysts query marts.balance, not main_marts.balance. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
