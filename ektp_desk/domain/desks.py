"""What a desk id may look like, for the desk and the hub alike."""

from __future__ import annotations

from ektp_desk.domain.problems import Text

MAX_DESK_ID = 40


def desk_id_problem(desk_id: str) -> Text | None:
    """Why a desk id is refused, or None when it is acceptable."""
    if not desk_id or len(desk_id) > MAX_DESK_ID or not desk_id.replace("-", "").isalnum():
        return Text(
            f"ID meja berisi 1 sampai {MAX_DESK_ID} huruf, angka atau tanda hubung, misalnya "
            "PALU-BARAT-1",
            f"a desk id is 1 to {MAX_DESK_ID} letters, digits or hyphens, e.g. PALU-BARAT-1",
        )
    if not desk_id.isascii():
        return Text(
            "ID meja hanya memakai huruf dan angka ASCII",
            "a desk id uses ASCII letters and digits only",
        )
    return None
