"""No DuckDB-only SQL in the dbt project outside the dispatched portability macros."""

from __future__ import annotations

from orchestration.settings import DBT_PROJECT_DIR
from tests.dbt_project.duckdb_only import duckdb_only_constructs, scan


def test_models_and_macros_are_portable():
    assert scan(DBT_PROJECT_DIR) == {}


def test_duckdb_only_constructs_are_found():
    model = """
    -- list(x) in a comment is fine
    select list_sort(list_distinct(ids)) as ids, x::varchar as y, r."column",
        * exclude (state_date), [] as none, ids[1] as first, date_diff('day', a, b)
    from t asof left join r on r.d <= t.d
    group by all
    """
    found = " ".join(duckdb_only_constructs(model))
    for what in ["list_* function", ":: cast", "double-quoted", "exclude", "list literal",
                 "list index", "date_diff", "asof", "group by all"]:  # fmt: skip
        assert what in found, what
    assert "line 2" not in found


def test_portable_sql_and_dispatched_macros_pass():
    model = """
    {% macro duckdb__sorted_list(expr) -%}list({{ expr }} order by {{ expr }}){%- endmacro %}
    select {{ ledger.sorted_list('figure_id') }} as figure_ids,
        cast(x as {{ dbt.type_string() }}) as y, {{ adapter.quote('column') }},
        substr(name, 2) as rest
    from {{ ref('int_claims_enriched') }}  -- group by all would be DuckDB-only
    group by figure_id
    """
    assert duckdb_only_constructs(model) == []
