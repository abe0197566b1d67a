"""The business calendar: weekends, bank holidays, the cut-off and goods-in."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from portfolio.simulator.domain import ScenarioSpec, generate_scenario
from portfolio.simulator.domain.company.calendar import (
    BusinessCalendar,
    calendar_from_dict,
)


@pytest.fixture(scope="module")
def cal(company) -> BusinessCalendar:
    return company.calendar


def test_the_seeded_calendar_has_england_and_wales_bank_holidays(cal):
    assert cal.holiday_name(date(2026, 5, 25)) == "Spring Bank Holiday"
    assert cal.holiday_name(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert date(2027, 12, 27) in cal.bank_holidays  # Christmas falls on a Saturday
    assert all(2025 <= d.year <= 2029 for d in cal.bank_holidays)
    assert cal.dispatch_cutoff == time(14, 0) and cal.goods_in_days == 1


def test_weekends_and_bank_holidays_are_not_working_days(cal):
    assert not cal.is_working_day(date(2026, 3, 14))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 15))  # Sunday
    assert not cal.is_working_day(date(2026, 5, 25))  # Spring bank holiday, a Monday
    assert cal.is_working_day(date(2026, 5, 26))
    assert cal.next_working_day(date(2026, 5, 23)) == date(2026, 5, 26)


def test_a_friday_afternoon_order_is_delivered_after_the_weekend(cal):
    friday_late = datetime(2026, 3, 13, 15, 0)
    assert cal.dispatch_date(friday_late) == date(2026, 3, 16)
    assert cal.delivery_date(friday_late, "next_day") == date(2026, 3, 17)


def test_the_cut_off_edge(cal):
    assert cal.dispatch_date(datetime(2026, 3, 10, 13, 59)) == date(2026, 3, 10)
    assert cal.dispatch_date(datetime(2026, 3, 10, 14, 0)) == date(2026, 3, 11)
    assert cal.delivery_date(datetime(2026, 3, 10, 13, 59), "next_day") == date(
        2026, 3, 11
    )
    assert cal.delivery_date(datetime(2026, 3, 10, 14, 0), "next_day") == date(
        2026, 3, 12
    )


def test_an_order_taken_on_a_bank_holiday_goes_the_next_working_day(cal):
    holiday_morning = datetime(2026, 5, 25, 9, 0)
    assert not cal.is_open(holiday_morning)
    assert cal.dispatch_date(holiday_morning) == date(2026, 5, 26)
    assert cal.delivery_date(holiday_morning) == date(2026, 5, 28)


def test_goods_in_adds_a_processing_day_before_delivery(cal):
    thursday = date(2026, 3, 12)
    assert cal.goods_available(thursday) == date(2026, 3, 13)
    assert cal.delivery_from_incoming(thursday) == date(2026, 3, 17)
    assert cal.delivery_from_incoming(thursday) > thursday
    # due in on the Friday before the spring bank holiday: processed Tuesday
    assert cal.goods_available(date(2026, 5, 22)) == date(2026, 5, 26)


def test_timed_and_restricted_access_services_have_costs(cal):
    timed = cal.service("SRV-TIMED-1000")
    assert timed and timed.before == time(10, 0) and timed.price > 0
    restricted = cal.service("SRV-ACC-7T5")
    assert restricted and restricted.price > 0 and restricted.extra_days == 1
    monday = datetime(2026, 3, 9, 9, 0)
    assert cal.delivery_date(monday, services=("SRV-ACC-7T5",)) == date(2026, 3, 12)


def test_working_days_between_and_opening_hours(cal):
    assert cal.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1
    assert cal.is_open(datetime(2026, 3, 10, 8, 30))
    assert not cal.is_open(datetime(2026, 3, 10, 17, 0))


def test_an_absent_calendar_document_gives_working_defaults():
    cal = calendar_from_dict(None)
    assert cal.is_working_day(date(2026, 5, 25)) and not cal.is_working_day(
        date(2026, 5, 24)
    )


@pytest.mark.parametrize("kind", ["standard", "bespoke", "urgent"])
def test_no_scenario_starts_or_delivers_on_a_non_working_day(company, kind):
    for seed in range(300):
        sc = generate_scenario(company, ScenarioSpec(kind, "hard", seed))
        start = datetime.fromisoformat(sc.start).date()
        wanted = date.fromisoformat(sc.truth.requested_date)
        assert company.calendar.is_working_day(start), (seed, start)
        assert company.calendar.is_working_day(wanted), (seed, wanted)


def test_delivery_services_are_sold_from_the_catalogue_at_the_calendar_price(company, cal):
    assert cal.services
    for service in cal.services:
        product = company.product(service.code)
        assert product is not None and product.unit_price == service.price
        assert service.code in company.policy.clause("delivery_services").text


def test_earliest_dispatch_takes_the_later_of_cut_off_and_goods_in(cal):
    tuesday_morning = datetime(2026, 3, 10, 10, 0)
    assert cal.earliest_dispatch(tuesday_morning) == date(2026, 3, 10)
    # goods due in on the Tuesday are processed on the Wednesday
    assert cal.earliest_dispatch(tuesday_morning, date(2026, 3, 10)) == date(2026, 3, 11)
    # an order after the cut-off on the Wednesday waits for Thursday either way
    late = datetime(2026, 3, 11, 14, 0)
    assert cal.earliest_dispatch(late, date(2026, 3, 10)) == date(2026, 3, 12)
    # due in on the Friday before the spring bank holiday: dispatched Tuesday
    assert cal.earliest_dispatch(datetime(2026, 5, 21, 9, 0), date(2026, 5, 22)) == date(
        2026, 5, 26
    )


def test_earliest_delivery_adds_the_carrier_and_services(cal):
    monday = datetime(2026, 3, 9, 9, 0)
    assert cal.earliest_delivery(monday) == cal.delivery_date(monday)
    assert cal.earliest_delivery(monday, carrier="next_day") == date(2026, 3, 10)
    assert cal.earliest_delivery(monday, date(2026, 3, 12), "next_day") == date(2026, 3, 16)
    assert cal.earliest_delivery(
        monday, date(2026, 3, 12), services=("SRV-ACC-7T5",)
    ) == date(2026, 3, 18)
    assert cal.lead_days("next_day") == 1 and cal.lead_days("unknown") == 2
