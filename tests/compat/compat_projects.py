"""The small projects the combinations run: a shop package with tests that pass, fail, skip, log
and warn, and the suites of one behaviour each (caplog, strict warnings, child processes, ...)."""

from __future__ import annotations

from textwrap import dedent

from compat_plugin_suites import PLUGIN_SUITES

BASE: dict[str, str] = {
    "shop/__init__.py": '"""A tiny shop."""\n',
    "shop/cart.py": '''
        """A shopping cart that logs what it does."""
        import logging
        import warnings

        log = logging.getLogger(__name__)


        class Cart:
            """Items and their prices.

            >>> Cart().add("pen", 2).count()
            1
            """

            def __init__(self):
                self.items = {}

            def add(self, name, price, qty=1):
                log.info("Adding %s x%d", name, qty)
                if price < 0:
                    log.warning("Negative price for %s", name)
                self.items[name] = (price, qty)
                return self

            def count(self):
                return len(self.items)

            def total(self):
                # the bug the failing test finds: the quantity is ignored
                return sum(price for price, _qty in self.items.values())

            def legacy_total(self):
                warnings.warn("legacy_total() is deprecated, use total()", DeprecationWarning, stacklevel=2)
                return self.total()
        ''',
    "tests/test_cart.py": """
        import logging

        import pytest

        from shop.cart import Cart


        def test_add():
            assert Cart().add("pen", 2).count() == 1


        def test_total_counts_quantity():
            assert Cart().add("pen", 2, qty=3).total() == 6


        @pytest.mark.skip(reason="needs the price service")
        def test_remote_prices():
            raise AssertionError("not reached")


        @pytest.mark.xfail(reason="rounding is not done yet")
        def test_rounding():
            assert Cart().add("gum", 0.1).add("tea", 0.2).total() == 0.3


        def test_legacy_total():
            assert Cart().legacy_total() == 0


        def test_negative_price_is_logged(caplog):
            with caplog.at_level(logging.WARNING):
                Cart().add("refund", -1)
            assert "Negative price for refund" in caplog.text


        @pytest.mark.parametrize("qty", [1, 2])
        def test_print_receipt(qty, capsys):
            print(f"receipt: {qty} pens")
            assert capsys.readouterr().out == f"receipt: {qty} pens\\n"
        """,
}

SUITES: dict[str, dict[str, str]] = {
    "caplog": {
        "tests/test_logging_contract.py": """
            import logging

            from shop.cart import Cart


            def test_info_is_below_the_default_level(caplog):
                Cart().add("pen", 1)
                assert caplog.records == []


            def test_caplog_text_is_empty(caplog):
                Cart().add("pen", 1)
                assert caplog.text == ""


            def test_root_logger_is_as_configured():
                root = logging.getLogger()
                assert root.level == logging.WARNING
                assert all(type(h).__module__ in ("logging", "_pytest.logging") for h in root.handlers)


            def test_isolated_logger_keeps_its_handlers():
                audit = logging.getLogger("shop.audit")
                audit.propagate = False
                assert audit.handlers == [] and not audit.propagate
                audit.warning("audit trail")


            def test_warning_is_recorded(caplog):
                Cart().add("refund", -2)
                assert [r.levelname for r in caplog.records] == ["WARNING"]
            """,
    },
    "strict_warnings": {
        "tests/test_strict.py": """
            import warnings

            import pytest

            from shop.cart import Cart


            def test_clean():
                assert Cart().add("pen", 2).total() == 2


            def test_expected_warning():
                with pytest.warns(DeprecationWarning, match="legacy_total"):
                    Cart().legacy_total()


            def test_recwarn_sees_only_its_own(recwarn):
                warnings.warn("mine", UserWarning)
                assert [str(w.message) for w in recwarn] == ["mine"]
            """,
    },
    "isolated_logger": {
        "tests/test_audit.py": """
            import logging

            audit = logging.getLogger("shop.audit")
            audit.propagate = False  # the app keeps its audit trail out of the root handlers


            def test_audit_write():
                audit.warning("audit write failed: disk full")
                raise OSError("disk full")
            """,
    },
    "children": {
        "work/.keep": "",
        "tests/test_children.py": """
            import pathlib
            import subprocess
            import sys

            CHILD = "import logging; logging.getLogger('child').warning('from the child'); print('ok')"
            WORK = pathlib.Path(__file__).resolve().parent.parent / "work"


            def test_child_leaves_temp_dir_empty(tmp_path):
                done = subprocess.run([sys.executable, "-c", CHILD], cwd=tmp_path, capture_output=True, text=True)
                assert done.stdout == "ok\\n"
                assert sorted(p.name for p in tmp_path.iterdir()) == []


            def test_child_in_project_subdir():
                done = subprocess.run([sys.executable, "-c", CHILD], cwd=WORK, capture_output=True, text=True)
                assert done.returncode == 0


            def test_failing_child():
                done = subprocess.run([sys.executable, "-c", "raise SystemExit('boom')"], capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
            """,
    },
    "flaky": {
        "tests/test_flaky.py": """
            import logging

            ATTEMPTS = {"n": 0}


            def test_flaky_service():
                ATTEMPTS["n"] += 1
                logging.getLogger("shop.service").warning("attempt %d", ATTEMPTS["n"])
                assert ATTEMPTS["n"] >= 2


            def test_always_down():
                raise ConnectionError("service down")
            """,
    },
    "hang": {
        "tests/test_hang.py": """
            import threading


            def test_before():
                pass


            def test_hangs():
                print("waiting for the lock")
                threading.Event().wait()
            """,
        "tests/test_later.py": "def test_after():\n    pass\n",
    },
    "crash": {
        "tests/test_crash.py": """
            import os


            def test_fine():
                pass


            def test_worker_dies():
                print("about to crash")
                os._exit(3)


            def test_fine_too():
                pass
            """,
    },
    "conftest_error": {
        "tests/conftest.py": "import shop.missing_module  # noqa: F401\n",
    },
}


def project_files(suites: tuple[str, ...], base: bool = True) -> dict[str, str]:
    """The shop package, its base tests (unless `base` is off) and the named suites' files."""
    files = {path: text for path, text in BASE.items() if base or path.startswith("shop/")}
    for name in suites:
        files.update(SUITES.get(name) or PLUGIN_SUITES[name])
    return {path: dedent(text).lstrip("\n") for path, text in files.items()}
