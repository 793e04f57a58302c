-- Every source a figure cites: curated ones from raw/sources.csv and the ones derived from
-- the figures themselves, each with its root publication (marts.sources shows them as they are).
with registered as (
    select
        source_id,
        kind,
        'registry' as origin,
        relays,
        root_source_id,
        org,
        title,
        url,
        published_on,
        published_from,
        published_to,
        published_precision,
        method,
        note
    from {{ ref('int_registered_sources_traced_to_roots') }}
),

derived as (
    select
        source_id,
        'publication' as kind,
        'derived' as origin,
        cast(null as {{ dbt.type_string() }}) as relays,
        root_source_id,
        {{ ledger.any_value('source_org') }} as org,
        {{ ledger.any_value('source_title') }} as title,
        {{ ledger.any_value('source_url') }} as url,
        {{ ledger.any_value('published_on') }} as published_on,
        {{ ledger.any_value('published_from') }} as published_from,
        {{ ledger.any_value('published_to') }} as published_to,
        {{ ledger.any_value('published_precision') }} as published_precision,
        cast(null as {{ dbt.type_string() }}) as method,
        cast(null as {{ dbt.type_string() }}) as note
    from {{ ref('int_figures_matched_to_sources') }}
    where not source_registered
    group by source_id, root_source_id
),

all_sources as (
    select * from registered
    union all
    select * from derived
)

select
    s.*,
    (select count(*) from {{ ref('int_figures_matched_to_sources') }} as f where f.source_id = s.source_id) as figure_count
from all_sources as s
