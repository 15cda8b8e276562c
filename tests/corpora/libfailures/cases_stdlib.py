"""Cases for plain application code on the stdlib: logic, files, processes, imports, DI, threads."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

ORD = "from app import orders\norders."
GUEST = "orders.Order(None, [('A-1', 2)])"
EMPTY = "orders.Order('ada', [])"
FS = "from app import files\nfiles."
J = "from app import jobs\njobs."
D = "from app import container\n"
L = "from app import loader\nloader."
INV = "from unittest import mock\nfrom app import invariants\n"
W = "import queue\nfrom app import workers\n"
TMP = ("tmp_path",)

CASES = [
    Case("dict_key_business", "programming", "KeyError", ORD + "unit_price('C-3')"),
    Case("dict_key_noise", "programming", "KeyError", ORD + "in_stock('B-2')", noise=True),
    Case("index_empty_list", "programming", "IndexError", ORD + f"first_line({EMPTY})"),
    Case("pop_empty_list", "programming", "IndexError", ORD + "next_ticket([])"),
    Case("max_empty", "programming", "ValueError", ORD + f"biggest_line({EMPTY})"),
    Case("typeerror_arg_count", "programming", "TypeError", ORD + "checkout_total(50.0)"),
    Case("typeerror_missing_arg", "programming", "TypeError", ORD + "shipping_total(50.0)"),
    Case("typeerror_unexpected_kw", "programming", "TypeError", ORD + "promo_total(50.0)"),
    Case("typeerror_operand", "programming", "TypeError", ORD + f"label({GUEST})"),
    Case(
        "typeerror_none_subscript", "programming", "TypeError", ORD + f"customer_initial({GUEST})"
    ),
    Case("attribute_on_none", "programming", "AttributeError", ORD + f"customer_upper({GUEST})"),
    Case("attribute_missing", "programming", "AttributeError", ORD + f"line_count({GUEST})"),
    Case("typeerror_not_callable", "programming", "TypeError", ORD + f"total_of({GUEST})"),
    Case("name_error", "programming", "NameError", ORD + "tax(100.0)"),
    Case("unbound_local", "programming", "UnboundLocalError", ORD + "rounded(20.0)"),
    Case(
        "recursion",
        "programming",
        "RecursionError",
        ORD + "category_depth({'mugs': 'mugs'}, 'mugs')",
    ),
    Case("zero_division", "programming", "ZeroDivisionError", ORD + "average_basket([])"),
    Case(
        "zero_division_noise",
        "programming",
        "ZeroDivisionError",
        ORD + "average_basket_noise([])",
        noise=True,
    ),
    Case("module_attribute", "programming", "AttributeError", ORD + "json_helper_typo()"),
    Case("tuple_assignment", "programming", "TypeError", ORD + f"frozen_total({GUEST})"),
    Case("unpack_too_many", "programming", "ValueError", ORD + "unpack_line(('A-1', '2', 'gift'))"),
    Case("open_missing", "filesystem", "FileNotFoundError", FS + "read_export(tmp_path)", uses=TMP),
    Case(
        "pathlib_missing",
        "filesystem",
        "FileNotFoundError",
        FS + "pathlib_report(tmp_path)",
        uses=TMP,
    ),
    Case(
        "is_a_directory",
        "filesystem",
        "IsADirectoryError",
        FS + "write_into_directory(tmp_path)",
        uses=TMP,
    ),
    Case(
        "not_a_directory",
        "filesystem",
        "NotADirectoryError",
        FS + "under_a_file(tmp_path)",
        uses=TMP,
    ),
    Case("file_exists", "filesystem", "FileExistsError", FS + "make_spool(tmp_path)", uses=TMP),
    Case(
        "rmtree_missing", "filesystem", "FileNotFoundError", FS + "clear_cache(tmp_path)", uses=TMP
    ),
    Case(
        "listdir_missing", "filesystem", "FileNotFoundError", FS + "list_inbox(tmp_path)", uses=TMP
    ),
    Case(
        "unlink_missing", "filesystem", "FileNotFoundError", FS + "remove_lock(tmp_path)", uses=TMP
    ),
    Case(
        "copy_missing_dir", "filesystem", "FileNotFoundError", FS + "copy_label(tmp_path)", uses=TMP
    ),
    Case("rmdir_not_empty", "filesystem", "OSError", FS + "remove_spool(tmp_path)", uses=TMP),
    Case(
        "missing_file_noise",
        "filesystem",
        "FileNotFoundError",
        FS + "read_upload_noise(tmp_path)",
        uses=TMP,
        noise=True,
    ),
    Case(
        "rename_missing_dir",
        "filesystem",
        "FileNotFoundError",
        FS + "rename_into_missing(tmp_path)",
        uses=TMP,
    ),
    Case(
        "subprocess_missing_executable",
        "process",
        "FileNotFoundError",
        J + "resize(tmp_path / 'a.png')",
        uses=TMP,
    ),
    Case(
        "subprocess_called_process_error",
        "process",
        "subprocess.CalledProcessError",
        J + "export_catalogue()",
    ),
    Case("subprocess_check_output", "process", "subprocess.CalledProcessError", J + "render_pdf()"),
    Case("subprocess_timeout", "timeout", "subprocess.TimeoutExpired", J + "slow_exporter()"),
    Case(
        "subprocess_not_executable",
        "process",
        "PermissionError",
        J + "run_hook(tmp_path)",
        uses=TMP,
    ),
    Case(
        "subprocess_missing_cwd",
        "process",
        "FileNotFoundError",
        J + "run_in_missing_dir(tmp_path)",
        uses=TMP,
    ),
    Case(
        "subprocess_missing_noise",
        "process",
        "FileNotFoundError",
        J + "thumbnail_noise(tmp_path / 'a.png')",
        uses=TMP,
        noise=True,
    ),
    Case(
        "di_missing_service",
        "di",
        "app.container.ServiceNotRegistered",
        D + "container.wired().resolve('mailer')",
    ),
    Case(
        "di_missing_nested",
        "di",
        "app.container.ServiceNotRegistered",
        D + "container.wired().resolve('checkout')",
    ),
    Case(
        "di_missing_noise",
        "di",
        "app.container.ServiceNotRegistered",
        D + "container.Container().resolve('clock')",
        noise=True,
    ),
    Case(
        "di_missing_de",
        "di",
        "app.container.DienstNichtRegistriert",
        D + "container.wired().auflösen('versand')",
        lang="de",
    ),
    Case(
        "di_provider_signature", "di", "TypeError", D + "container.provider_with_wrong_signature()"
    ),
    Case("import_module_missing", "import", "ModuleNotFoundError", L + "load_plugin('pdf_export')"),
    Case("import_name_missing", "import", "ImportError", L + "json_fast_loader()"),
    Case("import_stdlib_typo", "import", "ModuleNotFoundError", L + "stdlib_typo()"),
    Case(
        "import_third_party_missing",
        "import",
        "ModuleNotFoundError",
        "from app.plugins import yaml_export\nyaml_export.dump({})",
    ),
    Case(
        "import_circular",
        "import",
        "ImportError",
        "from app.plugins import circular_a\ncircular_a.price()",
    ),
    Case(
        "assert_invariant",
        "assertion",
        "AssertionError",
        "from app import invariants\ninvariants.invoice_total([9.5, 4.0], 14.5)",
    ),
    Case(
        "assert_bare",
        "assertion",
        "AssertionError",
        "from app import invariants\ninvariants.stock_after(2, 3)",
    ),
    Case(
        "mock_called_with",
        "assertion",
        "AssertionError",
        INV + "mailer = mock.Mock()\ninvariants.checkout(mailer, 'ada@example.com')\n"
        "invariants.expect_receipt_sent(mailer, 'ada@example.com')",
    ),
    Case(
        "mock_not_called",
        "assertion",
        "AssertionError",
        INV
        + "gateway = mock.Mock()\ninvariants.refund(gateway)\ninvariants.expect_no_refund(gateway)",
    ),
    Case(
        "assert_dict_noise",
        "assertion",
        "AssertionError",
        "from app import invariants\n"
        "invariants.expect_same_basket({'A-1': 2, 'B-2': 1}, {'A-1': 2, 'B-2': 3})",
        noise=True,
    ),
    Case(
        "tk_no_display",
        "ui",
        "_tkinter.TclError",
        "monkeypatch.delenv('DISPLAY', raising=False)\nfrom app import desktop\ndesktop.open_window()",
        uses=("monkeypatch",),
    ),
    Case(
        "tk_no_root",
        "ui",
        "_tkinter.TclError",
        "monkeypatch.delenv('DISPLAY', raising=False)\nfrom app import desktop\ndesktop.label_preview()",
        uses=("monkeypatch",),
    ),
    Case("future_timeout", "timeout", "TimeoutError", W + "workers.slow_pricing()"),
    Case("queue_empty_timeout", "timeout", "_queue.Empty", W + "workers.next_label(queue.Queue())"),
    Case(
        "queue_full_timeout",
        "timeout",
        "queue.Full",
        W + "spool = queue.Queue(maxsize=1)\nspool.put('label-1')\nworkers.full_spool(spool)",
    ),
    Case("memory_bytearray", "memory", "MemoryError", W + "workers.image_buffer()"),
    Case("app_timeout", "timeout", "TimeoutError", W + "workers.wait_for_printer()"),
]
