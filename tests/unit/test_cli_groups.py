"""The two commands' packages, ektp_desk/cli/ and ektp_desk/hub/cli/: each command group is a
module that registers its commands next to their handler, and together they give
`ektp-desk --help` and `ektp-hub --help` the commands (and actions) they always listed."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from collections.abc import Callable
from types import ModuleType

import pytest

from ektp_desk import cli
from ektp_desk.hub import cli as hub_cli

# Taken from the single-module parsers before the split into packages, in their order (and
# `print`, `update` and `release`, added since).
DESK_COMMANDS = {
    "init": [],
    "user": ["add", "list", "disable", "enable", "reset-password"],
    "nik": [],
    "region": [],
    "settings": ["list", "set"],
    "residents": ["import", "search"],
    "record": ["add", "void", "approve", "correct"],
    "hub": ["set", "show"],
    "sync": [],
    "queue": ["add", "list", "next", "skip", "recall", "cancel"],
    "display": [],
    "tally": ["merge"],
    "outreach": [],
    "print": ["ticket", "receipt"],
    "sbi-simulator": [],
    "backup": [],
    "bundle": ["export", "import", "list", "drop"],
    "restore": [],
    "status": [],
    "check": [],
    "audit": ["verify"],
    "demo": ["seed"],
    "update": ["check", "download", "install"],
}
HUB_COMMANDS = {
    "keygen": [],
    "desk": ["add", "rotate", "list", "revoke", "accept-rollback", "audit-heads"],
    "serve": [],
    "bundle": ["import", "export-status"],
    "records": [],
    "open": [],
    "tally": [],
    "migrate": [],
    "check": [],
    "nginx-config": [],
    "release": ["keygen", "add", "list"],
    "case": ["list", "resolve"],
    "residents": ["publish"],
    "user": ["add", "list", "disable"],
}
# Modules of the packages that are not a command group: what the groups share, and the
# window's own options (no command: the window).
NOT_GROUPS = {"base", "credentials", "window"}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: sub
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items()
    }


def command_tree(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    return {name: list(subcommands(sub)) for name, sub in subcommands(parser).items()}


def listed_in_help(
    main: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]
) -> list[str]:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    return re.findall(r"^    (\S+)", capsys.readouterr().out, flags=re.MULTILINE)


def test_ektp_desk_help_lists_the_commands_it_always_did(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert listed_in_help(cli.main, capsys) == list(DESK_COMMANDS)
    assert command_tree(cli.build_parser()) == DESK_COMMANDS


def test_ektp_hub_help_lists_the_commands_it_always_did(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert listed_in_help(hub_cli.main, capsys) == list(HUB_COMMANDS)
    assert command_tree(hub_cli.build_parser()) == HUB_COMMANDS


def groups(package: ModuleType) -> list[ModuleType]:
    names = [m.name for m in pkgutil.iter_modules(package.__path__)]
    return [
        importlib.import_module(f"{package.__name__}.{name}")
        for name in names
        if name not in NOT_GROUPS
    ]


@pytest.mark.parametrize("package", [cli, hub_cli], ids=["ektp-desk", "ektp-hub"])
def test_every_group_registers_its_commands_next_to_their_handler(package: ModuleType) -> None:
    found = groups(package)
    assert len(found) >= (15 if package is cli else 5)
    for group in found:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        common = argparse.ArgumentParser(add_help=False)
        registers = [f for name, f in vars(group).items() if name.startswith("register")]
        assert registers, f"{group.__name__} has no register function"
        for register in registers:
            register(sub, common)
        commands = subcommands(parser)
        assert commands, f"{group.__name__} registers no command"
        for name, command in commands.items():
            handler = command.get_default("handler")
            assert callable(handler), f"{name} has no handler"
            assert handler.__module__ == group.__name__, f"{name}'s handler is not beside it"


def test_no_command_opens_the_window() -> None:
    args = cli.build_parser().parse_args([])
    assert getattr(args, "handler", None) is None and args.command is None
