-- marts.conflicts in every state of knowledge, as real-time periods.
{{ history_of(ref('int_conflicts_per_state'), 'conflict_id') }}
