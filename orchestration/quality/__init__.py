"""Great Expectations suites: how they run (``gx_suite``) and how results are shown
(``report``). The suites themselves live next to what they check: ``families.py`` for raw
families, ``marts.py`` for marts."""
