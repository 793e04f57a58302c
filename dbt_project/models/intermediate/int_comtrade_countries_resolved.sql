-- UN Comtrade rows with reporter and partner as ISO alpha-3: the numeric M49 code first, else
-- the ISO column of the row (Comtrade's own country variants such as 842 USA); partner 0 is
-- the World, WLD.
select
    c.*,
    coalesce(rn.alpha_3, ri.alpha_3) as reporter,
    case when c.partner_code = 0 then 'WLD' else coalesce(pn.alpha_3, pi.alpha_3) end as partner
from {{ ref('stg_comtrade') }} as c
left join {{ ref('country_numbers') }} as rn on rn.numeric_code = c.reporter_code
left join {{ ref('countries') }} as ri on ri.alpha_3 = c.reporter_iso
left join {{ ref('country_numbers') }} as pn on pn.numeric_code = c.partner_code
left join {{ ref('countries') }} as pi on pi.alpha_3 = c.partner_iso
