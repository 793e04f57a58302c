-- How each monetary figure converts to US dollars, and at what rate.
--   * the conversion date is the end of the figure's period (a range spanning a period is
--     converted at its end), else its start, else its publication;
--   * USD: identity;
--   * ECB currencies: the ECB cross rate of that day, else of the nearest previous ECB
--     publication day at most var('fx_max_days_back') days earlier; beyond that the figure
--     is flagged unconvertible and never converted with a distant rate;
--   * KPW: the market rate of the nearest survey (either side) in the same location, else the
--     national proxy: the nearest Pyongyang market survey (Daily NK's fullest series;
--     Sinuiju and Hyesan track it closely), flagged as such.
with money as (
    select
        f.figure_id,
        u.currency,
        f.location,
        coalesce(f.period_end_date, f.period_start_date, f.published_to) as fx_target_date
    from {{ ref('int_figures_typed') }} as f
    join {{ ref('int_units_composed') }} as u on u.unit = f.unit
    where u.quantity_kind in ('money', 'money_rate')
),

ecb as (
    select m.figure_id, r.rate_date, r.usd_per_unit
    from money as m
    {{ ledger.asof_left_join(ref('int_ecb_rates_crossed_to_usd'), 'r', 'r.currency = m.currency', 'm.fx_target_date', 'rate_date', 'currency') }}
    where m.currency not in ('USD', 'KPW')
),

kpw_candidates as (
    select
        m.figure_id,
        k.observed_on,
        1 / k.kpw_per_usd as usd_per_unit,
        k.location = m.location as same_location,
        row_number() over (
            partition by m.figure_id
            order by (k.location = m.location) desc, abs({{ dbt.datediff('k.observed_on', 'm.fx_target_date', 'day') }}) nulls last, k.observed_on nulls last
        ) as preference
    from money as m
    join {{ ref('int_kpw_rates_pooled_by_survey') }} as k
        on k.location = m.location or k.location = 'Pyongyang'
    where m.currency = 'KPW' and m.fx_target_date is not null
),

kpw as (select * from kpw_candidates where preference = 1)

select
    m.figure_id,
    m.currency,
    m.fx_target_date,
    case
        when m.currency = 'USD' then 1.0
        when m.currency = 'KPW' then kpw.usd_per_unit
        when {{ dbt.datediff('ecb.rate_date', 'm.fx_target_date', 'day') }} <= {{ var('fx_max_days_back') }}
            then ecb.usd_per_unit
    end as fx_rate,
    case
        when m.currency = 'KPW' then kpw.observed_on
        when m.currency <> 'USD'
         and {{ dbt.datediff('ecb.rate_date', 'm.fx_target_date', 'day') }} <= {{ var('fx_max_days_back') }}
            then ecb.rate_date
    end as fx_rate_date,
    case
        when m.currency = 'USD' then 'identity'
        when m.fx_target_date is null then 'unconvertible: no date'
        when m.currency = 'KPW' and kpw.same_location then 'kpw_market_same_location'
        when m.currency = 'KPW' and kpw.usd_per_unit is not null then 'kpw_market_national_proxy'
        when m.currency = 'KPW' then 'unconvertible: no won market survey'
        when ecb.rate_date = m.fx_target_date then 'ecb_same_day'
        when {{ dbt.datediff('ecb.rate_date', 'm.fx_target_date', 'day') }} <= {{ var('fx_max_days_back') }}
            then 'ecb_previous_publication_day'
        when ecb.rate_date is null then 'unconvertible: no ECB rate for the currency by then'
        else 'unconvertible: nearest ECB rate more than {{ var("fx_max_days_back") }} days earlier'
    end as fx_method
from money as m
left join ecb using (figure_id)
left join kpw using (figure_id)
