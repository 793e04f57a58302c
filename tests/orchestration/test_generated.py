"""Files generated from code are committed up to date, and `make test` cannot hide it: its
prepare step runs with ``--check``, which never rewrites them."""

import pytest

from orchestration.transform import prepare


@pytest.mark.parametrize(
    ("name", "path", "render"), prepare.generated_files(), ids=lambda v: str(v)
)
def test_generated_file_is_committed_up_to_date(name, path, render):
    assert path.read_text(encoding="utf-8") == render(), f"{name} is stale: run `make prepare`"


def test_check_mode_fails_on_a_stale_file_and_leaves_it_alone(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "countries.csv"
    stale.write_text("alpha_3,name\n", encoding="utf-8")
    files = [("countries seed", stale, prepare.reference.render_countries)]
    monkeypatch.setattr(prepare, "generated_files", lambda: files)

    assert prepare.main(["--check"]) == 1

    assert stale.read_text(encoding="utf-8") == "alpha_3,name\n"
    assert str(stale) in capsys.readouterr().err


def test_make_test_prepares_in_check_mode():
    from orchestration.settings import REPO_ROOT

    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "orchestration.transform.prepare --check" in test_rule
