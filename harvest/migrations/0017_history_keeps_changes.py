"""The history of DOs, payments, weighings and rendemen analyses keeps each change's "before"
(tebu_site.history.ChangeHistory, issue 18): the rows simple-history wrote are rewritten so.
Going back leaves the rows as they are: the rows that only repeated a live row are not made again.
"""

from django.db import migrations

from tebu_site.history import convert_to_changes_only

MODELS = ("HistoricalDeliveryOrder", "HistoricalDoPayment", "HistoricalWeighing",
          "HistoricalRendemenAnalysis")  # fmt: skip


# A load's analysis and DO are filled in when those are made: no change of the load.
FILLED_ONCE = {"HistoricalWeighing": ("rendemen_analysis", "delivery_order")}


def forwards(apps, schema_editor):
    for name in MODELS:
        convert_to_changes_only(apps.get_model("harvest", name), FILLED_ONCE.get(name, ()))


class Migration(migrations.Migration):
    dependencies = [("harvest", "0016_history_read_by_id")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
