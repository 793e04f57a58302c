{#- ALFRED-style real-time periods from a model evaluated once per state of knowledge
    (column state_date, see int_knowledge_states_listed). A row that stays identical over
    consecutive states becomes one history row, valid from the first state that has it
    (known_from) until the next state that no longer has it (known_to, NULL while current):

        where date 'X' >= known_from and (known_to is null or date 'X' < known_to)

    returns exactly the rows of the latest state on or before X, i.e. the as-of-X build,
    because both come from the same SQL evaluated for the same set of claims.

    `states` is the relation listing the states (ref('int_knowledge_states_listed')), passed in
    by the model so that its dependency is in the model's own SQL. -#}
{% macro history_of(relation, states, order_by, where=none, exclude=[]) -%}
{%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name')
        | reject('in', ['state_date'] + exclude) | list -%}
with states as (
    select
        state_date,
        row_number() over (order by state_date) as state_no,
        lead(state_date) over (order by state_date) as next_state_date
    from {{ states }}
),

stated as (
    select
        {% for c in columns %}r.{{ adapter.quote(c) }}, {% endfor %}
        s.state_date,
        s.state_no,
        s.next_state_date,
        {{ ledger.row_hash(columns, 'r') }} as row_hash
    from {{ relation }} as r
    join states as s on s.state_date = r.state_date
    {% if where %}where {{ where }}{% endif %}
),

islands as (
    select *, state_no - dense_rank() over (partition by row_hash order by state_no) as island
    from stated
)

select
    {% for c in columns %}{{ ledger.any_value(adapter.quote(c)) }} as {{ adapter.quote(c) }},
    {% endfor -%}
    min(state_date) as known_from,
    {{ ledger.arg_max('next_state_date', 'state_no') }} as known_to
from islands
group by row_hash, island
order by {{ order_by }}, known_from
{%- endmacro %}
