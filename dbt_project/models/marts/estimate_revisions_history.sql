-- marts.estimate_revisions in every state of knowledge, as real-time periods.
{{ history_of(ref('int_revisions_per_state'), 'metric, body, source_id') }}
