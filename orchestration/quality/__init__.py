"""Great Expectations suites: how they run (``gx_suite``) and how results are shown
(``report``). The suites themselves live next to what they check: ``orchestration/families/`` for raw
families, ``marts.py`` for marts."""
