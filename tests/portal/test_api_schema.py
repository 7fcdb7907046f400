"""The OpenAPI document states every error answer and the limits the server enforces (portal/api_schema.py)."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR = {"$ref": "#/components/schemas/Error"}
WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_error_answers_with_the_error_body(schema):
    missing = []
    for path, method, operation in operations(schema):
        expected = {"401", "403"}
        if method in WRITES:
            expected |= {"400", "409"}
        if "{" in path:
            expected.add("404")
        if any(p["in"] == "query" for p in operation.get("parameters", [])):
            expected |= {"400", "404"}
        responses = operation["responses"]
        for code in expected:
            if responses.get(code, {}).get("content", {}).get("application/json", {}).get("schema") != ERROR:
                missing.append(f"{method.upper()} {path} {code}")
    assert not missing


def test_the_token_endpoint_documents_its_throttle(schema):
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


def test_the_error_body_names_detail_code_and_problems(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "detail"] and set(error["properties"]) == {"detail", "code", "problems"}


def test_request_bodies_are_closed_to_unknown_keys(schema):
    components = schema["components"]["schemas"]
    for name in ["ApplicationCreateRequest", "PatchedApplicationUpdateRequest", "BudgetLineRequest",
                 "EvaluationWriteRequest", "ScoreRequest"]:
        assert components[name]["additionalProperties"] is False, name


def test_the_pages_limits_are_stated(schema):
    components = schema["components"]["schemas"]
    update = components["PatchedApplicationUpdateRequest"]["properties"]
    assert update["budget_lines"]["maxItems"] == 300 and update["title"]["maxLength"] == 300
    assert update["beneficiaries_count"]["minimum"] == 0
    line = components["BudgetLineRequest"]["properties"]
    assert "amount" not in line and line["description"]["maxLength"] == 300
    assert "pattern" in line["quantity"]  # a decimal is a string: its pattern states the digits


def test_page_and_filter_limits_are_stated(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/plans/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert (parameters["year"]["minimum"], parameters["year"]["maximum"]) == (2000, 2100)


def test_bodies_are_documented_as_json_only_except_uploads(schema):
    for path, method, operation in operations(schema):
        content = set(operation.get("requestBody", {}).get("content", {}))
        assert content <= {"application/json", "multipart/form-data"}, (method, path, content)


def test_a_decimal_sent_as_text_needs_a_digit(schema):
    """drf-spectacular's pattern lets "" and "-" through, which DRF refuses: every decimal needs a digit; a field
    with a minimum of 0 has no sign, and the whole digits its maximum allows."""
    fee = schema["components"]["schemas"]["FeeRequest"]["properties"]["amount_per_evaluation"]
    assert fee["pattern"] == r"^\d{1,8}(?:\.\d{0,2})?$"
    assert [bool(re.match(fee["pattern"], text)) for text in ("", "-", "12", "-1.5", "1.")] == [
        False, False, True, False, True]
