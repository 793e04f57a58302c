-- Where a Comtrade file holds both the TOTAL and its chapters (aggrLevel 2), how far the sum
-- of the chapters is from the TOTAL. Rounding allows 1 US dollar per summed row, or 0.01 % of
-- the TOTAL if that is more; beyond it the difference is reported (a warning, not a failure:
-- Comtrade suppresses confidential chapters, so the parts need not add up).
select
    t.source_file,
    t.classification_code,
    t.type_code,
    t.frequency,
    t.period_start,
    t.reporter,
    t.partner,
    t.flow_code,
    t.primary_value_usd as total_usd,
    c.primary_value_usd as chapters_usd,
    c.rows_summed as chapters,
    t.primary_value_usd - c.primary_value_usd as difference_usd,
    greatest(c.rows_summed + 1.0, abs(t.primary_value_usd) * 0.0001) as tolerance_usd,
    abs(t.primary_value_usd - c.primary_value_usd)
        <= greatest(c.rows_summed + 1.0, abs(t.primary_value_usd) * 0.0001) as within_rounding
from {{ ref('int_comtrade_levels_summed') }} as t
join {{ ref('int_comtrade_levels_summed') }} as c
    using (source_file, classification_code, type_code, frequency, period_start, reporter,
        partner, flow_code)
where t.aggr_level = 0 and c.aggr_level = 2
