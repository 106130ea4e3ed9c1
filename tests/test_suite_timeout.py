"""The suite's own guard (issue 10): a test that hangs fails after the per-test timeout, never stalls CI."""

from __future__ import annotations

import pytest


def test_every_test_has_a_time_limit(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    assert 0 < float(pytestconfig.getini("timeout")) <= 120


def test_a_hanging_test_fails_instead_of_stalling(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading

        def test_hangs():
            threading.Event().wait()  # nothing will ever set it
        """
    )
    result = pytester.runpytest_subprocess("--timeout=1")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Timeout*"])
