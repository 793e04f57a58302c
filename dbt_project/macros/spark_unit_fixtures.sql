{#- dbt's unit-test fixtures (format: dict or csv) give every value as text and cast it to the
    column's type with safe_cast. A list column's value is written as a list literal,
    "['A1', 'A2']", which DuckDB casts from text itself; Spark cannot cast text to an array
    (dbt-spark pastes the text into the SQL, a syntax error), so such a value is read as JSON
    there, its single quotes made double. Every other cast is dbt-spark's own. -#}
{% macro spark__safe_cast(field, type) %}
    {%- if field is string and field.startswith("'[") and type.lower().startswith('array') -%}
        from_json(replace({{ field }}, "'", '"'), '{{ type }}')
    {%- else -%}
        {{ dbt.spark__safe_cast(field, type) }}
    {%- endif -%}
{% endmacro %}
