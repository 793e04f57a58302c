{#- Drop the tables and views of the dbt schemas that no model or seed builds any more (a
    renamed or removed model): the build file persists from run to run and is published
    whole, so a stale table would otherwise be published beside its successor. Run at the end
    of every dbt invocation (on-run-end in dbt_project.yml); schemas dbt does not build (raw,
    audit) are never looked at. -#}
{% macro drop_orphaned_relations() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set expected = [] -%}
        {%- set schemas = [] -%}
        {%- set dropped = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type in ['model', 'seed'] -%}
            {%- do expected.append((node.schema ~ '.' ~ (node.alias or node.name)) | lower) -%}
            {%- if node.schema not in schemas -%}{%- do schemas.append(node.schema) -%}{%- endif -%}
        {%- endfor -%}
        {%- for schema in schemas -%}
            {%- set container = api.Relation.create(database=target.database, schema=schema) -%}
            {%- for row in list_relations_without_caching(container) -%}
                {%- if (schema ~ '.' ~ row['name']) | lower not in expected -%}
                    {%- set relation = api.Relation.create(database=row['database'], schema=row['schema'],
                            identifier=row['name'], type=row['type']) -%}
                    {{ log('Dropping ' ~ relation ~ ': no model builds it any more', info=true) }}
                    {%- do adapter.drop_relation(relation) -%}
                    {%- do dropped.append(relation) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {#- A hook's own statements are not committed: without this the drops roll back. -#}
        {%- if dropped -%}{%- do adapter.commit() -%}{%- endif -%}
    {%- endif -%}
{% endmacro %}
