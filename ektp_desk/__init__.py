"""ektp-desk: the offline-first e-KTP recording desk and its Qt-free core."""

__version__ = "0.1.0"
