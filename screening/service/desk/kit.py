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

from screening.service.desk.i18n import Words, lang_of
from screening.service.desk.security import check_csrf, csrf_token, signed_in, with_page_headers
from screening.workflow.accounts import Account
from screening.workflow.refusals import Refusal, Refused
from screening.workflow.submissions import Submission, get_submission

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


class NotFound(Exception):
    """No such submission in the account's office: answered with the 404 page."""


@dataclass
class Kit:
    service: Any  # screening.service.app.Service: its ledger, policy, limits, readers

    def page(self, request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("account", None)
        context.update(self.words(request).context())
        context["here"] = request.url.path if request.method == "GET" else "/desk/"  # the language switch re-reads a page, never re-posts
        response = templates.TemplateResponse(request, template, {"csrf": csrf_token(request), **context}, status_code=status_code)
        return with_page_headers(response)

    def message(self, request: Request, account: Account | None, status_code: int, title: str, message: str | None = None,
                detail: str | None = None, back: str | None = None, **fields: Any) -> Response:
        """A message page: `title` and `message` are catalogue keys (the message's {fields} filled in);
        `detail` a text the workflow gave (its own language)."""
        return self.page(request, "message.html", status_code, account=account, title=title, message=message, detail=detail,
                         fields=fields, back=back)

    def refused(self, request: Request, account: Account | None, title: str, refused: Refusal | Refused, back: str) -> Response:
        """A 422 message page saying why a workflow step was refused, in the page's language."""
        words = self.words(request)
        return self.message(request, account, 422, title, detail=refused.words(words.lang, words.label), back=back)

    def words(self, request: Request) -> Words:
        """The request's language (`?lang=`, else the session's), for the page and the words a route puts together."""
        return Words(lang_of(request), self.service.policy)

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
