-- marts.economic_impact in every state of knowledge, as real-time periods.
{{ history_of(ref('int_impacts_collected_per_state'), ref('int_knowledge_states_listed'),
              'measure, subject, period_start',
              where='r.not_computed_reason is null', exclude=['not_computed_reason']) }}
