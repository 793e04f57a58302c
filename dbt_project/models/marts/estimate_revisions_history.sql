-- marts.estimate_revisions in every state of knowledge, as real-time periods.
{{ history_of(ref('int_revision_states'), 'metric, body, source_id') }}
