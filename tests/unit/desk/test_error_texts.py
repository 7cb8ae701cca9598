"""Every error the core can show a person has its text in Indonesian and English: each
place that makes one names a key of its class's catalogue with exactly the fields its texts
use, and the window shows the text of its language while the CLI keeps the English."""

from __future__ import annotations

import ast
import copy
import importlib
import pickle
import pkgutil
import sqlite3
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import ektp_desk
from ektp_desk.desk import AuthError, Desk, DeskError
from ektp_desk.desk.errors import DESK_TEXTS, ValidationFailed, store_failure
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.problems import CodedError, Text, error
from ektp_desk.reports import REPORT_TEXTS
from ektp_desk.store import STORE_TEXTS, StoreError
from ektp_desk.store.token_seal import TOKEN_SEAL_TEXTS
from ektp_desk.sync import SYNC_TEXTS, SyncError
from ektp_desk.xlsx_texts import XLSX_TEXTS
from tests.conftest import FAST_SCRYPT

PACKAGE = Path(ektp_desk.__file__).parent


def coded_classes() -> dict[str, type[CodedError]]:
    """Every error class with a catalogue, by name, once the core is imported."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "ektp_desk."):
        if not info.name.startswith(("ektp_desk.ui", "ektp_desk.hub")) and not info.name.endswith(
            "__main__"
        ):
            importlib.import_module(info.name)
    found: dict[str, type[CodedError]] = {}
    todo = [CodedError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found[sub.__name__] = sub
            todo.append(sub)
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def construction_sites() -> Iterator[tuple[str, ast.Call, type[CodedError]]]:
    classes = coded_classes()
    # ValidationFailed is made from the rules' problems, each already in both languages.
    classes.pop("ValidationFailed")
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in classes:
                where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                yield where, node, classes[name]


def made_from_a_detail(cls: type[CodedError]) -> bool:
    """The hub client's errors are made from their English detail; their class names the
    text (`said`) that says in Indonesian what kind of failure it is."""
    return issubclass(cls, SyncError)


def test_every_place_that_makes_an_error_names_a_known_text_with_its_fields() -> None:
    sites = list(construction_sites())
    assert len(sites) > 90  # the walk finds them (about a hundred today)
    wrong: list[str] = []
    for where, call, cls in sites:
        if made_from_a_detail(cls):
            said = cls.catalogue.get(getattr(cls, "said", ""))
            if said is None or fields(said.en) != {"detail"} or call.keywords:
                wrong.append(f"{where}: {cls.__name__} is made from its detail alone")
            continue
        first = call.args[0] if call.args else None
        if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
            wrong.append(f"{where}: {cls.__name__} made without a literal key")
            continue
        text = cls.catalogue.get(first.value)
        if text is None:
            wrong.append(f"{where}: no text {first.value!r} in {cls.__name__}'s catalogue")
            continue
        given = {k.arg for k in call.keywords}
        if len(call.args) != 1 or None in given or given != fields(text.en):
            wrong.append(f"{where}: {first.value!r} takes {sorted(fields(text.en))}")
    assert wrong == []


CATALOGUES = {
    "desk": DESK_TEXTS,
    "store": STORE_TEXTS,
    "sync": SYNC_TEXTS,
    "report": REPORT_TEXTS,
    "xlsx": XLSX_TEXTS,
    "token_seal": TOKEN_SEAL_TEXTS,
}


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_every_text_is_written_in_both_languages(catalogue: dict[str, Text]) -> None:
    for key, text in catalogue.items():
        assert text.id.strip() and text.en.strip(), key
        if catalogue is SYNC_TEXTS:  # the Indonesian names the kind, not the English detail
            assert fields(text.id) <= fields(text.en) == {"detail"}, key
        else:
            assert fields(text.id) == fields(text.en), key
        # The same words in both are a text that only passes another one on ("{problem}").
        if text.id == text.en:
            assert not string.Formatter().parse(text.id).__next__()[0].strip(" :;"), key


def test_a_key_without_a_text_or_a_missing_field_fails_where_the_error_is_made() -> None:
    with pytest.raises(KeyError):
        DeskError("no_such_text")
    with pytest.raises(KeyError):
        DeskError("no_user")  # needs name=


def test_the_cli_keeps_its_english_and_the_window_gets_indonesian(desk: Desk) -> None:
    with pytest.raises(AuthError) as refused:
        desk.accounts.login("admin", "salah-salah-salah")
    assert str(refused.value) == (
        "unknown user or wrong password (after 5 failed log-ins in a row a name must wait 5 "
        "minutes; an admin can reset a password)"
    )
    assert refused.value.text("en") == str(refused.value)
    assert refused.value.text("id").startswith("nama pengguna tidak dikenal atau kata sandi salah")


def as_clerk(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    desk.accounts.add("budi", Role.CLERK, "kata-sandi-budi", scrypt=FAST_SCRYPT)


REFUSALS: list[tuple[Callable[[Desk], object], str, str]] = [
    # a text inside a text follows the language too
    (
        lambda d: d.accounts.add("ani", Role.CLERK, "pendek", scrypt=FAST_SCRYPT),
        "password refused: a password needs at least 8 characters",
        "kata sandi ditolak: kata sandi paling sedikit 8 karakter",
    ),
    (
        lambda d: d.accounts.set_disabled("admin", True),
        "you cannot disable your own account",
        "Anda tidak dapat menonaktifkan akun Anda sendiri",
    ),
    # the role as a word in the window, as its code in the CLI (unchanged)
    (
        as_clerk,
        "user ani (clerk) may not manage_users",
        "pengguna ani (Petugas) tidak boleh manage_users",
    ),
    # the hub's client says it in English; the Indonesian window says it by its kind
    (
        lambda d: d.hub.set("ftp://hub.example", "token"),
        "'ftp://hub.example' is not an http(s) URL of a hub",
        "alamat hub ditolak: alamat itu bukan URL http(s) sebuah hub",
    ),
    (
        lambda d: d.hub.set("http://127.0.0.1:9", "token"),  # nothing listens on port 9
        "the hub at http://127.0.0.1:9 could not be used: the hub does not answer "
        "(ConnectionError)",
        "hub di http://127.0.0.1:9 tidak dapat dipakai: hub tidak menjawab: sambungan putus, "
        "hub mati, atau sertifikatnya ditolak",
    ),
    (
        lambda d: d.queue.enqueue(nik=None, nama="", walk_in=True),
        "a walk-in needs a name",
        "penduduk datang langsung memerlukan nama",
    ),
]


@pytest.mark.parametrize(("act", "english", "indonesian"), REFUSALS)
def test_each_refusal_in_both_languages(
    desk: Desk, act: Callable[[Desk], object], english: str, indonesian: str
) -> None:
    with pytest.raises(DeskError) as refused:
        act(desk)
    assert str(refused.value) == english
    assert refused.value.text("en") == english
    assert refused.value.text("id") == indonesian


def test_a_store_failure_in_both_languages() -> None:
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = sqlite3.SQLITE_FULL
    full = store_failure(exc, Text("rekaman TIDAK disimpan", "the recording was NOT saved"))
    assert isinstance(full, StoreError)
    assert full.text("id").startswith("disk penuh: rekaman TIDAK disimpan.")
    assert str(full).startswith("the disk is full: the recording was NOT saved.")


def test_validation_failures_show_each_problem_in_the_language() -> None:
    failed = ValidationFailed([error("nama", "required", "Nama wajib diisi.", "Name is required.")])
    assert failed.text("id") == "Nama wajib diisi."
    assert failed.text("en") == "Name is required."
    assert str(failed) == "nama: Nama wajib diisi. / Name is required."


def test_an_error_survives_a_copy_with_both_texts() -> None:
    refused = DeskError("no_user", name="ani")
    for again in (copy.deepcopy(refused), pickle.loads(pickle.dumps(refused))):
        assert type(again) is DeskError and again.key == "no_user"
        assert str(again) == "no user named ani"
        assert again.text("id") == "tidak ada pengguna bernama ani"
