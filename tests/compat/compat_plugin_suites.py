"""The test files of the plugin suites (pytest-asyncio, anyio, hypothesis, pytest-mock,
pytest-django, pytest-bdd, pytest-benchmark, subtests, unittest) the combinations add to the shop."""

from __future__ import annotations

PLUGIN_SUITES: dict[str, dict[str, str]] = {
    "asyncio": {
        "tests/test_async.py": """
            import asyncio
            import logging

            import pytest


            @pytest.fixture
            async def feed():
                await asyncio.sleep(0)
                return [1, 2, 3]


            @pytest.mark.asyncio
            async def test_feed(feed):
                assert sum(feed) == 6


            @pytest.mark.asyncio
            async def test_timeout_in_feed():
                logging.getLogger("shop.feed").warning("slow feed")
                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.Event().wait(), 0.01)


            @pytest.mark.asyncio
            async def test_broken_feed(feed):
                assert feed == [1, 2]
            """,
    },
    "anyio": {
        "tests/test_anyio.py": """
            import anyio
            import pytest


            @pytest.fixture
            def anyio_backend():
                return "asyncio"


            @pytest.mark.anyio
            async def test_task_group():
                results = []
                async with anyio.create_task_group() as tg:
                    tg.start_soon(results.append, 1)
                assert results == [1]


            @pytest.mark.anyio
            async def test_failing_move_on():
                with anyio.move_on_after(0.01) as scope:
                    await anyio.Event().wait()
                assert not scope.cancelled_caught
            """,
    },
    "hypothesis": {
        "tests/test_props.py": """
            from hypothesis import given, settings, strategies as st

            from shop.cart import Cart


            @settings(max_examples=30, deadline=None, database=None)
            @given(st.integers(min_value=0, max_value=100))
            def test_single_item_total(price):
                assert Cart().add("x", price).total() == price


            @settings(max_examples=30, deadline=None, database=None)
            @given(st.integers(min_value=1, max_value=5))
            def test_quantity_counts(qty):
                assert Cart().add("x", 1, qty=qty).total() == qty
            """,
    },
    "mock": {
        "tests/test_mock.py": """
            import shop.cart
            from shop.cart import Cart


            def test_log_is_called(mocker):
                spy = mocker.spy(shop.cart.log, "info")
                Cart().add("pen", 1)
                spy.assert_called_once_with("Adding %s x%d", "pen", 1)


            def test_patched_total(mocker):
                mocker.patch.object(Cart, "total", return_value=42)
                assert Cart().total() == 41
            """,
    },
    "django": {
        "site_settings.py": """
            SECRET_KEY = "compat-not-secret"
            INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
            DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
            USE_TZ = True
            """,
        "tests/test_django.py": """
            import logging

            from django.contrib.auth.models import User


            def test_create_user(db):
                User.objects.create(username="ann")
                assert User.objects.count() == 1


            def test_settings_override(settings):
                settings.USE_TZ = False
                assert settings.USE_TZ is False


            def test_duplicate_user(db):
                logging.getLogger("django.db").warning("about to clash")
                User.objects.create(username="bob")
                User.objects.create(username="bob")
            """,
    },
    "bdd": {
        "tests/cart.feature": """
            Feature: Cart
              Scenario: Adding an item
                Given an empty cart
                When I add a pen for 2
                Then the total is 2

              Scenario: Adding three pens
                Given an empty cart
                When I add 3 pens for 2
                Then the total is 6
            """,
        "tests/test_bdd.py": """
            from pytest_bdd import given, parsers, scenarios, then, when

            from shop.cart import Cart

            scenarios("cart.feature")


            @given("an empty cart", target_fixture="cart")
            def empty_cart():
                return Cart()


            @when("I add a pen for 2")
            def add_pen(cart):
                cart.add("pen", 2)


            @when(parsers.parse("I add {qty:d} pens for {price:d}"))
            def add_pens(cart, qty, price):
                cart.add("pen", price, qty=qty)


            @then(parsers.parse("the total is {total:d}"))
            def total_is(cart, total):
                assert cart.total() == total
            """,
    },
    "benchmark": {
        "tests/test_bench.py": """
            from shop.cart import Cart


            def test_add_speed(benchmark):
                result = benchmark(lambda: Cart().add("pen", 2).count())
                assert result == 1
            """,
    },
    "subtests": {
        "tests/test_subtests.py": """
            from shop.cart import Cart


            def test_each_price(subtests):
                for qty in (1, 2, 3):
                    with subtests.test(qty=qty):
                        assert Cart().add("pen", 2, qty=qty).total() == 2 * qty
            """,
    },
    "unittest": {
        "tests/test_unit.py": """
            import unittest

            from shop.cart import Cart


            class CartTest(unittest.TestCase):
                def test_logs_adding(self):
                    with self.assertLogs("shop.cart", level="INFO") as logs:
                        Cart().add("pen", 1)
                    self.assertEqual(len(logs.records), 1)

                def test_no_logs_at_warning(self):
                    with self.assertNoLogs("shop.cart", level="WARNING"):
                        Cart().add("pen", 1)

                def test_total(self):
                    self.assertEqual(Cart().add("pen", 2, qty=2).total(), 4)

                @unittest.skip("not today")
                def test_skipped(self):
                    pass
            """,
    },
}
