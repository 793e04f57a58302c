"""The dbt project handle, importable without a manifest (``prepare`` creates the manifest)."""

from dagster_dbt import DbtProject

from orchestration import settings

settings.ensure_dbt_on_path()

dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR
)
# `make prepare` parses the project once. Under `dagster dev`, dagster-dbt would re-parse it
# in the webserver, the daemon and every run worker; only parse here if nobody has yet.
if not dbt_project.manifest_path.exists():
    dbt_project.preparer.prepare(dbt_project)
