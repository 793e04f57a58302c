-- UN Comtrade rows as downloaded, typed: the period as first and last day, the countries as
-- Comtrade gives them (numeric M49 code and ISO column; int_comtrade_countries_resolved turns
-- them into ISO alpha-3), values in US dollars, and the provenance of every row (UN Comtrade,
-- URL, download day, encoding).
with rows as (
    select
        *,
        upper(trim({{ adapter.quote('freqCode') }})) as freq,
        trim({{ adapter.quote('period') }}) as period_text,
        cast({{ comtrade_number(adapter.quote('reporterCode')) }} as integer) as reporter_num,
        cast({{ comtrade_number(adapter.quote('partnerCode')) }} as integer) as partner_num
    from {{ source('raw', 'comtrade') }}
)

select
    upper(trim(r.{{ adapter.quote('typeCode') }})) as type_code,
    r.freq as freq_code,
    case r.freq when 'A' then 'year' when 'M' then 'month' end as frequency,
    case r.freq
        when 'A' then make_date(cast(left(r.period_text, 4) as integer), 1, 1)
        when 'M' then {{ ledger.parse_date("left(r.period_text, 4) || '-' || substr(r.period_text, 5, 2)", 'YYYY-MM', strict=true) }}
    end as period_start,
    case r.freq
        when 'A' then make_date(cast(left(r.period_text, 4) as integer), 12, 31)
        when 'M' then last_day({{ ledger.parse_date("left(r.period_text, 4) || '-' || substr(r.period_text, 5, 2)", 'YYYY-MM', strict=true) }})
    end as period_end,
    r.reporter_num as reporter_code,
    nullif(upper(trim(r.{{ adapter.quote('reporterISO') }})), '') as reporter_iso,
    nullif(trim(r.{{ adapter.quote('reporterDesc') }}), '') as reporter_desc,
    upper(trim(r.{{ adapter.quote('flowCode') }})) as flow_code,
    nullif(trim(r.{{ adapter.quote('flowDesc') }}), '') as flow_desc,
    r.partner_num as partner_code,
    nullif(upper(trim(r.{{ adapter.quote('partnerISO') }})), '') as partner_iso,
    nullif(trim(r.{{ adapter.quote('partnerDesc') }}), '') as partner_desc,
    cast({{ comtrade_number(adapter.quote('partner2Code')) }} as integer) as partner2_code,
    upper(trim(r.{{ adapter.quote('classificationCode') }})) as classification_code,
    trim(r.{{ adapter.quote('cmdCode') }}) as cmd_code,
    nullif(trim(r.{{ adapter.quote('cmdDesc') }}), '') as cmd_desc,
    coalesce(
        cast({{ comtrade_number('r.' ~ adapter.quote('aggrLevel')) }} as integer),
        case when upper(trim(r.{{ adapter.quote('cmdCode') }})) = 'TOTAL' then 0 else length(trim(r.{{ adapter.quote('cmdCode') }})) end
    ) as aggr_level,
    upper(trim(r.{{ adapter.quote('cmdCode') }})) = 'TOTAL' as is_total,
    {{ comtrade_flag('r.' ~ adapter.quote('isLeaf')) }} as is_leaf,
    nullif(trim(r.{{ adapter.quote('customsCode') }}), '') as customs_code,
    cast({{ comtrade_number('r.' ~ adapter.quote('motCode')) }} as integer) as mot_code,
    nullif(trim(r.{{ adapter.quote('qtyUnitAbbr') }}), '') as qty_unit,
    {{ comtrade_number('r.' ~ adapter.quote('qty')) }} as qty,
    {{ comtrade_number('r.' ~ adapter.quote('netWgt')) }} as net_weight_kg,
    {{ comtrade_number('r.' ~ adapter.quote('grossWgt')) }} as gross_weight_kg,
    {{ comtrade_number('r.' ~ adapter.quote('cifvalue')) }} as cif_value_usd,
    {{ comtrade_number('r.' ~ adapter.quote('fobvalue')) }} as fob_value_usd,
    {{ comtrade_number('r.' ~ adapter.quote('primaryValue')) }} as primary_value_usd,
    {{ comtrade_flag('r.' ~ adapter.quote('isReported')) }} as is_reported,
    {{ comtrade_flag('r.' ~ adapter.quote('isAggregate')) }} as is_aggregate,
    'UN Comtrade' as source_org,
    r._source_url as source_url,
    cast(r._downloaded_on as date) as downloaded_on,
    r._provenance as provenance,
    r._encoding as encoding,
    r._source_file as source_file,
    r._source_row as source_row,
    r._file_sha256 as file_sha256
from rows as r
