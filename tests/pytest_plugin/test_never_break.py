"""A failure inside llm-brief never changes a test outcome or an exit code."""

from __future__ import annotations

import pytest

SUITE = """
def test_ok():
    pass

def test_bad():
    assert 2 < 1
"""


def _exit_without(pytester: pytest.Pytester) -> int:
    return int(pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:llm_brief").ret)


def test_output_dir_that_cannot_be_created(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    (pytester.path / "blocker").write_text("a file where a directory should be")
    result = pytester.runpytest_subprocess(
        "--llm-brief", "--llm-brief-dir", "blocker/out", "-p", "no:cacheprovider"
    )
    assert result.ret == _exit_without(pytester) == 1
    result.assert_outcomes(passed=1, failed=1)
    lines = [line for line in result.outlines if line.startswith("llm-brief")]
    assert len(lines) == 1, lines
    assert "no briefing written" in lines[0]
    assert "blocker" in lines[0]


@pytest.mark.parametrize("where", ["write_atomic", "enospc"])
def test_writer_failure_and_full_disk(pytester: pytest.Pytester, where: str) -> None:
    pytester.makepyfile(SUITE)
    # conftest plugins load before llm-brief writes anything, so they can sabotage its writer
    pytester.makeconftest(
        f"""
        import errno, os
        import llm_brief.output.store as store
        import llm_brief.output.publish as publish

        def broken(path, text):
            if {where!r} == "enospc":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            raise RuntimeError("writer exploded")

        store.write_atomic = broken
        publish.write_atomic = broken
        """
    )
    result = pytester.runpytest_subprocess("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    expected = "No space left on device" if where == "enospc" else "writer exploded"
    result.stdout.fnmatch_lines(
        [f"llm-brief: * · no briefing written (writing the briefing: *{expected}*"]
    )


def test_journal_enospc_keeps_the_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    pytester.makeconftest(
        """
        import errno, os
        import llm_brief.output.journal as journal

        def append(self, event):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        journal.Journal.append = append
        """
    )
    result = pytester.runpytest_subprocess("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["llm-brief internal error in *No space left on device*"])


def test_third_party_hook_raising(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    pytester.makeconftest(
        """
        def pytest_llm_brief_dashboard(dashboard):
            raise RuntimeError("plugin bug")

        def pytest_llm_brief_classify(issue):
            raise ValueError("classifier bug")
        """
    )
    result = pytester.runpytest_subprocess("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    import json

    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text())
    wheres = [e["where"] for e in data["internal"]]
    assert "pytest_llm_brief_dashboard hook" in wheres
    assert "pytest_llm_brief_classify/suggest hook" in wheres
    assert len(data["issues"]) == 1
    result.stdout.fnmatch_lines(["llm-brief internal error in *hook*"])


def test_exit_codes_match_without_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_a="def test_a(): pass\n")
    assert pytester.runpytest("--llm-brief").ret == 0
    pytester.makepyfile(test_b="import nope_not_here\n")
    with_plugin = pytester.runpytest("--llm-brief").ret
    assert with_plugin == pytester.runpytest("-p", "no:llm_brief").ret == 2
    assert (
        pytester.runpytest("--llm-brief", "-k", "nothing_matches").ret
        == pytester.runpytest("-k", "nothing_matches").ret
    )
