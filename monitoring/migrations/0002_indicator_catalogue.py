"""Load the indicator catalogue (rules p.3), so it exists after ``migrate`` alone."""

from django.db import migrations


def load(apps, schema_editor):
    from monitoring.catalogue import catalogue_sync

    catalogue_sync(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
