-- Customs totals beside the relayed figures about the same flow and period, as of the as-of
-- date (see int_trade_figures_reconciled_with_customs for the rules).
select * from {{ ref('int_trade_figures_reconciled_with_customs') }}
