"""``mathforml serve --accounts`` in Chromium: a learner registers, practises, signs
out and back in and finds their progress; the forms at laptop and phone width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ._learner import answers, variant_of
from .conftest import DESKTOP, PHONE, open_page

PASSWORD = "a quiet green meadow"
EXERCISE = "c1w1.determinant-2x2"


@pytest.fixture
def account_page(browser: Any, accounts_server: str) -> Iterator[Any]:
    """A fresh laptop-size tab on the server with accounts."""
    yield from open_page(browser, accounts_server, viewport=DESKTOP)


@pytest.fixture
def account_phone(browser: Any, accounts_server: str) -> Iterator[Any]:
    yield from open_page(browser, accounts_server, viewport=PHONE, device_scale_factor=2,
                         is_mobile=True, has_touch=True)


def _fits(page: Any) -> None:
    """Nothing sticks out sideways (no horizontal scrolling)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def _register(page: Any, expect: Any, name: str) -> None:
    page.goto("/register")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_register_practise_sign_out_and_back_in(account_page, expect, screenshot):
    page = account_page
    # Signed out, every page leads to the sign-in form, which comes back afterwards.
    page.goto("/progress")
    expect(page).to_have_url(re.compile(r"/login\?next=/progress$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "accounts-login-laptop")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    screenshot(page, "accounts-register-laptop")

    page.get_by_label("Name").fill("Ada.Lovelace")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/progress$"))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_contain_text("ada.lovelace")
    screenshot(page, "accounts-signed-in-laptop", full_page=False)

    # Practise with instant feedback: app.js sends the CSRF token with each check.
    page.goto(f"/practice/c1w1?exercise={EXERCISE}")
    exercise_id, seed = variant_of(page)
    page.get_by_label("Your answer").fill(answers(exercise_id, seed).right)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#outcome .outcome")).to_have_class(re.compile(r"\bcorrect\b"))

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto("/progress")
    expect(page).to_have_url(re.compile(r"/login"))

    # Back in with the keyboard alone: name, Tab, password, Enter.
    page.get_by_label("Name").fill("ada.lovelace")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/progress$"))
    topic = page.locator("main")
    expect(topic).to_contain_text("100%")
    screenshot(page, "accounts-progress-after-sign-in")


def test_a_second_learner_starts_fresh(account_page, browser, accounts_server, expect):
    page = account_page
    _register(page, expect, "first-learner")
    page.goto(f"/practice/c1w1?exercise={EXERCISE}")
    exercise_id, seed = variant_of(page)
    page.get_by_label("Your answer").fill(answers(exercise_id, seed).right)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#outcome .outcome")).to_have_class(re.compile(r"\bcorrect\b"))

    for other in open_page(browser, accounts_server, viewport=DESKTOP):
        _register(other, expect, "second-learner")
        other.goto("/progress")
        expect(other.locator("main")).not_to_contain_text("100%")
        other.goto(f"/practice/c1w1?exercise={EXERCISE}")
        assert variant_of(other)[1] != seed


def test_forms_at_phone_width(account_phone, expect, screenshot):
    page = account_phone
    page.goto("/login")
    expect(page.get_by_label("Name")).to_be_visible()
    _fits(page)
    screenshot(page, "accounts-login-phone")
    page.goto("/register")
    _fits(page)
    screenshot(page, "accounts-register-phone")
    _register(page, expect, "phone.learner.with.a.long.name")
    page.goto("/")
    _fits(page)
    screenshot(page, "accounts-home-phone", full_page=False)


def test_a_wrong_password_is_explained_in_the_form(browser, accounts_server, expect,
                                                   screenshot):
    # A context of our own: the 401 is expected, so no error watch here.
    context = browser.new_context(base_url=accounts_server, viewport=PHONE,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Name").fill("nobody-here")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("do not match")
        expect(page.get_by_label("Name")).to_have_value("nobody-here")
        _fits(page)
        screenshot(page, "accounts-login-error-phone")
    finally:
        context.close()
