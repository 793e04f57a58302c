-- Every body that makes estimates: the organisations of raw/organisations.csv
-- (origin = registry) and the bodies derived from figures whose cited body no organisation
-- claims (origin = derived, for curators to register), with the figures attributed to each.
with registered as (
    select
        org_id as body_id,
        'registry' as origin,
        name,
        country,
        kind,
        cited_as,
        note
    from {{ ref('stg_organisations') }}
),

derived as (
    select
        body_id,
        'derived' as origin,
        min(body) as name,  -- spellings of one derived id differ at most in case: the same one always
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as kind,
        min(cited_body) as cited_as,
        cast(null as {{ dbt.type_string() }}) as note
    from {{ ref('int_figures_attributed_to_bodies') }}
    where not body_registered and body_id is not null
    group by body_id
),

bodies as (
    select * from registered
    union all
    select * from derived
)

select
    b.*,
    (select count(*) from {{ ref('int_figures_attributed_to_bodies') }} as f where f.body_id = b.body_id) as figure_count
from bodies as b
