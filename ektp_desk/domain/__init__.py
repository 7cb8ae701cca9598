"""Domain rules of e-KTP recording: pure functions and dataclasses, no Qt, no I/O to stores.

The recording (`recording`, built from `biodata` and `captures`), the NIK (`nik`), who may
record (`eligibility`), the regions and vocabularies (`regions`, `vocab`), images
(`images`), accounts and permissions (`accounts`), desk ids (`desks`), JSON read within
bounds (`boundedjson`), and the problems every rule reports in two languages (`problems`).
"""
