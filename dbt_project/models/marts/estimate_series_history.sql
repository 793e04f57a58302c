-- marts.estimate_series in every state of knowledge, as real-time periods.
{{ history_of(ref('int_series_assembled_per_state'), ref('int_knowledge_states_listed'),
              'series_id, as_of_end, source_id') }}
