"""What every desk route needs: the templates, the page and redirect responses with the desk's
headers, the signed-in account, and a submission of that account's office (another office's
answers as if it did not exist)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from screening.model import Location
from screening.service.desk.i18n import labeller, lang_of, translator
from screening.service.desk.security import check_csrf, csrf_token, signed_in, with_page_headers
from screening.workflow.accounts import Account
from screening.workflow.events import KINDS
from screening.workflow.review import BASIS_LABELS
from screening.workflow.roles import role_label
from screening.workflow.submissions import Submission, get_submission

HERE = Path(__file__).parent
ACTION_LABELS = {"block": "禁止公开", "review": "需审核", "allow": "可公开"}
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(role_label=role_label, action_labels=ACTION_LABELS, basis_labels=BASIS_LABELS, event_labels=KINDS)
templates.env.filters["location_text"] = lambda location: Location(**location).describe()


class NotFound(Exception):
    """No such submission in the account's office: answered with the 404 page."""


@dataclass
class Kit:
    service: Any  # screening.service.app.Service: its ledger, policy, limits, readers

    def page(self, request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("account", None)
        lang = lang_of(request)
        context.update(lang=lang, t=translator(lang), label=labeller(lang))
        response = templates.TemplateResponse(request, template, {"csrf": csrf_token(request), **context}, status_code=status_code)
        return with_page_headers(response)

    def message(self, request: Request, account: Account | None, status_code: int, title: str, message: str,
                back: str | None = None) -> Response:
        return self.page(request, "message.html", status_code, account=account, title=title, message=message, back=back)

    @staticmethod
    def texts(request: Request):
        """The page's `t` (its language's catalogue), for words a route puts together."""
        return translator(lang_of(request))

    @staticmethod
    def redirect(url: str) -> Response:
        return with_page_headers(RedirectResponse(url, status_code=303))

    def account_of(self, request: Request) -> Account:
        return signed_in(request, self.service.ledger)

    def own_submission(self, account: Account, submission_id: int) -> Submission:
        """The submission when it belongs to the account's office; another office's looks like none (no existence leak)."""
        submission = get_submission(self.service.ledger, submission_id)
        if submission is None or submission.office != account.office:
            raise NotFound()
        return submission

    async def posted(self, request: Request, submission_id: int) -> tuple[Account, Any, Submission]:
        """A form posted about a submission: (account, form, submission), CSRF checked first."""
        account = self.account_of(request)
        form = await request.form()
        check_csrf(request, form)
        return account, form, self.own_submission(account, submission_id)
