"""Joining a class in the browser, as a participant does: the code, then who they are."""

from __future__ import annotations

NOT_LISTED = "My enterprise is not in the list"


def join_class(
    page, name: str, enterprise: str, role: str = "Worker", code: str = "E2E-CLASS"
) -> str:
    """Join ``code`` on ``page`` as ``name`` of ``enterprise``; return the resume code shown.

    The enterprise is chosen from the class's list when it is there, else proposed by name.
    """
    form = page.locator(".osh-join")
    form.get_by_label("Class code").fill(code)
    form.get_by_role("button", name="Continue", exact=True).click()
    choice = form.get_by_label("Your enterprise")
    choice.wait_for()
    if enterprise in choice.locator("option").all_inner_texts():
        choice.select_option(label=enterprise)
    else:
        choice.select_option(label=NOT_LISTED)
        form.get_by_label("Its name").fill(enterprise)
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Role").select_option(label=role)
    form.get_by_role("button", name="Join", exact=True).click()
    form.get_by_text(f"Signed in: {name}").wait_for()
    return form.locator(".osh-resume-code").input_value()
