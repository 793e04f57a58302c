"""The dbt project handle. Importing it never parses the project: ``make prepare``
(``python -m orchestration.transform.prepare``) writes the manifest once, and the webserver, the daemon
and every run worker read that file instead of running ``dbt parse`` each."""

from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings

settings.ensure_dbt_on_path()

dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR
)


def prepared_manifest() -> Path:
    """The manifest ``make prepare`` wrote; a clear error naming the command when it is
    missing (a fresh clone that ran ``dagster dev`` before ``make prepare``)."""
    path = dbt_project.manifest_path
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: run `make prepare` (python -m orchestration.transform.prepare) before "
            "loading the code location"
        )
    return path
