{#- Bound order: low <= point <= high wherever both sides are present. -#}
{% test bounds_ordered(model, low, high, point=none) %}
select * from {{ model }}
where ({{ low }} is not null and {{ high }} is not null and {{ low }} > {{ high }})
{% if point %}
   or ({{ low }} is not null and {{ point }} is not null and {{ low }} > {{ point }})
   or ({{ point }} is not null and {{ high }} is not null and {{ point }} > {{ high }})
{% endif %}
{% endtest %}

{#- A typed column must be filled wherever its raw text was: catches values that did not
    parse (a date like 2024-13, a number like "1,7 bn"). -#}
{% test parsed_from(model, column_name, raw_column) %}
select * from {{ model }}
where nullif(trim({{ raw_column }}), '') is not null and {{ column_name }} is null
{% endtest %}

{% test not_negative(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0
{% endtest %}

{#- Every row must carry at least one of the given columns. -#}
{% test at_least_one_not_null(model, columns) %}
select * from {{ model }}
where {% for c in columns %}{{ c }} is null{% if not loop.last %} and {% endif %}{% endfor %}
{% endtest %}

{#- Rows for which a SQL condition is false (dbt-utils' expression_is_true, written here
    because dbt hub packages cannot be fetched in this environment). -#}
{% test expression_is_true(model, expression, description=none) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}

{#- Rows whose arrays in `columns` are all empty or NULL: every row must rest on something
    (figure ids, trade file hashes). -#}
{% test list_not_empty(model, columns, description=none) %}
select * from {{ model }}
where {% for c in columns %}coalesce({{ ledger.list_length(c) }}, 0) = 0{% if not loop.last %} and {% endif %}{% endfor %}
{% endtest %}

{#- Strictly above zero (an exchange rate or a price); NULL passes, as in not_negative. -#}
{% test positive(model, column_name) %}
select * from {{ model }} where {{ column_name }} <= 0
{% endtest %}

{#- Every group holds one period: either all members are undated (no start and no end) or none
    is, a bound is given by all members or by none, and the members' starts and ends each lie
    within max_days of one another (partial dates resolve to the first or last day they name,
    so a year only ever meets the same year and a month the same month). The default allows
    what int_estimates_keyed_by_period merges: dates var('same_day_tolerance') apart one after
    the other, two steps at most; a longer run of such dates fails here, naming the group. -#}
{% test one_period_per_group(model, group_by, period_start, period_end, max_days=none) %}
{%- set max_days = max_days if max_days is not none else 2 * var('same_day_tolerance') -%}
select {{ group_by }}
from {{ model }}
group by {{ group_by }}
having count(distinct case when {{ period_start }} is null and {{ period_end }} is null
                           then 'undated' else 'dated' end) > 1
    or (count({{ period_start }}) > 0 and count({{ period_start }}) < count(*))
    or (count({{ period_end }}) > 0 and count({{ period_end }}) < count(*))
    or {{ dbt.datediff('min(' ~ period_start ~ ')', 'max(' ~ period_start ~ ')', 'day') }} > {{ max_days }}
    or {{ dbt.datediff('min(' ~ period_end ~ ')', 'max(' ~ period_end ~ ')', 'day') }} > {{ max_days }}
{% endtest %}
