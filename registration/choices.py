"""The closed lists a registration record's cells take their codes from (rules p.9, decree No. 1427):
shared by the model, the rules of ``registration.validation``, the import and monitoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "M", pgettext_lazy("sex", "male")
    FEMALE = "F", pgettext_lazy("sex", "female")


class Category(models.TextChoices):
    CITIZEN = "citizen", _("citizen of Kazakhstan")
    FOREIGNER = "foreigner", _("foreigner")
    STATELESS = "stateless", _("stateless person")


class Kind(models.TextChoices):
    PERMANENT = "permanent", _("permanent (place of residence)")
    TEMPORARY = "temporary", _("temporary (place of stay)")


class Purpose(models.TextChoices):
    WORK = "work", _("work")
    STUDY = "study", _("study")
    FAMILY = "family", _("family")
    OTHER = "other", _("other")


class DocumentType(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    PASSPORT = "passport", _("passport")
    FOREIGN_PASSPORT = "foreign_passport", _("foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    STATELESS_CERTIFICATE = "stateless_certificate", _("stateless person's certificate")
