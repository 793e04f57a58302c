-- What the partnership means for North Korea's economy, as of the as-of date: one row per
-- measure, subject (a source, a location, or a partner's customs) and period, with the basis
-- in words and what it rests on: figure_ids, or for mirror-data rows the trade files
-- (trade_file_hashes, see raw.trade_records._file_sha256). Measures that cannot be computed
-- are in marts.not_computed instead.
select {{ ledger.columns_except(ref('int_impacts_collected_per_state'), ['state_date', 'not_computed_reason']) }}
from {{ ref('int_impacts_collected_per_state') }}
where {{ current_state() }} and not_computed_reason is null
