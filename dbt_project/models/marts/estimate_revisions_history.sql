-- marts.estimate_revisions in every state of knowledge, as real-time periods.
{{ history_of(ref('int_revisions_chained_per_state'), ref('int_knowledge_states_listed'),
              'metric, body, source_id') }}
