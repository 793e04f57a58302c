"""The two locks: `make run` installs requirements.lock; `make test` adds the `scale` extra."""

from __future__ import annotations

import re
import tomllib

from orchestration.settings import REPO_ROOT


def scale_extra() -> set[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = project["project"]["optional-dependencies"]["scale"]
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0).lower() for r in requirements}


def pins(name: str) -> dict[str, str]:
    text = (REPO_ROOT / name).read_text(encoding="utf-8")
    return dict(re.findall(r"(?m)^([A-Za-z0-9._-]+)==(\S+)", text))


def test_default_install_stays_without_the_scale_extra():
    extra = scale_extra()
    assert {"dagster-postgres", "psycopg2-binary"} <= extra
    assert not extra & set(pins("requirements.lock"))


def test_scale_lock_is_the_main_lock_plus_the_extra():
    """Regenerate requirements-scale.lock whenever requirements.lock changes (README)."""
    main, scale = pins("requirements.lock"), pins("requirements-scale.lock")
    drift = {name: (v, scale.get(name)) for name, v in main.items() if scale.get(name) != v}
    assert not drift, f"requirements-scale.lock differs from requirements.lock: {drift}"
    assert scale_extra() <= set(scale) - set(main)


def test_dagster_postgres_matches_dagster():
    """Dagster's libraries are released with the core: 0.29.N goes with 1.13.N."""
    scale = pins("requirements-scale.lock")
    assert scale["dagster-postgres"] == scale["dagster-dbt"]
    assert scale["dagster-postgres"].split(".")[2] == scale["dagster"].split(".")[2]
