"""The dbt project handle, importable without a manifest (``prepare`` creates the manifest)."""

from dagster_dbt import DbtProject

from orchestration import settings

settings.ensure_dbt_on_path()

dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR
)
dbt_project.prepare_if_dev()
