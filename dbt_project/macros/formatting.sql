{#- Human-readable value or range for basis texts, e.g. "5.60–9.80" or "23.70"; an unknown
    bound prints "?". -#}
{% macro fmt_range(low, high, scale=1e9, digits=2) -%}
    case
        when {{ low }} = {{ high }} then {{ ledger.format_fixed(low ~ ' / ' ~ scale, digits) }}
        else coalesce({{ ledger.format_fixed(low ~ ' / ' ~ scale, digits) }}, '?') || '–'
            || coalesce({{ ledger.format_fixed(high ~ ' / ' ~ scale, digits) }}, '?')
    end
{%- endmacro %}

{#- The months two dates span, in words: "Oct 2025" (one month), "Feb–Mar 2023" (one year),
    "Jan 2024–Jul 2025" (several years). A period label says what the readings span, never
    more (two readings in February and March are not a calendar year). -#}
{% macro month_span(first, last) -%}
    {%- set y1 = 'cast(year(' ~ first ~ ') as ' ~ dbt.type_string() ~ ')' -%}
    {%- set y2 = 'cast(year(' ~ last ~ ') as ' ~ dbt.type_string() ~ ')' -%}
    case
        when year({{ first }}) = year({{ last }}) and month({{ first }}) = month({{ last }})
            then {{ month_abbr(first) }} || ' ' || {{ y1 }}
        when year({{ first }}) = year({{ last }})
            then {{ month_abbr(first) }} || '–' || {{ month_abbr(last) }} || ' ' || {{ y1 }}
        else {{ month_abbr(first) }} || ' ' || {{ y1 }} || '–' || {{ month_abbr(last) }} || ' ' || {{ y2 }}
    end
{%- endmacro %}

{% macro month_abbr(d) -%}
    case month({{ d }}) when 1 then 'Jan' when 2 then 'Feb' when 3 then 'Mar' when 4 then 'Apr'
        when 5 then 'May' when 6 then 'Jun' when 7 then 'Jul' when 8 then 'Aug' when 9 then 'Sep'
        when 10 then 'Oct' when 11 then 'Nov' when 12 then 'Dec' end
{%- endmacro %}

{#- A category (or metric) as words: a trailing "_total" dropped, "_" read as a space
    (arms_ammunition_and_troops_total → "arms ammunition and troops"). -#}
{% macro category_words(expr) -%}
    replace(case when right({{ expr }}, 6) = '_total' then left({{ expr }}, length({{ expr }}) - 6)
                 else {{ expr }} end, '_', ' ')
{%- endmacro %}
