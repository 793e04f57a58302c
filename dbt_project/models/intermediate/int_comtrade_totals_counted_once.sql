-- One total per reporter, partner, flow and period from the Comtrade downloads, counted once:
-- within a file and classification the TOTAL row where present, else the sum of the coarsest
-- aggregation level present (one level only); across files and classifications describing the
-- same trade, one wins: HS before other classifications, then the newest download.
with per_file as (
    select
        *,
        row_number() over (
            partition by source_file, classification_code, type_code, frequency, period_start,
                reporter, partner, flow_code
            order by aggr_level
        ) as level_rank
    from {{ ref('int_comtrade_levels_summed') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by type_code, frequency, period_start, reporter, partner, flow_code
            order by case when classification_code like 'H%' then 1 else 0 end desc, downloaded_on desc,
                source_file desc, classification_code
        ) as preference,
        count(*) over (
            partition by type_code, frequency, period_start, reporter, partner, flow_code
        ) as candidates
    from per_file
    where level_rank = 1
)

select
    {{ comtrade_flow_columns() }},
    primary_value_usd,
    case flow_code when 'M' then 'CIF' when 'X' then 'FOB' end as valuation,
    case when aggr_level = 0 then 'TOTAL' else 'sum of aggrLevel ' || aggr_level end as total_basis,
    classification_code,
    candidates - 1 as other_downloads_ignored,
    source_file,
    file_sha256,
    source_url,
    downloaded_on
from ranked
where preference = 1
