-- Every source a figure cites, registered or derived, with its root publication
-- (see int_sources_registered_or_derived).
select * from {{ ref('int_sources_registered_or_derived') }}
