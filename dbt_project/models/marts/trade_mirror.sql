-- North Korea's trade as its partners' customs record it (mirror data); the logic is in
-- int_trade_mirrored_from_partners, which the mirror-data growth measure reads too.
select * from {{ ref('int_trade_mirrored_from_partners') }}
