"""The audit actions of awards (registered with the audit log in `apps.py`): every `record()` of the
app names one of these (a test keeps it so), and the audit log shows its sentence."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardAction(models.TextChoices):
    AWARDRECORD_CREATE = "awardrecord.create", _("Recorded an award")
    AWARDRECORD_UPDATE = "awardrecord.update", _("Changed an award record")
    AWARDRECORD_DELETE = "awardrecord.delete", _("Deleted an award record")
    PERFORMANCERATING_CREATE = "performancerating.create", _("Recorded a performance rating")
    PERFORMANCERATING_UPDATE = "performancerating.update", _("Changed a performance rating")
    PERFORMANCERATING_DELETE = "performancerating.delete", _("Deleted a performance rating")
    INITIATIVE_CREATE = "initiative.create", _("Recorded an initiative")
    INITIATIVE_UPDATE = "initiative.update", _("Changed an initiative")
    INITIATIVE_DELETE = "initiative.delete", _("Deleted an initiative")
    INITIATIVE_USE = "initiative.use", _("Cited an initiative as the ground of an award")
    DISCIPLINE_CREATE = "discipline.create", _("Recorded a disciplinary measure")
    DISCIPLINE_UPDATE = "discipline.update", _("Changed a disciplinary measure")
    DISCIPLINE_DELETE = "discipline.delete", _("Deleted a disciplinary measure")
    CASE_CREATE = "case.create", _("Recorded an open case")
    CASE_UPDATE = "case.update", _("Changed an open case")
    CASE_DELETE = "case.delete", _("Deleted an open case")
    MATERNITYLEAVE_CREATE = "maternityleave.create", _("Recorded a maternity leave")
    MATERNITYLEAVE_UPDATE = "maternityleave.update", _("Changed a maternity leave")
    MATERNITYLEAVE_DELETE = "maternityleave.delete", _("Deleted a maternity leave")
    AWARDTYPE_CREATE = "awardtype.create", _("Added a title or form to the province's catalogue")
    AWARDTYPE_UPDATE = "awardtype.update", _("Changed a title or form of the province's catalogue")
    ELIGIBILITYSETTINGS_SAVE = "eligibilitysettings.save", _("Changed the eligibility settings")
    BASESALARY_SAVE = "basesalary.save", _("Recorded the base salary")
    EVALUATIONJOB_START = "evaluationjob.start", _("Started a batch eligibility evaluation")

    @classmethod
    def of_history(cls, model: type[models.Model], verb: str) -> AwardAction:
        """The action of a history record of `model` being created, updated or deleted (`verb`); a
        ValueError for a model or verb without one."""
        return cls(f"{model._meta.model_name}.{verb}")
