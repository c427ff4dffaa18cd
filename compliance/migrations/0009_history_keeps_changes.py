"""The history of compliance events keeps each change's "before"
(tebu_site.history.ChangeHistory, issue 18): the rows simple-history wrote are rewritten so.
Going back leaves the rows as they are: the rows that only repeated a live row are not made again.
"""

from django.db import migrations

from tebu_site.history import convert_to_changes_only


def forwards(apps, schema_editor):
    convert_to_changes_only(apps.get_model("compliance", "HistoricalComplianceEvent"))


class Migration(migrations.Migration):
    dependencies = [("compliance", "0008_history_read_by_id")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
