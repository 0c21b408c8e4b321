"""R-IN-4 and R-IN-5: the five complaint categories and their default departments."""

from __future__ import annotations

from frontdesk_tui.domain.codes import DEFAULT_DEPARTMENT, DEPARTMENTS, Category
from frontdesk_tui.domain.tickets.intake import default_department


def test_r_in_4_the_five_categories_of_the_seed() -> None:
    assert [c.value for c in Category] == ["engineering", "sanitation", "security", "service", "other"]


def test_r_in_4_every_category_has_a_default_department_that_exists() -> None:
    assert set(DEFAULT_DEPARTMENT) == set(Category)
    for category in Category:
        assert default_department(category) in DEPARTMENTS
    assert DEPARTMENTS[default_department(Category.ENGINEERING)] == "工程维修部"
    assert DEPARTMENTS[default_department(Category.OTHER)] == "客户服务中心"
