-- Every unit a figure may use: the rows of the units seed, plus money units composed from any
-- ISO 4217 currency (reference.currencies) alone or per year / month / soldier-month, e.g.
-- KRW (money), KRW_per_year, EUR_per_month, CNY_per_soldier_month (money_rate). The quantity
-- kind and the currency follow from the composition, so a new currency needs no new seed row.
with seeded as (
    select unit, quantity_kind, currency, per, description, 'seed' as defined_by
    from {{ ref('units') }}
),

used as (
    select distinct
        unit,
        regexp_extract(unit, '^([A-Z]{3})(_per_(year|month|soldier_month|soldier_per_month))?$', 1) as code,
        regexp_extract(unit, '^([A-Z]{3})(_per_(year|month|soldier_month|soldier_per_month))?$', 3) as per
    from {{ ref('int_figures_typed') }}
    where unit not in (select unit from seeded)
),

composed as (
    select
        u.unit,
        case when u.per = '' then 'money' else 'money_rate' end as quantity_kind,
        c.alpha_3 as currency,
        case u.per when '' then null when 'soldier_per_month' then 'soldier_month' else u.per end as per,
        c.name || case u.per when '' then ''
                             when 'year' then ' per year'
                             when 'month' then ' per month'
                             else ' per soldier per month' end as description,
        'composed' as defined_by
    from used as u
    join {{ ref('currencies') }} as c on c.alpha_3 = u.code
)

select * from seeded
union all
select * from composed
