-- marts.source_comparison in every state of knowledge, as real-time periods.
{{ history_of(ref('int_estimates_compared_per_state'), ref('int_knowledge_states_listed'),
              'comparison_id, source_id') }}
