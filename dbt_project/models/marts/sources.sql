-- Every source a figure cites, registered or derived, with its root publication
-- (see int_sources).
select * from {{ ref('int_sources') }}
