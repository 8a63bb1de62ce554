"""The block pages list deputies in their order, numbered when there are several, and the year's
form records them in the order chosen."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import translation

from thidua.blocks import services
from thidua.blocks.models import BlockYear


def _ordered_deputies(world, deputies):
    return services.set_block_year(
        actor=world.user("board"),
        block=world.block,
        year=2024,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.leader_unit,
        deputies=deputies,
    )


def _in_order(html: str, *texts: str) -> bool:
    positions = [html.find(text) for text in texts]
    return -1 not in positions and positions == sorted(positions)


def test_year_and_block_pages_show_deputies_in_their_order(world, login) -> None:
    w = world
    _ordered_deputies(w, [w.member_unit, w.deputy_unit])  # names sort the other way
    client = login(w.user("observer"))
    year_page = client.get(reverse("blocks:block_year_detail", args=[w.block.pk, 2024])).content.decode()
    assert _in_order(year_page, "Khối phó 1:</span> Sở Nội vụ", "Khối phó 2:</span> Văn phòng UBND tỉnh")
    assert "<td>Khối phó 1</td>" in year_page and "<td>Khối phó 2</td>" in year_page
    block_page = client.get(reverse("blocks:block_detail", args=[w.block.pk])).content.decode()
    assert _in_order(block_page, "Khối phó 1:</span> Sở Nội vụ", "Khối phó 2:</span> Văn phòng UBND tỉnh")
    w.block.kind = "cluster"
    w.block.save()
    year_page = client.get(reverse("blocks:block_year_detail", args=[w.block.pk, 2024])).content.decode()
    assert _in_order(year_page, "Cụm phó 1:</span> Sở Nội vụ", "Cụm phó 2:</span> Văn phòng UBND tỉnh")


def test_one_deputy_is_not_numbered(world, login) -> None:
    page = login(world.user("observer")).get(reverse("blocks:block_year_detail", args=[world.block.pk, 2024]))
    html = page.content.decode()
    assert "Khối phó 1" not in html and "<td>Khối phó</td>" in html


def test_the_form_records_deputies_in_the_order_chosen(world, login) -> None:
    w = world
    client = login(w.user("board"))
    url = reverse("blocks:block_year_edit", args=[w.block.pk, 2024])
    assert "selected>Văn phòng UBND tỉnh" in client.get(url).content.decode()  # prefilled: deputy 1
    post = {
        "year": 2024,
        "members": [w.leader_unit.pk, w.deputy_unit.pk, w.member_unit.pk],
        "leader": w.leader_unit.pk,
        "deputy_1": w.member_unit.pk,
        "deputy_2": w.deputy_unit.pk,
        "deputy_3": "",
    }
    response = client.post(url, post)
    assert response.status_code == 302
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert block_year.deputies == [w.member_unit, w.deputy_unit]
    # The same unit twice is refused and changes nothing.
    response = client.post(url, {**post, "deputy_2": w.member_unit.pk})
    assert response.status_code == 200
    assert "Một đơn vị được chọn làm Khối phó hai lần." in response.content.decode()
    assert BlockYear.objects.with_members().get(pk=w.block_year.pk).deputies == [w.member_unit, w.deputy_unit]


def test_the_form_takes_a_leader_alone_unless_the_block_requires_a_deputy(world, login) -> None:
    w = world
    client = login(w.user("board"))
    url = reverse("blocks:block_year_edit", args=[w.block.pk, 2024])
    post = {"year": 2024, "members": [w.leader_unit.pk, w.deputy_unit.pk], "leader": w.leader_unit.pk}
    w.block.deputy_required = True
    w.block.save()
    response = client.post(url, post)
    assert response.status_code == 200
    assert "bắt buộc mỗi năm có ít nhất một Khối phó" in response.content.decode()
    assert BlockYear.objects.with_members().get(pk=w.block_year.pk).deputies == [w.deputy_unit]
    w.block.deputy_required = False
    w.block.save()
    assert client.post(url, post).status_code == 302
    assert BlockYear.objects.with_members().get(pk=w.block_year.pk).deputies == []


def test_a_new_year_that_is_not_a_year_is_named_and_nothing_is_created(world, login) -> None:
    w = world
    client = login(w.user("board"))
    url = reverse("blocks:block_year_create", args=[w.block.pk])
    post = {"members": [w.leader_unit.pk, w.deputy_unit.pk], "leader": w.leader_unit.pk}
    before = BlockYear.objects.count()
    with translation.override("vi"):
        whole_number = str(forms.IntegerField.default_error_messages["invalid"])
    for year, message in (("abc", whole_number), ("99999", "2100"), ("", "")):
        response = client.post(url, {**post, "year": year})
        assert response.status_code == 200 and message in response.content.decode()
        assert "invalid-feedback" in response.content.decode()
    assert BlockYear.objects.count() == before
    assert client.post(url, {**post, "year": 2026}).status_code == 302
    assert BlockYear.objects.filter(block=w.block, year=2026).exists()
