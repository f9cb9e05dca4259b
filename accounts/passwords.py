"""Django's password validators with messages of our own catalogue: Django's Georgian lacks the
plural of "too short" (so it showed in English) and puts a field's name where Georgian needs
another case. Every message here reads in the reader's language and names things in the
nominative."""

from django.contrib.auth import password_validation as django
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(n)d character.",
            "This password is too short: it needs at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(n)d character.", "At least %(n)d characters.", self.min_length
        ) % {"n": self.min_length}


class UserAttributeSimilarityValidator(django.UserAttributeSimilarityValidator):
    def get_error_message(self):
        # Django fills in %(verbose_name)s: the field's name stands after a colon
        return _("The password is too similar to one of your details: %(verbose_name)s.")

    def get_help_text(self):
        return _("Not too similar to your name, e-mail or phone.")


class CommonPasswordValidator(django.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common; choose another.")

    def get_help_text(self):
        return _("Not a commonly used password.")


class NumericPasswordValidator(django.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password is only digits; add letters.")

    def get_help_text(self):
        return _("Not only digits.")
