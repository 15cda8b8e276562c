"""Every fake secret of the corpus, through every channel, in all three modes: never written.

One case per (mode, channel, secret). A case passes when neither the secret nor any 12-character
window of it is in any file under the output directory, in what llm-brief prints, or in what its
language server and the MCP server answer about the run (diagnostics, hovers; resources and tools). Cases that
leak on today's code are listed in `known_leaks.json` and run as xfails. They are not strict: a
few launch cases leak or not depending on when a live refresh lands, and a fixed leak is found by
the matrix, not by a red build (XPASS shows in the summary; remove its entry then):
`python tests/secrets/leak_matrix.py --write` rewrites the table and prints the matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from secretchannels import CHANNELS
from secretkit import load_secrets, read_known_leaks
from secretruns import applicable

SECRETS = {s.id: s for s in load_secrets()}
KNOWN = read_known_leaks()


def _cases() -> Iterator[object]:
    for channel in CHANNELS:
        for mode in channel.modes:
            for secret in applicable(channel, list(SECRETS.values())):
                case = f"{mode}/{channel.name}/{secret.id}"
                marks = (
                    [pytest.mark.xfail(strict=False, reason=f"{secret.kind} leaks: {KNOWN[case]}")]
                    if case in KNOWN
                    else []
                )
                yield pytest.param(mode, channel.name, secret.id, id=case, marks=marks)


@pytest.mark.parametrize(("mode", "channel", "secret_id"), list(_cases()))
def test_secret_is_never_written(
    mode: str, channel: str, secret_id: str, channel_leaks: Callable[[str, str], dict[str, str]]
) -> None:
    """The secret, whole or as a 12-character window, is in no output of the run."""
    leaks = channel_leaks(mode, channel)
    run = json.loads(leaks["__run__"])
    # pytest exits 1 (tests fail) or 0; an app 0: anything else means the channel did not run.
    assert run["exit"] in ((0, 1) if mode == "pytest" else (0,)), run["stderr"]
    assert run["written"], f"the {mode} run wrote nothing: {run['stderr']}"
    secret = SECRETS[secret_id]
    assert not leaks[secret_id], (
        f"{secret.kind} ({secret.context}) through {channel} in {mode} mode: {leaks[secret_id]}"
    )


def _pytest_channels() -> Iterator[object]:
    for channel in CHANNELS:
        if "pytest" in channel.modes:
            case = f"pytest-own-terminal/{channel.name}"
            marks = [pytest.mark.xfail(strict=False, reason=KNOWN[case])] if case in KNOWN else []
            yield pytest.param(channel.name, id=case, marks=marks)


@pytest.mark.parametrize("channel", list(_pytest_channels()))
def test_pytest_own_terminal_lines(
    channel: str, channel_leaks: Callable[[str, str], dict[str, str]]
) -> None:
    """pytest's own lines under --llm-brief (the short summary) show no secret either."""
    shown = json.loads(channel_leaks("pytest", channel)["__run__"])["pytest_own_terminal"]
    assert not shown, f"pytest's short summary shows {len(shown)} secrets: {shown[:10]}"
