"""Issue 15 item 2: form labels start with a capital letter ("Năm", not "năm"), whatever the model's
verbose name; the shared form template does it for every form that uses it."""

from __future__ import annotations

import re

from django.urls import reverse


def test_labels_of_the_shared_form_start_with_a_capital(world, login) -> None:
    page = login(world.user("board")).get(reverse("council:list")).content.decode()
    labels = re.findall(r'<label class="form-label fw-semibold" for="[^"]+">([^<]+)', page)
    assert labels, "the council list has its set-up form"
    assert all(label.strip()[0].isupper() for label in labels), labels
