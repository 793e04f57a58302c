{#- The columns of one growth comparison, the current period over the previous one, per year
    and in interval arithmetic: the lowest current over the highest previous minus 1 and the
    highest current over the lowest previous minus 1. `cur` and `prev` are relation aliases
    with period_start/end, period_words, usd_low/high, per_year_low/high and figure_ids. -#}
{% macro growth_over_previous(cur='cur', prev='prev') -%}
    {{ prev }}.period_start as prev_start, {{ prev }}.period_end as prev_end,
    {{ cur }}.period_start as cur_start, {{ cur }}.period_end as cur_end,
    {{ prev }}.period_words as prev_words, {{ cur }}.period_words as cur_words,
    {{ prev }}.usd_low as prev_low, {{ prev }}.usd_high as prev_high,
    {{ cur }}.usd_low as cur_low, {{ cur }}.usd_high as cur_high,
    {{ cur }}.per_year_low / {{ prev }}.per_year_high - 1 as value_low,
    {{ cur }}.per_year_high / {{ prev }}.per_year_low - 1 as value_high,
    {{ ledger.concat_lists([prev ~ '.figure_ids', cur ~ '.figure_ids']) }} as figure_ids
{%- endmacro %}
