"""Seed the privacy and security quiz with a default question set the HMIS lead can edit."""

from django.db import migrations


def seed(apps, schema_editor):
    from hearth.accounts.services import DEFAULT_QUIZ

    QuizQuestion = apps.get_model("accounts", "QuizQuestion")
    if QuizQuestion.objects.exists():
        return
    for position, (text, choices, correct) in enumerate(DEFAULT_QUIZ):
        QuizQuestion.objects.create(text=text, choices=choices, correct=correct, position=position)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_security_gates_mfa_lockout")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
