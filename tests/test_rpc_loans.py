"""Staff loans from outside: only the parties see a loan, and no margin gets through the API."""

import datetime

import pytest
from conftest import ApiError


@pytest.fixture(scope="module")
def loans(as_user):
    """Two draft loans made by the coordinator: one lent by a member the demo `directeur`
    manages, one between two members they do not manage."""
    coordinator = as_user("coordinatrice")
    managed = set(coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")]))
    members = coordinator.call("res.partner", "search", [("member_state", "=", "member")])
    start = datetime.date.today() + datetime.timedelta(days=30)
    job = coordinator.call("reserve.job", "search", [], limit=1)[0]

    def make(managed_lender):
        domain = [("category", "=", "lent_employee"), ("employer_id.member_state", "=", "member")]
        domain.append(("employer_id", "in" if managed_lender else "not in", list(managed)))
        employee = coordinator.call("reserve.person", "search_read", domain, fields=["employer_id"], limit=1)
        assert employee, "the demo has employees lent by members `directeur` manages and by others"
        lender = employee[0]["employer_id"][0]
        borrower = next(m for m in members if m != lender and m not in managed)
        values = {
            "lender_id": lender,
            "borrower_id": borrower,
            "employee_id": employee[0]["id"],
            "date_start": start.isoformat(),
            "date_end": (start + datetime.timedelta(days=4)).isoformat(),
            "job_id": job,
            "place": "Salle de soins, rez-de-chaussée",
            "hourly_cost": 13.8,
            "charges_rate": 44.0,
        }
        return coordinator.call("reserve.loan.contract", "create", values), values

    own_loan, own_values = make(True)
    foreign_loan, _values = make(False)
    return {"own": own_loan, "foreign": foreign_loan, "values": own_values}


def test_the_lenders_manager_reads_the_loan(as_user, loans):
    manager = as_user("directeur")
    found = manager.call("reserve.loan.contract", "search", [("id", "in", [loans["own"], loans["foreign"]])])
    assert found == [loans["own"]]
    [loan] = manager.call("reserve.loan.contract", "read", [loans["own"]], fields=["billed_hourly_rate", "state"])
    assert loan["state"] == "draft"
    assert loan["billed_hourly_rate"] == pytest.approx(19.87)  # 13.80 × 1.44


def test_another_member_is_refused_by_id(as_user, loans):
    with pytest.raises(ApiError) as error:
        as_user("directeur").call("reserve.loan.contract", "read", [loans["foreign"]], fields=["employee_id"])
    assert error.value.is_access_error


@pytest.mark.parametrize("login", ["autorite", "formatrice"])
def test_roles_without_loans_are_refused(as_user, login, loans):
    with pytest.raises(ApiError) as error:
        as_user(login).call("reserve.loan.contract", "search_read", [], fields=["name"])
    assert error.value.is_access_error


def test_a_reservist_sees_no_loan_of_others(as_user, loans):
    reservist = as_user("reserviste")
    assert reservist.call("reserve.loan.contract", "search", [("id", "in", [loans["own"], loans["foreign"]])]) == []


def test_no_margin_through_the_api(as_user, loans):
    coordinator = as_user("coordinatrice")
    before = coordinator.call("reserve.loan.contract", "search_count", [])
    with pytest.raises(ApiError) as error:
        coordinator.call("reserve.loan.contract", "create", dict(loans["values"], billed_hourly_rate=25.0))
    assert "L8241-1" in error.value.message
    with pytest.raises(ApiError):
        coordinator.call("reserve.loan.contract", "write", [loans["own"]], {"billed_hourly_rate": 19.88})
    assert coordinator.call("reserve.loan.contract", "search_count", []) == before, "nothing half-saved"
    [loan] = coordinator.call("reserve.loan.contract", "read", [loans["own"]], fields=["billed_hourly_rate"])
    assert loan["billed_hourly_rate"] == pytest.approx(19.87)


def test_state_cannot_be_forced_through_the_api(as_user, loans):
    with pytest.raises(ApiError) as error:
        as_user("directeur").call("reserve.loan.contract", "write", [loans["own"]], {"state": "running"})
    assert error.value.is_access_error
