-- Comtrade values summed per file, classification, flow, period and aggregation level. A
-- download often holds TOTAL, chapters (aggrLevel 2), headings (4) and leaves (6): different
-- views of the same trade, kept apart here so that nothing is counted twice. Only the classic
-- breakdown counts: all customs procedures (C00), all modes of transport (0) and the World as
-- second partner (0); the finer rows of a "plus" download are parts of those.
select
    source_file,
    file_sha256,
    downloaded_on,
    source_url,
    classification_code,
    {{ comtrade_flow_columns() }},
    case when is_total then 0 else aggr_level end as aggr_level,
    sum(primary_value_usd) as primary_value_usd,
    sum(cif_value_usd) as cif_value_usd,
    sum(fob_value_usd) as fob_value_usd,
    count(*) as rows_summed
from {{ ref('int_comtrade_countries_resolved') }}
where coalesce(partner2_code, 0) = 0
  and coalesce(customs_code, 'C00') = 'C00'
  and coalesce(mot_code, 0) = 0
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
