"""The command line's settings in layers: a flag > ``STORYWIRE_<NAME>`` > ``storywire.toml`` >
the built-in default (``flows.settings.SETTINGS``).

One config file is read, the first of: the file ``STORYWIRE_CONFIG`` names (it must exist),
``storywire.toml`` in the working folder, ``storywire.toml`` in the user config folder
(``$XDG_CONFIG_HOME/storywire``, else ``~/.config/storywire``). Its keys are the settings'
names at the top level; an unknown key or a value of the wrong type is an error, never
ignored (a typo must not silently fall back to a default). A relative ``warehouse`` in a file
is relative to that file's folder, so the user config means the same folder wherever the
command runs.

The command line applies the layers through click's ``default_map`` (``default_map``): a
setting read from the environment or a file becomes the default of every command option of
that name, so a flag still wins and ``--help`` shows the value in force.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from storywire.flows.settings import SETTINGS, Setting
from storywire.tasks.records import CodedError

if TYPE_CHECKING:
    import click

#: The config file's name, in the working folder or the user config folder.
FILE_NAME = "storywire.toml"
#: The variable that names a config file (which must then exist).
CONFIG_ENV = "STORYWIRE_CONFIG"

_BY_NAME = {s.name: s for s in SETTINGS}


class ConfigFormat(StrEnum):
    table = "table"
    json = "json"


class ConfigError(CodedError, ValueError):
    """A config file or ``STORYWIRE_*`` variable that cannot be used (SW424-SW426)."""


@dataclass(frozen=True, slots=True)
class Value:
    """A setting's value in force and where it came from: ``source`` is ``default``, ``env``
    or ``file``; ``origin`` the variable's name or the file's path (None for a default)."""

    name: str
    value: object
    source: str
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting's ``Value``, in ``SETTINGS`` order, and the file read (if any)."""

    values: dict[str, Value]
    file: Path | None

    def changed(self) -> dict[str, object]:
        """The settings the environment or a file set: what the commands' defaults become."""
        return {v.name: v.value for v in self.values.values() if v.source != "default"}


def user_config_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base).expanduser() / "storywire"


def find_file(env: Mapping[str, str], cwd: Path) -> Path | None:
    """The config file to read: ``STORYWIRE_CONFIG``'s, else the working folder's, else the
    user's; None when there is none."""
    named = env.get(CONFIG_ENV, "").strip()
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError("SW424", f"{CONFIG_ENV} names {named!r}, which is not a file")
        return path.resolve()
    for path in (cwd / FILE_NAME, user_config_dir(env) / FILE_NAME):
        if path.is_file():
            return path.resolve()
    return None


def read_file(path: Path) -> dict[str, object]:
    """The file's TOML table; SW424 when it cannot be read or parsed."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError("SW424", f"config file {path} cannot be read: {detail}") from exc


def _type_name(kind: type) -> str:
    return {int: "a whole number", float: "a number", str: "a string"}[kind]


def check_value(setting: Setting, value: object, where: str) -> object:
    """``value`` if it has the setting's type and range, else SW426 naming ``where``."""
    if setting.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, setting.kind) or isinstance(value, bool):
        raise ConfigError(
            "SW426", f"{where}: {setting.name} must be {_type_name(setting.kind)}, got {value!r}"
        )
    if setting.minimum is not None and value < setting.minimum:  # type: ignore[operator]
        raise ConfigError(
            "SW426", f"{where}: {setting.name} must be at least {setting.minimum}, got {value!r}"
        )
    if isinstance(value, str) and not value.strip():
        raise ConfigError("SW426", f"{where}: {setting.name} must not be empty")
    return value


def from_env(setting: Setting, raw: str) -> object:
    """A ``STORYWIRE_<NAME>`` value (text) in the setting's type."""
    where = f"{setting.env}={raw!r}"
    if setting.kind is str:
        return check_value(setting, raw, where)
    try:
        value = setting.kind(raw.strip())
    except ValueError:
        raise ConfigError(
            "SW426", f"{where}: {setting.name} must be {_type_name(setting.kind)}"
        ) from None
    return check_value(setting, value, where)


def from_file(setting: Setting, value: object, path: Path) -> object:
    """A value of the config file at ``path``: checked, a relative folder made absolute."""
    value = check_value(setting, value, str(path))
    if setting.is_path and isinstance(value, str) and "://" not in value:
        value = str((path.parent / Path(value).expanduser()).resolve())
    return value


def resolve(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Config:
    """Every setting's value in force without flags: environment > file > default."""
    env = os.environ if env is None else env
    path = find_file(env, Path.cwd() if cwd is None else cwd)
    table = read_file(path) if path is not None else {}
    unknown = sorted(set(table) - set(_BY_NAME))
    if unknown:
        raise ConfigError(
            "SW425",
            f"config file {path}: unknown setting {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(_BY_NAME)}",
        )
    values: dict[str, Value] = {}
    for setting in SETTINGS:
        raw = env.get(setting.env, "")
        if raw.strip():
            values[setting.name] = Value(setting.name, from_env(setting, raw), "env", setting.env)
        elif setting.name in table:
            value = from_file(setting, table[setting.name], path)  # type: ignore[arg-type]
            values[setting.name] = Value(setting.name, value, "file", str(path))
        else:
            values[setting.name] = Value(setting.name, setting.default, "default")
    return Config(values, path)


def default_map(command: click.Command, changed: Mapping[str, object]) -> dict[str, object]:
    """click's ``default_map`` for ``command`` and its subcommands: each changed setting as
    the default of every option of that name. (Duck-typed: typer ships its own click.)"""
    commands = getattr(command, "commands", None)
    if commands is not None:
        nested = {name: default_map(sub, changed) for name, sub in commands.items()}
        return {name: m for name, m in nested.items() if m}
    names = {p.name for p in command.params if p.param_type_name == "option"}
    return {name: value for name, value in changed.items() if name in names}


def describe(config: Config, *, as_json: bool = False) -> str:
    """``storywire config``'s printout: the file read, then each setting's value and source
    (a line each, or one JSON object)."""
    if as_json:
        shown = {
            v.name: {"value": v.value, "source": v.source, "origin": v.origin}
            for v in config.values.values()
        }
        return json.dumps(
            {"file": str(config.file) if config.file else None, "settings": shown}, indent=2
        )
    width = max(len(name) for name in config.values)
    lines = [f"config file: {config.file or 'none'}"]
    for v in config.values.values():
        value = "auto" if v.value is None else str(v.value)  # in_flight: decided per run
        where = v.source if v.origin is None else f"{v.source} {v.origin}"
        lines.append(f"{v.name:<{width}}  {value:<24}  {where}")
    return "\n".join(lines)
