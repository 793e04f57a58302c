-- marts.estimate_series in every state of knowledge, as real-time periods.
{{ history_of(ref('int_series_per_state'), 'series_id, as_of_end, source_id') }}
