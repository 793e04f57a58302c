"""The dbt side: the project handle, generated sources, prepare, the Spark engine."""
