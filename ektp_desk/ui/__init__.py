"""The PySide6 window. Qt lives here only; every action goes through the core's `Desk`."""
