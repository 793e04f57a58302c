"""Great Expectations suites: how they run (``gx_suite``, on Spark ``spark_suite``), what they
found (``outcomes``) and how results are shown (``suite_report``). The suites live next to the
raw families they check (``orchestration/families/``); rules on the models are dbt tests."""
