from django.db import migrations


class Migration(migrations.Migration):
    """The three upload models share lib.uploads.StoredFile: a proxy's letter and a written opinion's
    letter keep their columns (and data) under the common names. Written by hand: makemigrations
    cannot tell a rename from a drop and an add when the field also changes."""

    dependencies = [
        ("conferences", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("proxy", "authorisation", "file"),
        migrations.RenameField("proxy", "recorded_by", "uploaded_by"),
        migrations.RenameField("proxy", "recorded_at", "uploaded_at"),
        migrations.RenameField("writtenopinion", "document", "file"),
        migrations.RenameField("writtenopinion", "recorded_by", "uploaded_by"),
        migrations.RenameField("writtenopinion", "recorded_at", "uploaded_at"),
    ]
