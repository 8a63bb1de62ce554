from __future__ import annotations

from django import forms


class LoginNameForm(forms.Form):
    """The name a login is tried for, read before the password is checked (the throttle counts
    failures per name and address); any text is a name here, the login form judges it."""

    username = forms.CharField(required=False, strip=False)

    def name(self) -> str:
        return str(self.cleaned_data["username"]) if self.is_valid() else ""
