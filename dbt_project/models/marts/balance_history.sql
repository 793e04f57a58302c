-- marts.balance in every state of knowledge, as real-time periods (known_from, known_to).
{{ history_of(ref('int_balance_per_state'), 'source_id') }}
