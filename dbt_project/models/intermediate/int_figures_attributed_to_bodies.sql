-- The body that made each figure's estimate. The cited body is source_org without the outlet
-- that relayed it (macro cited_body: cut at " via ", parentheses removed); it is looked up,
-- case-insensitively, in the cited_as entries of raw/organisations.csv
-- (int_organisation_names_listed: exact names, and prefix/suffix/contains patterns).
--   * One organisation matches: the figure is attributed to it (body_registered).
--   * None matches: a derived body of its own (derived-<hash of the cited body>), named by the
--     cited body, so one cited body is one body whoever relayed it.
--   * Several match: ambiguous. candidate_count says how many and candidate_body_ids which;
--     the blocking check figures_attributed_to_one_body fails the run on such a figure.
with figures as (
    select
        figure_id,
        {{ cited_body('source_org') }} as cited_body
    from {{ ref('int_figures_typed') }}
),

matches as (
    select distinct
        f.figure_id,
        n.org_id
    from figures as f
    inner join {{ ref('int_organisation_names_listed') }} as n
        on (n.match_kind = 'exact' and lower(f.cited_body) = n.match_text)
        or (n.match_kind = 'prefix' and left(lower(f.cited_body), length(n.match_text)) = n.match_text)
        or (n.match_kind = 'suffix' and right(lower(f.cited_body), length(n.match_text)) = n.match_text)
        or (n.match_kind = 'contains' and instr(lower(f.cited_body), n.match_text) > 0)
),

candidates as (
    select
        figure_id,
        count(*) as candidate_count,
        min(org_id) as first_org_id,
        {{ ledger.join_list(ledger.sorted_list('org_id'), ', ') }} as candidate_body_ids
    from matches
    group by figure_id
)

select
    f.figure_id,
    f.cited_body,
    case
        when c.candidate_count = 1 then o.org_id
        when f.cited_body is not null then {{ derived_body_id('f.cited_body') }}
    end as body_id,
    case when c.candidate_count = 1 then o.name else f.cited_body end as body,
    case when c.candidate_count = 1 then o.kind end as body_kind,
    case when c.candidate_count = 1 then o.country end as body_country,
    coalesce(c.candidate_count = 1, false) as body_registered,
    coalesce(c.candidate_count, 0) as candidate_count,
    c.candidate_body_ids
from figures as f
left join candidates as c on c.figure_id = f.figure_id
left join {{ ref('stg_organisations') }} as o on o.org_id = c.first_org_id
