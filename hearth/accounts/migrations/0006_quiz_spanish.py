"""The quiz in Spanish: a Spanish wording for each question and answer, filled in for the default questions."""

from django.db import migrations, models


def fill_spanish(apps, schema_editor):
    from hearth.accounts.services import DEFAULT_QUIZ, DEFAULT_QUIZ_ES

    QuizQuestion = apps.get_model("accounts", "QuizQuestion")
    spanish = {text: es for (text, _choices, _correct), es in zip(DEFAULT_QUIZ, DEFAULT_QUIZ_ES, strict=True)}
    english_choices = {text: choices for text, choices, _correct in DEFAULT_QUIZ}
    for question in QuizQuestion.objects.filter(text__in=list(spanish), text_es=""):
        # Only a default question still worded (and answered) as seeded: an edited one is the lead's to translate.
        if question.choices != english_choices[question.text]:
            continue
        question.text_es, question.choices_es = spanish[question.text]
        question.save(update_fields=["text_es", "choices_es"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_default_quiz")]

    operations = [
        migrations.AddField(
            model_name="quizquestion",
            name="choices_es",
            field=models.JSONField(blank=True, default=list, verbose_name="answers in Spanish"),
        ),
        migrations.AddField(
            model_name="quizquestion",
            name="text_es",
            field=models.TextField(blank=True, default="", verbose_name="question in Spanish"),
        ),
        migrations.RunPython(fill_spanish, migrations.RunPython.noop),
    ]
