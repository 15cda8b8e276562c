"""Sales analytics on numpy and pandas."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

SALES_CSV = "sku,qty,unit_price\nA-1,3,9.50\nB-2,n/a,4.00\nC-3,1,12.00\n"


def sales() -> pd.DataFrame:
    """The sales export as a frame."""
    return pd.read_csv(io.StringIO(SALES_CSV))


def weighted_prices() -> np.ndarray:
    """Prices weighted by a weights vector of the wrong length."""
    prices = np.array([9.5, 4.0, 12.0])
    weights = np.array([0.2, 0.3, 0.1, 0.4])
    return prices * weights  # ORIGIN: np_broadcast


def projected() -> np.ndarray:
    """A projection with mismatched matrix shapes."""
    return np.ones((3, 2)) @ np.ones((3, 2))  # ORIGIN: np_matmul


def weekly(days: list[float]) -> np.ndarray:
    """Reshape daily figures into weeks."""
    return np.array(days).reshape(-1, 7)  # ORIGIN: np_reshape


def parsed_prices(raw: list[str]) -> np.ndarray:
    """Prices as floats from strings with a decimal comma."""
    return np.array(raw).astype(float)  # ORIGIN: np_cast


def full_history() -> np.ndarray:
    """A dense matrix of every SKU against every second of a year."""
    return np.zeros((10**8, 31_536_000), dtype=np.float64)  # ORIGIN: np_memory


def third_week(weeks: list[float]) -> float:
    """The third week's total from a shorter series."""
    return float(np.array(weeks)[3])  # ORIGIN: np_index


def solve_mix() -> np.ndarray:
    """Solve a product mix whose equations are dependent."""
    return np.linalg.inv(np.array([[1.0, 2.0], [2.0, 4.0]]))  # ORIGIN: np_singular


def revenue() -> float:
    """Revenue from a column the export does not have."""
    frame = sales()
    return float((frame["price"] * frame["qty"]).sum())  # ORIGIN: pd_missing_column


def with_categories() -> pd.DataFrame:
    """Join the categories on a key the sales do not carry."""
    categories = pd.DataFrame({"product_id": ["A-1"], "category": ["mugs"]})
    return sales().merge(categories, on="product_id")  # ORIGIN: pd_merge_key


def units() -> int:
    """Total units, casting a column that holds `n/a`."""
    return int(sales()["qty"].astype(int).sum())  # ORIGIN: pd_astype


def sale_dates(raw: list[str]) -> pd.Series:
    """Sale dates parsed strictly."""
    return pd.to_datetime(pd.Series(raw), format="%Y-%m-%d")  # ORIGIN: pd_to_datetime


def add_discounts() -> pd.DataFrame:
    """Add a discount column with one value too few."""
    frame = sales()
    frame["discount"] = [0.1, 0.2]  # ORIGIN: pd_length_mismatch
    return frame


def archived(path: Path) -> pd.DataFrame:
    """The archived export, which was never written."""
    return pd.read_csv(path)  # ORIGIN: pd_read_missing


def empty_export(path: Path) -> pd.DataFrame:
    """An export file that is empty."""
    path.write_text("")
    return pd.read_csv(path)  # ORIGIN: pd_empty_data


def sku_row(sku: str) -> pd.Series:
    """The row of a SKU by index label."""
    return sales().set_index("sku").loc[sku]  # ORIGIN: pd_loc_label


def revenue_with_noise() -> float:
    """Revenue again, with the websocket reconnecting in the logs."""
    frame = sales()
    return float(frame["amount"].sum())  # ORIGIN: pd_column_noise
