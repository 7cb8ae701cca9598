"""Defaults of adjustable desk settings that modules below the Desk use too: the settings
table (desk/settings.py) reads them from here, so that opening a desk does not import the
capture devices or the resident-list reader just to know a number."""

from __future__ import annotations

# The quality a finger or an iris must reach (quality_finger_min, quality_iris_min, and the
# score an SBI scanner is asked for), and the captures a slot may take to reach it.
QUALITY_MIN = {"Finger": 40, "Iris": 60}
CAPTURE_RETRIES = 3
# import_max_rows, import_max_cell_chars and import_max_inflated_mb.
DEFAULT_MAX_ROWS = 2_000_000
DEFAULT_MAX_CELL_CHARS = 1_000
DEFAULT_MAX_INFLATED_MB = 1_024
# marriage_min_age: below it a married or once-married status is taken as a typing error.
DEFAULT_MARRIAGE_MIN_AGE = 13
