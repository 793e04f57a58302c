-- marts.source_comparison in every state of knowledge, as real-time periods.
{{ history_of(ref('int_comparisons_per_state'), 'comparison_id, source_id') }}
