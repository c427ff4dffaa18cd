from django.db import models


class DeliveryOrder(models.Model):
    """The columns a DO list shows, read from the product's table (unmanaged)."""

    farmer_id = models.BigIntegerField()
    number = models.CharField(max_length=40)
    status = models.CharField(max_length=12)
    period_end = models.DateField()
    payable = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        managed = False
        db_table = "harvest_deliveryorder"

    def __str__(self) -> str:
        return self.number
