from django.contrib import admin

from hearth.core.admin import HudRecordAdmin

from . import models

for model in (
    models.Enrollment,
    models.Exit,
    models.IncomeBenefits,
    models.HealthAndDV,
    models.EmploymentEducation,
    models.Disability,
    models.Service,
    models.CurrentLivingSituation,
    models.Assessment,
    models.AssessmentQuestion,
    models.AssessmentResult,
    models.Event,
    models.YouthEducationStatus,
):
    admin.site.register(model, type(f"{model.__name__}Admin", (HudRecordAdmin,), {"raw_id_fields": ("client",)}))
