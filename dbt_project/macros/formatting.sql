{#- Human-readable value or range for basis texts, e.g. "5.60–9.80" or "23.70"; an unknown
    bound prints "?". -#}
{% macro fmt_range(low, high, scale=1e9, digits=2) -%}
    case
        when {{ low }} = {{ high }} then {{ ledger.format_fixed(low ~ ' / ' ~ scale, digits) }}
        else coalesce({{ ledger.format_fixed(low ~ ' / ' ~ scale, digits) }}, '?') || '–'
            || coalesce({{ ledger.format_fixed(high ~ ' / ' ~ scale, digits) }}, '?')
    end
{%- endmacro %}
