-- UN Comtrade rows as downloaded, typed: the period as first and last day, reporter and
-- partner as ISO alpha-3 (numeric M49 code first, else the ISO column of the row for
-- Comtrade's own country variants such as 842 USA; partner 0 is the World, WLD), values in
-- US dollars, and the provenance of every row (UN Comtrade, URL, download day, encoding).
with rows as (
    select
        *,
        upper(trim("freqCode")) as freq,
        trim("period") as period_text,
        {{ comtrade_number('"reporterCode"') }}::integer as reporter_num,
        {{ comtrade_number('"partnerCode"') }}::integer as partner_num
    from {{ source('raw', 'comtrade') }}
)

select
    upper(trim(r."typeCode")) as type_code,
    r.freq as freq_code,
    case r.freq when 'A' then 'year' when 'M' then 'month' end as frequency,
    case r.freq
        when 'A' then make_date(left(r.period_text, 4)::integer, 1, 1)
        when 'M' then strptime(r.period_text, '%Y%m')::date
    end as period_start,
    case r.freq
        when 'A' then make_date(left(r.period_text, 4)::integer, 12, 31)
        when 'M' then last_day(strptime(r.period_text, '%Y%m')::date)
    end as period_end,
    r.reporter_num as reporter_code,
    coalesce(rn.alpha_3, ri.alpha_3) as reporter,
    nullif(trim(r."reporterDesc"), '') as reporter_desc,
    upper(trim(r."flowCode")) as flow_code,
    nullif(trim(r."flowDesc"), '') as flow_desc,
    r.partner_num as partner_code,
    case when r.partner_num = 0 then 'WLD' else coalesce(pn.alpha_3, pi.alpha_3) end as partner,
    nullif(trim(r."partnerDesc"), '') as partner_desc,
    {{ comtrade_number('"partner2Code"') }}::integer as partner2_code,
    upper(trim(r."classificationCode")) as classification_code,
    trim(r."cmdCode") as cmd_code,
    nullif(trim(r."cmdDesc"), '') as cmd_desc,
    coalesce(
        {{ comtrade_number('r."aggrLevel"') }}::integer,
        case when upper(trim(r."cmdCode")) = 'TOTAL' then 0 else length(trim(r."cmdCode")) end
    ) as aggr_level,
    upper(trim(r."cmdCode")) = 'TOTAL' as is_total,
    {{ comtrade_flag('r."isLeaf"') }} as is_leaf,
    nullif(trim(r."customsCode"), '') as customs_code,
    {{ comtrade_number('r."motCode"') }}::integer as mot_code,
    nullif(trim(r."qtyUnitAbbr"), '') as qty_unit,
    {{ comtrade_number('r."qty"') }} as qty,
    {{ comtrade_number('r."netWgt"') }} as net_weight_kg,
    {{ comtrade_number('r."grossWgt"') }} as gross_weight_kg,
    {{ comtrade_number('r."cifvalue"') }} as cif_value_usd,
    {{ comtrade_number('r."fobvalue"') }} as fob_value_usd,
    {{ comtrade_number('r."primaryValue"') }} as primary_value_usd,
    {{ comtrade_flag('r."isReported"') }} as is_reported,
    {{ comtrade_flag('r."isAggregate"') }} as is_aggregate,
    'UN Comtrade' as source_org,
    r._source_url as source_url,
    r._downloaded_on::date as downloaded_on,
    r._provenance as provenance,
    r._encoding as encoding,
    r._source_file as source_file,
    r._source_row as source_row,
    r._file_sha256 as file_sha256
from rows as r
left join {{ ref('country_numbers') }} as rn on rn.numeric_code = r.reporter_num
left join {{ ref('countries') }} as ri on ri.alpha_3 = upper(trim(r."reporterISO"))
left join {{ ref('country_numbers') }} as pn on pn.numeric_code = r.partner_num
left join {{ ref('countries') }} as pi on pi.alpha_3 = upper(trim(r."partnerISO"))
