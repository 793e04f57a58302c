-- Each figure's source: the registered one with the same URL, else one derived from the
-- figure's own source columns (which is then its own root publication).
with figures as (
    select
        figure_id,
        source_org,
        source_title,
        source_url,
        source_url_key,
        published_on,
        published_from,
        published_to,
        published_precision,
        {{ derived_source_id('source_org', 'source_title', 'source_url', 'published_on') }} as derived_id
    from {{ ref('int_figures_typed') }}
)

select
    f.figure_id,
    coalesce(r.source_id, f.derived_id) as source_id,
    r.source_id is not null as source_registered,
    coalesce(r.root_source_id, f.derived_id) as root_source_id,
    f.source_org,
    f.source_title,
    f.source_url,
    f.published_on,
    f.published_from,
    f.published_to,
    f.published_precision
from figures as f
left join {{ ref('int_registered_sources_traced_to_roots') }} as r
    on r.url_key = f.source_url_key
