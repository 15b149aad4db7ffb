"""Forms of the account pages, built like the portal's other forms (error summary, hints)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.models import Role, Situation, User
from wendbaar.services.forms import AccessibleBoundField, AccessibleForm

NAME_ATTRS = {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
PASSWORD_HELP = _(
    "At least 8 characters. Not only digits, not a well-known password and not like your user name."
)


def _password(label: Any, autocomplete: str, required: Any) -> forms.CharField:
    field = forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )
    field.error_messages["required"] = required
    return field


def find_by_login_name(name: str) -> User | None:
    """The account for a user name, or for an e-mail address that only one account has."""
    user = User.objects.filter(username=name).first()
    if user is None and "@" in name:
        matches = list(User.objects.filter(email__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


class RegistrationForm(AccessibleForm):
    login_name = forms.CharField(
        label=_("E-mail address or user name"),
        max_length=150,
        help_text=_("You log in with this. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs=NAME_ATTRS),
        error_messages={"required": _("Fill in an e-mail address or a user name.")},
    )
    password1 = _password(_("Password"), "new-password", _("Choose a password."))
    password2 = _password(
        _("Password again"), "new-password", _("Type the password a second time.")
    )
    situation = forms.ChoiceField(
        label=_("What is your situation?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        help_text=_("This helps us show what fits you. You can change it later."),
        error_messages={"required": _("Choose your situation.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = PASSWORD_HELP

    def clean_login_name(self) -> str:
        name: str = self.cleaned_data["login_name"].strip()
        if "@" in name:
            try:
                validate_email(name)
            except ValidationError:
                raise ValidationError(
                    _("This is not a valid e-mail address. Check it, or choose a user name."),
                    code="invalid",
                ) from None
        try:
            UnicodeUsernameValidator()(name)
        except ValidationError:
            raise ValidationError(
                _("Use only letters, digits and @ . + - _ (no spaces)."), code="invalid"
            ) from None
        taken = User.objects.filter(username__iexact=name).exists() or (
            "@" in name and User.objects.filter(email__iexact=name).exists()
        )
        if taken:
            raise ValidationError(
                _("There already is an account with this name. Log in, or choose another name."),
                code="taken",
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            name = cleaned.get("login_name", "")
            candidate = User(username=name, email=name if "@" in name else "")
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self) -> User:
        name = self.cleaned_data["login_name"]
        return User.objects.create_user(
            username=name,
            email=name if "@" in name else "",
            password=self.cleaned_data["password1"],
            role=Role.PERSON,
            situation=self.cleaned_data["situation"],
        )


class LoginForm(AuthenticationForm):
    """Log in with the user name or the e-mail address."""

    bound_field_class = AccessibleBoundField
    error_links = AccessibleForm.error_links
    error_messages = {
        "invalid_login": _(
            "The name or the password is not right. Check both and try again. "
            "Capitals count in the password."
        ),
        "inactive": _("This account is switched off. Ask the administrator."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # Autofocus would skip the "skip to content" link and surprise screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(NAME_ATTRS)
        self.fields["username"].label = _("E-mail address or user name")
        self.fields["username"].error_messages["required"] = _(
            "Fill in your e-mail address or user name."
        )
        self.fields["password"].error_messages["required"] = _("Fill in your password.")

    def clean(self) -> dict[str, Any]:
        name = (self.cleaned_data.get("username") or "").strip()
        if name:
            user = find_by_login_name(name)
            if user is not None:
                self.cleaned_data["username"] = user.get_username()
        return super().clean()


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Fill in the code.")},
    )

    def __init__(self, *args: Any, numeric: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if numeric:
            field.help_text = _("The 6 digits your app shows now.")
            field.widget.attrs["inputmode"] = "numeric"
        else:
            field.help_text = _(
                "The 6 digits your authenticator app shows now, or one of your recovery codes."
            )


class PasswordCheckForm(AccessibleForm):
    """Asks for the password again before something that cannot be undone."""

    password = _password(_("Your password"), "current-password", _("Fill in your password."))

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong")
        return password


class DeleteAccountForm(AccessibleForm):
    """The password when the account has one; a check box for accounts made by DigiD."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if user.has_usable_password():
            self.fields["password"] = _password(
                _("Your password"), "current-password", _("Fill in your password.")
            )
        else:
            self.fields["confirm"] = forms.BooleanField(
                label=_("Yes, delete my account and everything in it."),
                error_messages={"required": _("Tick the box to confirm.")},
            )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong")
        return password


class ApiTokenForm(AccessibleForm):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("So you know later what it is for, for example “student administration”."),
        error_messages={"required": _("Give the token a name.")},
    )


class NewPasswordForm(SetPasswordForm):
    """A new password, typed twice: after a reset link, or for an account without one."""

    bound_field_class = AccessibleBoundField
    error_links = AccessibleForm.error_links
    error_messages = {"password_mismatch": _("The two passwords are not the same.")}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = _("New password")
        first.help_text = PASSWORD_HELP
        first.error_messages["required"] = _("Choose a new password.")
        second.label = _("New password again")
        second.help_text = ""
        second.error_messages["required"] = _("Type the new password a second time.")

    def clean(self) -> dict[str, Any]:
        # As at registration: a mismatch first, otherwise the validators judge the first field
        # (where the help text is), not the second as Django does.
        cleaned = forms.Form.clean(self) or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", self.error_messages["password_mismatch"])
        else:
            self.validate_password_for_user(self.user, "new_password1")
        return cleaned


class ChangePasswordForm(NewPasswordForm):
    old_password = _password(
        _("Current password"), "current-password", _("Fill in your current password.")
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        password: str = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="wrong")
        return password


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form (mail only to active accounts with a password) in our style."""

    bound_field_class = AccessibleBoundField
    error_links = AccessibleForm.error_links

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = _("E-mail address")
        field.help_text = _("The e-mail address of your account.")
        field.error_messages["required"] = _("Fill in your e-mail address.")
        field.error_messages["invalid"] = _("This is not a valid e-mail address. Check it.")


class DetailsForm(AccessibleForm):
    """What a person may change about themselves; role and organisation are the admin's.

    A new e-mail address needs the password (when the account has one): the address is
    where reset links go, so changing it is taking over the account.
    """

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("We send a link to this address when you forget your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("This is not a valid e-mail address. Check it.")},
    )
    situation = forms.ChoiceField(
        label=_("What is your situation?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        help_text=_("This helps us show what fits you."),
        error_messages={"required": _("Choose your situation.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        help_text=_("Only needed when you change your e-mail address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "situation": user.situation,
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if user.role != Role.PERSON:
            del self.fields["situation"]
        if not user.has_usable_password():
            # Made through DigiD: the broker's login is the proof; there is nothing to ask.
            del self.fields["password"]

    @property
    def email_changed(self) -> bool:
        return "email" in self.cleaned_data and self.cleaned_data["email"] != self.user.email

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if not email or email.lower() == self.user.email.lower():
            return email
        # Also user names: someone who registered with an address logs in with it.
        others = User.objects.exclude(pk=self.user.pk)
        if (
            others.filter(email__iexact=email).exists()
            or others.filter(username__iexact=email).exists()
        ):
            raise ValidationError(
                _("Another account already uses this e-mail address. Choose another one."),
                code="taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.email_changed and "password" in self.fields:
            password = cleaned.get("password")
            if not password:
                self.add_error(
                    "password", _("Fill in your password to change your e-mail address.")
                )
            elif not self.user.check_password(password):
                self.add_error("password", _("This is not your password."))
        return cleaned

    def save(self) -> User:
        user = self.user
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.email = self.cleaned_data["email"]
        if "situation" in self.fields:
            user.situation = self.cleaned_data["situation"]
        user.save(update_fields=["first_name", "last_name", "email", "situation"])
        return user
