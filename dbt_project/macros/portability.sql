{#- The engine-specific SQL of the project, one macro per construct, dispatched per adapter
    (`duckdb__` for the embedded default, `spark__` for Apache Spark, see README "When one
    machine is not enough"). Models call these (or dbt's own cross-database macros:
    dbt.type_string, dbt.datediff, dbt.dateadd, ...) instead of writing DuckDB-only SQL;
    tests/dbt_project/test_portability.py fails if a DuckDB-only construct appears in a model.
    A new engine adds one `<adapter>__` implementation per macro here. -#}

{#- Arrays of text (figure ids, file hashes). -#}

{#- The values of a group as an array ordered by the value (nulls dropped). -#}
{% macro sorted_list(expr) -%}{{ adapter.dispatch('sorted_list', 'ledger')(expr) }}{%- endmacro %}
{% macro duckdb__sorted_list(expr) -%}list({{ expr }} order by {{ expr }}){%- endmacro %}
{% macro spark__sorted_list(expr) -%}array_sort(collect_list({{ expr }})){%- endmacro %}

{#- The distinct values of a group as an array, in no particular order (nulls dropped). -#}
{% macro distinct_list(expr) -%}{{ adapter.dispatch('distinct_list', 'ledger')(expr) }}{%- endmacro %}
{% macro duckdb__distinct_list(expr) -%}list(distinct {{ expr }}){%- endmacro %}
{% macro spark__distinct_list(expr) -%}collect_set({{ expr }}){%- endmacro %}

{#- The arrays of a group concatenated into one array (order unspecified). -#}
{% macro flatten_lists(expr) -%}{{ adapter.dispatch('flatten_lists', 'ledger')(expr) }}{%- endmacro %}
{% macro duckdb__flatten_lists(expr) -%}flatten(list({{ expr }})){%- endmacro %}
{% macro spark__flatten_lists(expr) -%}flatten(collect_list({{ expr }})){%- endmacro %}

{#- Arrays concatenated, optionally deduplicated and sorted; NULL arrays count as empty. -#}
{% macro concat_lists(lists, distinct=false, sort=true) -%}
    {{ adapter.dispatch('concat_lists', 'ledger')(lists, distinct, sort) }}
{%- endmacro %}
{% macro duckdb__concat_lists(lists, distinct, sort) -%}
    {%- set ns = namespace(expr='coalesce(' ~ lists[0] ~ ', [])') -%}
    {%- for l in lists[1:] -%}{%- set ns.expr = 'list_concat(' ~ ns.expr ~ ', coalesce(' ~ l ~ ', []))' -%}{%- endfor -%}
    {%- if distinct %}{% set ns.expr = 'list_distinct(' ~ ns.expr ~ ')' %}{% endif -%}
    {%- if sort %}{% set ns.expr = 'list_sort(' ~ ns.expr ~ ')' %}{% endif -%}
    {{ ns.expr }}
{%- endmacro %}
{% macro spark__concat_lists(lists, distinct, sort) -%}
    {%- set parts = [] -%}
    {%- for l in lists %}{% do parts.append('coalesce(' ~ l ~ ', ' ~ ledger.empty_list() ~ ')') %}{% endfor -%}
    {%- set ns = namespace(expr='concat(' ~ parts | join(', ') ~ ')') -%}
    {%- if distinct %}{% set ns.expr = 'array_distinct(' ~ ns.expr ~ ')' %}{% endif -%}
    {%- if sort %}{% set ns.expr = 'array_sort(' ~ ns.expr ~ ')' %}{% endif -%}
    {{ ns.expr }}
{%- endmacro %}

{#- Distinct values of an array, sorted. -#}
{% macro sort_distinct(expr) -%}{{ ledger.concat_lists([expr], distinct=true) }}{%- endmacro %}

{#- An empty array of text, and a NULL one. -#}
{% macro empty_list() -%}{{ adapter.dispatch('empty_list', 'ledger')() }}{%- endmacro %}
{% macro duckdb__empty_list() -%}cast([] as varchar[]){%- endmacro %}
{% macro spark__empty_list() -%}cast(array() as array<string>){%- endmacro %}

{% macro null_list() -%}{{ adapter.dispatch('null_list', 'ledger')() }}{%- endmacro %}
{% macro duckdb__null_list() -%}cast(null as varchar[]){%- endmacro %}
{% macro spark__null_list() -%}cast(null as array<string>){%- endmacro %}

{#- The n-th element of an array, counted from 1. -#}
{% macro list_element(expr, n) -%}{{ adapter.dispatch('list_element', 'ledger')(expr, n) }}{%- endmacro %}
{% macro duckdb__list_element(expr, n) -%}{{ expr }}[{{ n }}]{%- endmacro %}
{% macro spark__list_element(expr, n) -%}try_element_at({{ expr }}, {{ n }}){%- endmacro %}

{#- Aggregates. -#}

{#- Any non-NULL value of the group (DuckDB's any_value skips NULLs; Spark's does not by default). -#}
{% macro any_value(expr) -%}{{ adapter.dispatch('any_value', 'ledger')(expr) }}{%- endmacro %}
{% macro duckdb__any_value(expr) -%}any_value({{ expr }}){%- endmacro %}
{% macro spark__any_value(expr) -%}first({{ expr }}, true){%- endmacro %}

{#- The value of `expr` on the row with the largest `by`, NULL included. -#}
{% macro arg_max(expr, by) -%}{{ adapter.dispatch('arg_max', 'ledger')(expr, by) }}{%- endmacro %}
{% macro duckdb__arg_max(expr, by) -%}arg_max_null({{ expr }}, {{ by }}){%- endmacro %}
{% macro spark__arg_max(expr, by) -%}max_by({{ expr }}, {{ by }}){%- endmacro %}

{#- count(distinct expr) as a window function (Spark has no distinct window aggregates). -#}
{% macro count_distinct_over(expr, window) -%}{{ adapter.dispatch('count_distinct_over', 'ledger')(expr, window) }}{%- endmacro %}
{% macro duckdb__count_distinct_over(expr, window) -%}count(distinct {{ expr }}) over {{ window }}{%- endmacro %}
{% macro spark__count_distinct_over(expr, window) -%}size(collect_set({{ expr }}) over {{ window }}){%- endmacro %}

{#- Text and dates. -#}

{#- The whole text matches the regular expression (write \d as [0-9]: Spark string literals
    treat a backslash as an escape). -#}
{% macro regexp_full_match(expr, pattern) -%}{{ adapter.dispatch('regexp_full_match', 'ledger')(expr, pattern) }}{%- endmacro %}
{% macro duckdb__regexp_full_match(expr, pattern) -%}regexp_full_match({{ expr }}, '{{ pattern }}'){%- endmacro %}
{% macro spark__regexp_full_match(expr, pattern) -%}({{ expr }} rlike '^(?:{{ pattern }})$'){%- endmacro %}

{#- Text in the format YYYY-MM-DD or YYYY-MM as a DATE; `strict` raises on bad text,
    otherwise it becomes NULL. -#}
{% macro parse_date(expr, format='YYYY-MM-DD', strict=false) -%}
    {{ adapter.dispatch('parse_date', 'ledger')(expr, format, strict) }}
{%- endmacro %}
{% macro duckdb__parse_date(expr, format, strict) -%}
    {%- set fmt = {'YYYY-MM-DD': '%Y-%m-%d', 'YYYY-MM': '%Y-%m'}[format] -%}
    cast({{ '' if strict else 'try_' }}strptime({{ expr }}, '{{ fmt }}') as date)
{%- endmacro %}
{% macro spark__parse_date(expr, format, strict) -%}
    {%- set fmt = {'YYYY-MM-DD': 'yyyy-MM-dd', 'YYYY-MM': 'yyyy-MM'}[format] -%}
    {%- if strict -%} to_date({{ expr }}, '{{ fmt }}')
    {%- else -%} cast(try_to_timestamp({{ expr }}, '{{ fmt }}') as date) {%- endif -%}
{%- endmacro %}

{#- A number as text with a fixed number of decimals, e.g. 5.60. -#}
{% macro format_fixed(expr, digits) -%}{{ adapter.dispatch('format_fixed', 'ledger')(expr, digits) }}{%- endmacro %}
{% macro duckdb__format_fixed(expr, digits) -%}printf('%.{{ digits }}f', {{ expr }}){%- endmacro %}
{#- Spark's format_string prints NULL as 'null'; printf gives NULL. -#}
{% macro spark__format_fixed(expr, digits) -%}
    case when ({{ expr }}) is not null then format_string('%.{{ digits }}f', {{ expr }}) end
{%- endmacro %}

{#- One row's columns as a hash, to find identical rows (history_of). -#}
{% macro row_hash(columns, alias) -%}{{ adapter.dispatch('row_hash', 'ledger')(columns, alias) }}{%- endmacro %}
{% macro duckdb__row_hash(columns, alias) -%}
    md5(cast(to_json(struct_pack({% for c in columns %}{{ adapter.quote(c) }} := {{ alias }}.{{ adapter.quote(c) }}{{ ", " if not loop.last }}{% endfor %})) as varchar))
{%- endmacro %}
{% macro spark__row_hash(columns, alias) -%}
    md5(to_json(named_struct({% for c in columns %}'{{ c }}', {{ alias }}.{{ adapter.quote(c) }}{{ ", " if not loop.last }}{% endfor %})))
{%- endmacro %}

{#- Relations. -#}

{#- The columns of a relation except some, quoted and comma-separated (for `select * exclude`). -#}
{% macro columns_except(relation, except, alias=none) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name')
            | reject('in', except) | list -%}
    {%- for c in names %}{{ alias ~ '.' if alias }}{{ adapter.quote(c) }}{{ ", " if not loop.last }}{% endfor -%}
{%- endmacro %}

{#- `left_alias`'s rows each joined with the row of `right` having the latest `right_date` on or
    before `left_date` among the rows matching `condition` (an as-of join; NULLs when none).
    `partition_by` names the columns of `right` that `condition` matches on. -#}
{% macro asof_left_join(right, alias, condition, left_date, right_date, partition_by) -%}
    {{ adapter.dispatch('asof_left_join', 'ledger')(right, alias, condition, left_date, right_date, partition_by) }}
{%- endmacro %}
{% macro duckdb__asof_left_join(right, alias, condition, left_date, right_date, partition_by) -%}
    asof left join {{ right }} as {{ alias }}
        on {{ condition }} and {{ left_date }} >= {{ alias }}.{{ right_date }}
{%- endmacro %}
{#- Spark has no as-of join: each right row is valid until the next one of its partition. -#}
{% macro spark__asof_left_join(right, alias, condition, left_date, right_date, partition_by) -%}
    left join (
        select *, lead({{ right_date }}) over (partition by {{ partition_by }} order by {{ right_date }}) as _valid_until
        from {{ right }}
    ) as {{ alias }}
        on {{ condition }} and {{ left_date }} >= {{ alias }}.{{ right_date }}
        and ({{ alias }}._valid_until is null or {{ left_date }} < {{ alias }}._valid_until)
{%- endmacro %}

{#- Incremental trade models. The models keep one row set per raw file (column
    file_sha256): new files are added, the rows of files that left raw/ are removed. DuckDB
    appends and deletes; plain Parquet tables on Spark cannot delete rows, so there each file is
    a partition, new files are written with insert_overwrite and removed files' partitions are
    dropped. -#}
{% macro per_file_incremental_config() -%}
    {%- if target.type == 'spark' -%}
        {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': ['file_sha256'], 'file_format': 'parquet'}) }}
    {%- else -%}
        {{ return({'incremental_strategy': 'append'}) }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: removes the rows of files no longer in `current` (column `current_column`). -#}
{% macro drop_removed_files(current, current_column) -%}
    {%- if is_incremental() -%}
        {{ adapter.dispatch('drop_removed_files', 'ledger')(current, current_column) }}
    {%- endif -%}
{%- endmacro %}
{% macro duckdb__drop_removed_files(current, current_column) -%}
    delete from {{ this }} where file_sha256 not in (select distinct {{ current_column }} from {{ current }})
{%- endmacro %}
{% macro spark__drop_removed_files(current, current_column) -%}
    {%- set stale = run_query('select distinct file_sha256 from ' ~ this ~ ' where file_sha256 not in (select distinct '
            ~ current_column ~ ' from ' ~ current ~ ')') -%}
    {%- for row in stale.rows -%}
        {%- do run_query("alter table " ~ this ~ " drop if exists partition (file_sha256 = '" ~ row[0] ~ "')") -%}
    {%- endfor -%}
    select 1
{%- endmacro %}

{#- Number of elements of an array (NULL for a NULL array). -#}
{% macro list_length(expr) -%}{{ adapter.dispatch('list_length', 'ledger')(expr) }}{%- endmacro %}
{% macro duckdb__list_length(expr) -%}len({{ expr }}){%- endmacro %}
{% macro spark__list_length(expr) -%}size({{ expr }}){%- endmacro %}

{#- A list of text joined into one string with `sep` (string_agg over a prepared list). -#}
{% macro join_list(expr, sep) -%}{{ adapter.dispatch('join_list', 'ledger')(expr, sep) }}{%- endmacro %}
{% macro duckdb__join_list(expr, sep) -%}array_to_string({{ expr }}, '{{ sep }}'){%- endmacro %}
{% macro spark__join_list(expr, sep) -%}array_join({{ expr }}, '{{ sep }}'){%- endmacro %}

{#- Every match of a regular expression replaced (DuckDB replaces only the first without 'g';
    Spark always replaces all). Write character classes, not backslash escapes. -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}{{ adapter.dispatch('regexp_replace_all', 'ledger')(expr, pattern, replacement) }}{%- endmacro %}
{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g'){%- endmacro %}
{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}'){%- endmacro %}

{#- One output row per part of a text split at a one-character separator (a select-list
    expression; NULL text gives no row). Wrap it in a subquery to use the parts. -#}
{% macro split_to_rows(expr, separator) -%}{{ adapter.dispatch('split_to_rows', 'ledger')(expr, separator) }}{%- endmacro %}
{% macro duckdb__split_to_rows(expr, separator) -%}unnest(string_split({{ expr }}, '{{ separator }}')){%- endmacro %}
{#- Spark's split takes a regular expression: the separator goes into a character class. -#}
{% macro spark__split_to_rows(expr, separator) -%}explode(split({{ expr }}, '[{{ separator }}]')){%- endmacro %}
