"""The LTI tool's pure rules, without Flask or a database."""

from __future__ import annotations

import pytest

from portfolio.core.roles import Role
from portfolio.errors import ConflictError, ValidationError
from portfolio.lti.domain import (
    ACTIVITIES,
    CLAIM,
    PlatformSpec,
    activity_from_custom,
    check_platform,
    find_activity,
    identity_from_claims,
    portfolio_role,
    score_from_run,
)
from portfolio.lti.domain.platform import split_deployments

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([LIS + "membership#Learner"], "learner"),
        ([LIS + "institution/person#Student"], "learner"),
        (["Learner"], "learner"),
        ([LIS + "membership#Instructor"], "assessor"),
        ([LIS + "membership/Instructor#TeachingAssistant"], "assessor"),
        ([LIS + "institution/person#Administrator"], "assessor"),
        ([LIS + "membership#Learner", LIS + "membership#Instructor"], "assessor"),
        ([LIS + "membership#Mentor"], None),
        (["http://other.example/vocab#Instructor"], None),
        ([], None),
    ],
)
def test_lti_roles_map_to_portfolio_roles(roles, expected) -> None:
    assert portfolio_role(roles) == expected


def test_mapped_roles_are_portfolio_roles_and_never_admin() -> None:
    mapped = {
        portfolio_role([LIS + r])
        for r in (
            "membership#Learner",
            "membership#Instructor",
            "system/person#Administrator",
        )
    }
    assert {Role(m) for m in mapped} == {Role.LEARNER, Role.ASSESSOR}


def test_identity_reads_the_claims_and_withholds_a_bad_email() -> None:
    identity = identity_from_claims(
        {
            "iss": "https://lms.example",
            "sub": " u-1 ",
            "given_name": "Ada",
            "family_name": "Lovelace",
            "email": "not-an-email",
            CLAIM["roles"]: [LIS + "membership#Learner"],
        }
    )
    assert (identity.subject, identity.name, identity.email) == (
        "u-1",
        "Ada Lovelace",
        None,
    )
    assert identity.role == "learner"
    assert identity.placeholder_email.endswith("@lti.invalid")
    other = identity_from_claims({"iss": "https://lms.example", "sub": "u-2"})
    assert other.placeholder_email != identity.placeholder_email
    assert other.name == "Course member" and other.role is None


def test_a_launch_without_a_subject_is_refused() -> None:
    with pytest.raises(ValidationError, match="names no user"):
        identity_from_claims({"iss": "https://lms.example", "sub": ""})


def test_activities_cover_every_type_and_difficulty_and_round_trip() -> None:
    assert len(ACTIVITIES) == 9
    urgent_hard = find_activity("urgent:hard")
    assert urgent_hard is not None and urgent_hard.title.startswith("Urgent")
    assert activity_from_custom(urgent_hard.custom()) == urgent_hard
    assert activity_from_custom({"scenario_type": "urgent", "difficulty": "x"}) is None
    assert activity_from_custom(None) is None
    assert find_activity("nope") is None


def test_a_finished_run_scores_marking_points_met() -> None:
    score = {
        "criteria": {"MP1": {"met": True}, "MP2": {"met": False}, "MP3": {"met": True}}
    }
    value = score_from_run("finished", score)
    assert (value.given, value.maximum, value.percent) == (2, 3, 67)


@pytest.mark.parametrize(
    ("status", "score"),
    [
        ("active", {"criteria": {"a": {"met": True}}}),
        ("finished", {}),
        ("finished", {"criteria": {}}),
    ],
)
def test_no_score_before_the_end(status, score) -> None:
    with pytest.raises(ConflictError):
        score_from_run(status, score)


def _spec(**changes) -> PlatformSpec:
    values = dict(
        name=" Moodle ",
        issuer="https://moodle.example",
        client_id=" abc ",
        auth_login_url="https://moodle.example/auth",
        auth_token_url="https://moodle.example/token",
        key_set_url="https://moodle.example/certs",
        deployment_ids=("1",),
    )
    values.update(changes)
    return PlatformSpec(**values)


def test_a_platform_is_trimmed_and_local_http_is_allowed() -> None:
    checked = check_platform(_spec(key_set_url="http://127.0.0.1:8000/jwks"))
    assert (checked.name, checked.client_id) == ("Moodle", "abc")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issuer": "http://moodle.example"}, "issuer"),
        ({"auth_token_url": "ftp://moodle.example/t"}, "auth_token_url"),
        ({"key_set_url": "https://user:pw@moodle.example/k"}, "key_set_url"),
        ({"deployment_ids": ()}, "deployment_ids"),
        ({"name": "  "}, "name"),
        ({"client_id": ""}, "client_id"),
    ],
)
def test_a_bad_platform_names_the_field(changes, field) -> None:
    with pytest.raises(ValidationError) as caught:
        check_platform(_spec(**changes))
    assert caught.value.field == field


def test_deployments_split_on_lines_and_commas_without_repeats() -> None:
    assert split_deployments("1\n 2, 3\n\n2") == ("1", "2", "3")
