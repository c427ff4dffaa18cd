"""A DO's statement lines move from rows of their own onto the DO, packed (harvest.models.lines),
and the copy of them inside ``computation`` goes: stored once (issue 18)."""

from collections import defaultdict

from django.db import migrations

import harvest.models.lines

# On PostgreSQL in one statement per step: a national season has tens of millions of lines.
# trim_scale drops the trailing zeros a numeric(24, 8) keeps, as the application writes them.
PACK_SQL = """
UPDATE harvest_deliveryorder d
SET lines_packed = l.packed
FROM (
    SELECT delivery_order_id,
           jsonb_agg(jsonb_build_array(
               code, label, trim_scale(quantity)::text, unit, trim_scale(rate)::text,
               trim_scale(amount)::text, amount_unit
           ) ORDER BY position) AS packed
    FROM harvest_doline
    GROUP BY delivery_order_id
) l
WHERE l.delivery_order_id = d.id
"""
DROP_COMPUTED_LINES_SQL = """
UPDATE harvest_deliveryorder SET computation = computation - 'lines' WHERE computation ? 'lines'
"""
CHUNK = 1000


def _text(value):
    if value is None:
        return None
    return "0" if value == 0 else format(value.normalize(), "f")


def pack_lines(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PACK_SQL)
        schema_editor.execute(DROP_COMPUTED_LINES_SQL)
        return
    order_model = apps.get_model("harvest", "DeliveryOrder")
    line_model = apps.get_model("harvest", "DoLine")
    ids = list(order_model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        packed = defaultdict(list)
        for line in line_model.objects.filter(delivery_order_id__in=chunk).order_by(
            "delivery_order_id", "position"
        ):
            packed[line.delivery_order_id].append(
                [
                    line.code,
                    line.label,
                    _text(line.quantity),
                    line.unit,
                    _text(line.rate),
                    _text(line.amount),
                    line.amount_unit,
                ]
            )
        orders = list(order_model.objects.filter(pk__in=chunk).only("pk", "computation"))
        for order in orders:
            order.lines_packed = packed.get(order.pk, [])
            if isinstance(order.computation, dict):
                order.computation.pop("lines", None)
        order_model.objects.bulk_update(orders, ["lines_packed", "computation"])


class Migration(migrations.Migration):
    dependencies = [
        ("harvest", "0014_recovery_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="deliveryorder",
            name="lines_packed",
            field=harvest.models.lines.DoLinesField(
                blank=True, default=list, verbose_name="statement lines"
            ),
        ),
        migrations.RunPython(pack_lines, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(
            name="DoLine",
        ),
    ]
