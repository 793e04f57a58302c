-- marts.balance in every state of knowledge, as real-time periods (known_from, known_to).
{{ history_of(ref('int_balance_evaluated_per_state'), ref('int_knowledge_states_listed'),
              'source_id') }}
