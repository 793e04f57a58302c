-- Growth of every official trade series of North Korea with a partner (two-way totals,
-- metric bilateral_trade_value, category official_trade_total_two_way), in every state of
-- knowledge, growth = current per year ÷ previous per year − 1 in interval arithmetic:
--   * annual series: whole calendar years, each year's totals pooled across publications by
--     the envelope rule, each year over the year before (subject: "<partner>–North Korea
--     official trade, calendar years");
--   * per publication: each period a publication gives over the same publication's previous
--     (earlier, non-overlapping) period, both annualised (whole months count as months/12,
--     other periods as days/365.25); pairs of two calendar years are left to the annual series.
-- basis names both periods in words (a full calendar year as such; any other period by the
-- months it spans and its dates, annualised) and the publications each side rests on, so two
-- growth figures of one partner on different bases (the calendar-year series against a
-- publication's half year) each say which period and source they use.
with trade as (
    select
        c.state_date,
        c.root_source_id,
        {{ ledger.any_value('c.root_title') }} as publication,
        case when c.flow_from = 'PRK' then c.flow_to else c.flow_from end as partner,
        c.period_start,
        c.period_end,
        month(c.period_start) = 1 and day(c.period_start) = 1
            and c.period_end = make_date(year(c.period_start), 12, 31) as calendar_year,
        min(c.range_usd_low) as usd_low,
        max(c.range_usd_high) as usd_high,
        {{ ledger.sorted_list('c.figure_id') }} as figure_ids
    from {{ ref('int_claims_listed_per_state') }} as c
    where c.metric = 'bilateral_trade_value'
      and c.category = 'official_trade_total_two_way'
      and c.quantity_kind = 'money' and not c.fx_unconvertible
      and 'PRK' in (c.flow_from, c.flow_to)
      and c.period_start is not null and c.period_end is not null
    group by c.state_date, c.root_source_id,
        case when c.flow_from = 'PRK' then c.flow_to else c.flow_from end,
        c.period_start, c.period_end
),

partners as (
    select
        t.*,
        case t.partner when 'RUS' then 'Russia' when 'CHN' then 'China'
                       else coalesce(n.name, t.partner) end as partner_name,
        case when t.calendar_year then 'full calendar year ' || cast(year(t.period_start) as {{ dbt.type_string() }})
             else {{ month_span('t.period_start', 't.period_end') }} || ' ('
                  || cast(t.period_start as {{ dbt.type_string() }}) || ' to '
                  || cast(t.period_end as {{ dbt.type_string() }}) || ', '
                  || {{ ledger.format_fixed(period_years('t.period_start', 't.period_end'), 2) }}
                  || ' years, annualised)' end as period_words,
        t.publication as publications,
        t.usd_low / {{ period_years('t.period_start', 't.period_end') }} as per_year_low,
        t.usd_high / {{ period_years('t.period_start', 't.period_end') }} as per_year_high
    from trade as t
    left join {{ ref('countries') }} as n on n.alpha_3 = t.partner
),

annual as (
    select
        state_date, partner, {{ ledger.any_value('partner_name') }} as partner_name, period_start, period_end,
        {{ ledger.any_value('period_words') }} as period_words,
        {{ ledger.join_list(ledger.sort_distinct(ledger.distinct_list('publication')), '; ') }} as publications,
        min(usd_low) as usd_low, max(usd_high) as usd_high,
        min(per_year_low) as per_year_low, max(per_year_high) as per_year_high,
        {{ ledger.concat_lists([ledger.flatten_lists('figure_ids')]) }} as figure_ids
    from partners
    where calendar_year
    group by state_date, partner, period_start, period_end
),

annual_pairs as (
    select
        cur.state_date, cur.partner_name,
        cur.partner_name || '–North Korea official trade, calendar years' as subject,
        {{ growth_over_previous('cur', 'prev') }},
        prev.publications as prev_sources, cur.publications as cur_sources
    from annual as cur
    join annual as prev
        on prev.state_date = cur.state_date and prev.partner = cur.partner
        and year(prev.period_start) = year(cur.period_start) - 1
),

publication_pairs as (
    select
        cur.state_date, cur.partner_name,
        cur.publication as subject,
        {{ growth_over_previous('cur', 'prev') }},
        prev.publications as prev_sources, cur.publications as cur_sources
    from partners as cur
    join partners as prev
        on prev.state_date = cur.state_date
        and prev.root_source_id = cur.root_source_id
        and prev.partner = cur.partner
        and prev.period_end < cur.period_start
    where not (cur.calendar_year and prev.calendar_year)
    qualify row_number() over (
        partition by cur.state_date, cur.root_source_id, cur.partner, cur.period_start, cur.period_end
        order by prev.period_end desc, prev.period_start desc
    ) = 1
),

pairs as (
    select * from annual_pairs
    union all
    select * from publication_pairs
)

select
    state_date,
    'official_trade_growth' as measure,
    subject,
    prev_start as period_start,
    cur_end as period_end,
    value_low,
    value_high,
    'fraction' as unit,
    'Official ' || partner_name || '–North Korea trade'
    || case when cur_sources = prev_sources then ' as published in ' || cur_sources || ': ' else ': ' end
    || cur_words || ' ' || {{ fmt_range('cur_low', 'cur_high', 1e6, 1) }} || ' m USD'
    || case when cur_sources = prev_sources then '' else ' (' || cur_sources || ')' end
    || ' against ' || prev_words || ' ' || {{ fmt_range('prev_low', 'prev_high', 1e6, 1) }} || ' m USD'
    || case when cur_sources = prev_sources then '' else ' (' || prev_sources || ')' end
    || '; growth = current per year ÷ previous per year − 1.' as basis,
    figure_ids
from pairs
