"""Domain rules of e-KTP recording: pure functions and dataclasses, no Qt, no I/O to stores.

The recording (`recording`, built from a `draft` of what the form holds or a file gives,
checked by `biodata`, `captures` and a WNA's stay `permit`), the NIK (`nik`), who may
record and the ages of marriage (`eligibility`), the regions and vocabularies (`regions`,
`vocab`, SIAK's values mapped to the printed ones), images
(`images`), accounts and permissions (`accounts`), desk ids (`desks`), JSON read within
bounds (`boundedjson`), and the problems every rule reports in two languages (`problems`).
"""
