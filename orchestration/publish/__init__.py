"""After the models: write-audit-publish, table comments, exports, report, docs."""
