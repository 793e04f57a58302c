{#- Human-readable value or range for basis texts, e.g. "5.60–9.80" or "23.70"; an unknown
    bound prints "?". -#}
{% macro fmt_range(low, high, scale=1e9, digits=2) -%}
    case
        when {{ low }} = {{ high }} then printf('%.{{ digits }}f', {{ low }} / {{ scale }})
        else coalesce(printf('%.{{ digits }}f', {{ low }} / {{ scale }}), '?') || '–'
            || coalesce(printf('%.{{ digits }}f', {{ high }} / {{ scale }}), '?')
    end
{%- endmacro %}
