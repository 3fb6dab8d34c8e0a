"""Property-based requests against every operation in /api/openapi.json: never a 5xx."""

import re

import pytest

from shared.models.enums import Role
from tests.factories import make_branch, make_customer, make_kiosk, make_staff
from tests.web_helpers import sign_in


@pytest.fixture
def signed_in(app, client, db_session):
    branch = make_branch(db_session, code="FUZ-01")
    make_staff(db_session, branch, Role.BRANCH_MANAGER, username="fuzz.manager")
    customer = make_customer(db_session, branch)
    make_kiosk(db_session, branch, code="FUZ-01-K1")
    db_session.commit()
    # Schemathesis sends its own user agent; strong session protection (which binds the
    # session to the signing-in user agent) is tested elsewhere and not the point here.
    app.login_manager.session_protection = None
    app.config["PROPAGATE_EXCEPTIONS"] = False  # an unhandled error must show up as a 500
    sign_in(client, "fuzz.manager")
    page = client.get("/staff/").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    cookie = client.get_cookie("session").value
    # Werkzeug's test client replaces a raw Cookie header with its own jar: the session
    # goes in as a case cookie.
    return {"cookies": {"session": cookie}, "headers": {"X-CSRFToken": token},
            "known": {"customer_id": customer.id, "code": "FUZ-01"}}


def test_no_operation_answers_with_a_server_error(app, signed_in):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, calls, codes = [], 0, []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            nonlocal calls
            case.cookies = {**(case.cookies or {}), **signed_in["cookies"]}
            # Every other case uses ids that exist, so generated bodies reach the handlers.
            if calls % 2:
                for name, value in signed_in["known"].items():
                    if name in (case.path_parameters or {}):
                        case.path_parameters[name] = value
            response = case.call(headers=signed_in["headers"])
            calls += 1
            codes.append(response.status_code)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.status_code,
                                 response.text[:200]))

        check()
    assert len(operations) >= 30 and calls >= len(operations)
    # The session really works: many requests got past authentication to a real answer.
    assert sum(1 for code in codes if code < 300) >= 20
    assert failures == [], "\n".join(map(str, failures[:20]))
