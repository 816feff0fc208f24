"""`screening users`: the review desk's accounts (screening.workflow.accounts), kept in the ledger."""

from __future__ import annotations

import sys

import click

from screening.cli.workflow import EXIT_USAGE, _fail, _open_ledger, ledger_option
from screening.workflow.roles import ROLES, role_label


@click.group("users")
def users_group() -> None:
    """Accounts of the review desk (审核台) served by `screening serve` at /desk."""


def _read_password() -> str:
    """Prompted twice on a terminal; one line of stdin otherwise (for scripts: never an option, which `ps` would show)."""
    if sys.stdin.isatty():
        return click.prompt("password / 密码", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="author 拟稿人, reviewer 审核人, secrecy 保密审查员, approver 审批人.")
@click.option("--office", required=True, help="The office whose queue the account works on, e.g. 学生资助中心.")
@ledger_option
def add(name, role, office, ledger_location) -> None:
    """Add an account; the password is prompted, or read from one line of stdin."""
    from screening.workflow.accounts import AccountError, add_account  # the ledger and the hasher: only when run

    password = _read_password()
    with _open_ledger(ledger_location) as ledger:
        try:
            account = add_account(ledger, name, role, office, password)
        except AccountError as error:
            _fail(f"account not added: {error}", EXIT_USAGE)
    click.echo(f"added {account.name}: {role_label(account.role)} ({account.role}), {account.office}")


@users_group.command("list")
@ledger_option
def list_(ledger_location) -> None:
    """The accounts: name, role, office, and whether sign-in is locked now."""
    from screening.workflow.accounts import list_accounts

    with _open_ledger(ledger_location, must_exist=True) as ledger:
        for account in list_accounts(ledger):
            locked = f"  locked until {account.locked_until}" if account.locked_until else ""
            click.echo(f"{account.name}\t{account.role} {role_label(account.role)}\t{account.office}{locked}")
