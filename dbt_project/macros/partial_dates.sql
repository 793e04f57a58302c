{#- Dates arrive as YYYY, YYYY-MM or YYYY-MM-DD. A partial date names an interval; we keep
    its precision and expose the interval's first and last day instead of inventing a day. -#}

{% macro date_precision(col) -%}
    {%- set text = 'trim(' ~ col ~ ')' -%}
    case
        when {{ ledger.regexp_full_match(text, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }} then 'day'
        when {{ ledger.regexp_full_match(text, '[0-9]{4}-[0-9]{2}') }} then 'month'
        when {{ ledger.regexp_full_match(text, '[0-9]{4}') }} then 'year'
    end
{%- endmacro %}

{% macro date_floor(col) -%}
    {%- set text = 'trim(' ~ col ~ ')' -%}
    case {{ date_precision(col) }}
        when 'day' then {{ ledger.parse_date(text) }}
        when 'month' then {{ ledger.parse_date(text ~ " || '-01'") }}
        when 'year' then {{ ledger.parse_date(text ~ " || '-01-01'") }}
    end
{%- endmacro %}

{% macro date_ceil(col) -%}
    {%- set text = 'trim(' ~ col ~ ')' -%}
    case {{ date_precision(col) }}
        when 'day' then {{ ledger.parse_date(text) }}
        when 'month' then last_day({{ ledger.parse_date(text ~ " || '-01'") }})
        when 'year' then {{ ledger.parse_date(text ~ " || '-12-31'") }}
    end
{%- endmacro %}

{#- Length of a period in years: whole calendar months count as months/12 (so H1 is
    exactly half a year); anything else counts days/365.25. Months are counted as month
    boundaries crossed up to the day after the end. -#}
{% macro period_years(start_date, end_date) -%}
    {%- set day_after = dbt.dateadd('day', 1, end_date) -%}
    case
        when day({{ start_date }}) = 1 and {{ end_date }} = last_day({{ end_date }})
            then cast(12 * (year({{ day_after }}) - year({{ start_date }}))
                      + month({{ day_after }}) - month({{ start_date }}) as double) / 12
        else cast({{ dbt.datediff(start_date, end_date, 'day') }} + 1 as double) / 365.25
    end
{%- endmacro %}

{% macro period_months(start_date, end_date) -%}
    ({{ period_years(start_date, end_date) }}) * 12
{%- endmacro %}
