-- Registered sources with the root publication each one ultimately relays.
with recursive chain(source_id, root_source_id, depth) as (
    select source_id, source_id, 0
    from {{ ref('stg_sources') }}
    where relays is null
    union all
    select s.source_id, chain.root_source_id, chain.depth + 1
    from {{ ref('stg_sources') }} as s
    join chain on s.relays = chain.source_id
    where chain.depth < 10  -- a relay cycle stops here and shows up as a missing root
)

select s.*, chain.root_source_id
from {{ ref('stg_sources') }} as s
left join chain using (source_id)
