"""Signing an application in the browser: NCALayer is replaced by a WebSocket route that answers as its
``kz.gov.pki.knca.basics`` module does, with a CMS made by the test CA over exactly the data the page sent."""

import base64
import json

import pytest

from applications.enums import ApplicationStatus
from portal.signatures.models import Signature
from tests.applications.helpers import fill_application, ngo_with_application
from tests.pki import make_iin

NCALAYER = "wss://127.0.0.1:13579/"


def _confirmed_owner_with_ready_application():
    user, application = ngo_with_application()
    fill_application(application)
    return user, application


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signing_with_ncalayer_then_submitting(browser_page, live_server, login, reference_data, english, pki):
    user, application = _confirmed_owner_with_ready_application()
    holder = pki.issue(iin=make_iin(60), bin=application.organization.bin, name="ТЕСТОВ ТЕСТ")
    requests = []

    def ncalayer(ws):
        ws.send(json.dumps({"result": {"version": "1.4"}}))  # NCALayer greets first

        def on_message(message):
            request = json.loads(message)
            requests.append(request)
            data = base64.b64decode(request["args"]["data"])
            ws.send(json.dumps({"status": True, "body": {"result": [holder.sign(data)]}}))

        ws.on_message(on_message)

    browser_page.route_web_socket(NCALAYER, ncalayer)
    login(browser_page, user)
    browser_page.goto(f"{live_server.url}/applications/{application.pk}/check/")
    browser_page.get_by_role("button", name="Sign with NCALayer").click()
    browser_page.wait_for_function("document.querySelector('[data-sign-cms]').value.length > 100")
    assert browser_page.locator("[data-sign-status]").inner_text() == "Signed. Now press the button below to send."
    (request,) = requests
    assert (request["module"], request["method"], request["args"]["format"]) == ("kz.gov.pki.knca.basics", "sign",
                                                                                 "cms")
    assert request["args"]["signerParams"]["bin"] == application.organization.bin
    sha = browser_page.locator("[data-sign-panel]").get_attribute("data-sha256")
    assert base64.b64decode(request["args"]["data"]).decode() == sha
    browser_page.get_by_role("button", name="Submit the application").click()
    browser_page.wait_for_url(f"**/applications/{application.pk}/receipt/")
    assert "ТЕСТОВ ТЕСТ" in browser_page.locator("[data-signature]").inner_text()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Signature.objects.get().signer_iin == make_iin(60)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_ncalayer_the_page_says_what_to_do_and_still_submits(browser_page, live_server, login,
                                                                     reference_data, english):
    user, application = _confirmed_owner_with_ready_application()
    browser_page.route_web_socket(NCALAYER, lambda ws: ws.close())  # nothing listens on the port
    login(browser_page, user)
    browser_page.set_viewport_size({"width": 360, "height": 800})
    browser_page.goto(f"{live_server.url}/applications/{application.pk}/check/")
    browser_page.get_by_role("button", name="Sign with NCALayer").click()
    help_box = browser_page.locator("[data-ncalayer-missing]")
    help_box.wait_for(state="visible")
    assert "pki.gov.kz" in help_box.inner_text()
    browser_page.get_by_role("button", name="Submit the application").click()
    browser_page.wait_for_url(f"**/applications/{application.pk}/receipt/")
    assert not Signature.objects.exists()
