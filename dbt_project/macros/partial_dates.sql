{#- Dates arrive as YYYY, YYYY-MM or YYYY-MM-DD. A partial date names an interval; we keep
    its precision and expose the interval's first and last day instead of inventing a day. -#}

{% macro date_precision(col) -%}
    case
        when regexp_full_match(trim({{ col }}), '\d{4}-\d{2}-\d{2}') then 'day'
        when regexp_full_match(trim({{ col }}), '\d{4}-\d{2}') then 'month'
        when regexp_full_match(trim({{ col }}), '\d{4}') then 'year'
    end
{%- endmacro %}

{% macro date_floor(col) -%}
    case {{ date_precision(col) }}
        when 'day' then try_strptime(trim({{ col }}), '%Y-%m-%d')::date
        when 'month' then try_strptime(trim({{ col }}) || '-01', '%Y-%m-%d')::date
        when 'year' then try_strptime(trim({{ col }}) || '-01-01', '%Y-%m-%d')::date
    end
{%- endmacro %}

{% macro date_ceil(col) -%}
    case {{ date_precision(col) }}
        when 'day' then try_strptime(trim({{ col }}), '%Y-%m-%d')::date
        when 'month' then last_day(try_strptime(trim({{ col }}) || '-01', '%Y-%m-%d')::date)
        when 'year' then try_strptime(trim({{ col }}) || '-12-31', '%Y-%m-%d')::date
    end
{%- endmacro %}

{#- Length of a period in years: whole calendar months count as months/12 (so H1 is
    exactly half a year); anything else counts days/365.25. -#}
{% macro period_years(start_date, end_date) -%}
    case
        when day({{ start_date }}) = 1 and {{ end_date }} = last_day({{ end_date }})
            then (date_diff('month', {{ start_date }}, {{ end_date }} + 1))::double / 12
        else (date_diff('day', {{ start_date }}, {{ end_date }}) + 1)::double / 365.25
    end
{%- endmacro %}

{% macro period_months(start_date, end_date) -%}
    ({{ period_years(start_date, end_date) }}) * 12
{%- endmacro %}
