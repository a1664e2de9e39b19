import re


def _role_line(page: str) -> str:
    return re.search(r'</h1>\s*<p class="muted">([^<]*)</p>', page).group(1)


def test_the_home_page_says_who_one_is_once_and_does_not_repeat_the_menu(as_user):
    assert _role_line(as_user("guard").get("/").get_data(as_text=True)) == "警卫班 · 门卫"
    gm = as_user("gm").get("/").get_data(as_text=True)
    assert _role_line(gm) == "总经理"
    assert "常用功能" not in gm


def test_the_gm_of_a_big_company_sees_the_departments_folded(app, as_user):
    from tests import factories
    with app.app_context():
        for _ in range(12):
            factories.department()
    gm = as_user("gm").get("/").get_data(as_text=True)
    section = gm.split("我负责的部门")[1].split("</section>")[0]
    assert "<details><summary>共" in section and "个部门" in section
    deputy = as_user("deputy").get("/").get_data(as_text=True)
    assert "<details>" not in deputy.split("我负责的部门")[1].split("</section>")[0]      # a few: listed
