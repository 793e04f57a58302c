-- marts.conflicts in every state of knowledge, as real-time periods.
{{ history_of(ref('int_conflicts_detected_per_state'), ref('int_knowledge_states_listed'),
              'conflict_id') }}
