# The compliance ledger's order within a mill (issue 18): an index, nothing else.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0003_scorecard_summary"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complianceevent",
            index=models.Index(
                fields=["mill", "-raised_at", "-id"], name="compliance_mill_ledger_idx"
            ),
        ),
    ]
