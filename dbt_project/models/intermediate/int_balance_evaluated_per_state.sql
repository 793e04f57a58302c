-- Who gave whom how much, in every state of knowledge: one row per state and root
-- publication that puts a value on the flows between North Korea and Russia. Interval
-- arithmetic throughout:
--   net low  = PRK→RUS low  − RUS→PRK high      ratio low  = PRK→RUS low  ÷ RUS→PRK high
--   net high = PRK→RUS high − RUS→PRK low       ratio high = PRK→RUS high ÷ RUS→PRK low
-- A bound nobody published stays NULL, and so does everything computed from it.
-- Each side says what its value covers, because publications value different things (shells
-- only; arms since Feb 2022; arms, ammunition and troops since 2023): <side>_scope names the
-- categories behind it in words (the category as the curator named it, a trailing "_total"
-- dropped and "_" read as a space; several categories joined with ", " in alphabetical order),
-- and <side>_period_start/end the earliest start and latest end of the figures behind it.
with scoped as (
    select
        *,
        {{ category_words('coalesce(category, metric)') }} as scope_words
    from {{ ref('int_transfers_pooled_by_publication') }}
),

per_direction as (
    select
        state_date,
        root_source_id,
        direction,
        min(usd_low) as usd_low,
        max(usd_high) as usd_high,
        min(period_start) as period_start,
        max(period_end) as period_end,
        {{ ledger.join_list(ledger.sort_distinct(ledger.distinct_list('scope_words')), ', ') }} as scope,
        {{ ledger.flatten_lists('figure_ids') }} as figure_ids
    from scoped
    group by state_date, root_source_id, direction
),

prk as (select * from per_direction where direction = 'prk_to_rus'),
rus as (select * from per_direction where direction = 'rus_to_prk'),
roots as (select distinct state_date, root_source_id from per_direction)

select
    roots.state_date,
    s.source_id,
    s.title as source_title,
    s.org as source_org,
    coalesce(s.title, s.url, s.source_id) || coalesce(' — ' || s.org, '') as source_name,
    s.origin as source_origin,
    s.published_on,
    s.published_from,
    s.published_to,
    least(coalesce(prk.period_start, rus.period_start), coalesce(rus.period_start, prk.period_start)) as period_start,
    greatest(coalesce(prk.period_end, rus.period_end), coalesce(rus.period_end, prk.period_end)) as period_end,
    prk.scope as prk_to_rus_scope,
    prk.period_start as prk_to_rus_period_start,
    prk.period_end as prk_to_rus_period_end,
    prk.usd_low as prk_to_rus_usd_low,
    prk.usd_high as prk_to_rus_usd_high,
    rus.scope as rus_to_prk_scope,
    rus.period_start as rus_to_prk_period_start,
    rus.period_end as rus_to_prk_period_end,
    rus.usd_low as rus_to_prk_usd_low,
    rus.usd_high as rus_to_prk_usd_high,
    prk.usd_low - rus.usd_high as net_usd_low,
    prk.usd_high - rus.usd_low as net_usd_high,
    prk.usd_low / nullif(rus.usd_high, 0) as ratio_low,
    prk.usd_high / nullif(rus.usd_low, 0) as ratio_high,
    {{ ledger.concat_lists(['prk.figure_ids', 'rus.figure_ids'], distinct=true) }} as figure_ids
from roots
join {{ ref('int_sources_registered_or_derived') }} as s on s.source_id = roots.root_source_id
left join prk on prk.root_source_id = roots.root_source_id and prk.state_date = roots.state_date
left join rus on rus.root_source_id = roots.root_source_id and rus.state_date = roots.state_date
