from django.shortcuts import render
from django.urls import path
from minimal.models import DeliveryOrder


def do_list(request):
    farmer = request.GET.get("f", "0")
    orders = list(
        DeliveryOrder.objects.filter(farmer_id=int(farmer) if farmer.isdigit() else 0).order_by(
            "-period_end", "-id"
        )[:20]
    )
    return render(request, "minimal/do_list.html", {"orders": orders})


urlpatterns = [path("", do_list)]
