"""Domain rules of e-KTP recording: pure functions and dataclasses, no Qt, no I/O to stores."""
