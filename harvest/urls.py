"""Pages from harvest to payment (issue 5); included by tebu_site/urls.py."""

from django.urls import path

from harvest.views.portal import delivery_orders as portal_do
from harvest.views.staff import (
    delivery_orders,
    market,
    quality,
    rendemen,
    schemes,
    season_close,
    spta,
    weighbridge,
)

urlpatterns = [
    # SPTAs and the cutting schedule
    path("harvest/spta/", spta.spta_list, name="spta-list"),
    path("harvest/spta/new/", spta.spta_issue, name="spta-issue"),
    path("harvest/spta/<int:pk>/", spta.spta_detail, name="spta-detail"),
    path("harvest/spta/<int:pk>/cancel/", spta.spta_cancel, name="spta-cancel"),
    path("harvest/schedule/", spta.cutting_schedule, name="cutting-schedule"),
    # Weighbridge
    path("harvest/weighbridge/", weighbridge.weighing_entry, name="weighing-entry"),
    path("harvest/weighbridge/import/", weighbridge.weighing_import, name="weighing-import"),
    path("harvest/weighings/<int:pk>/reject/", weighbridge.weighing_reject, name="weighing-reject"),
    # Rendemen
    path("harvest/rendemen/", rendemen.rendemen_page, name="rendemen-page"),
    path("harvest/rendemen/preview/", rendemen.rendemen_preview, name="rendemen-preview"),
    path("harvest/rendemen/<int:pk>/correct/", rendemen.rendemen_correct, name="rendemen-correct"),
    # Settlement schemes
    path("harvest/schemes/", schemes.scheme_list, name="scheme-list"),
    path("harvest/schemes/new/", schemes.scheme_create, name="scheme-create"),
    path("harvest/market/", market.market_records, name="market-records"),
    path("harvest/quality/", quality.quality_checks, name="quality-checks"),
    # DOs
    path("do/", delivery_orders.do_register, name="do-register"),
    path("do/overdue/", delivery_orders.do_overdue, name="do-overdue"),
    path("do/settle/", delivery_orders.do_batch, name="do-batch"),
    path("do/settle/<int:pk>/", delivery_orders.do_batch_run, name="do-batch-run"),
    path("do/settle/<int:pk>/issue/", delivery_orders.do_batch_issue, name="do-batch-issue"),
    path("do/season-close/", season_close.season_close_start, name="season-close"),
    path("do/season-close/<int:pk>/", season_close.season_close_run, name="season-close-run"),
    path(
        "do/season-close/<int:pk>/commit/",
        season_close.season_close_commit,
        name="season-close-commit",
    ),
    path("do/<int:pk>/", delivery_orders.do_detail, name="do-detail"),
    path("do/<int:pk>/draft/", delivery_orders.do_update_draft, name="do-update-draft"),
    path("do/<int:pk>/issue/", delivery_orders.do_issue, name="do-issue"),
    path("do/<int:pk>/adjust/", delivery_orders.do_adjust, name="do-adjust"),
    path("do/<int:pk>/payment/", delivery_orders.do_payment, name="do-payment"),
    path("do/<int:pk>/promise/", delivery_orders.do_promise, name="do-promise"),
    path(
        "do/<int:pk>/late-compensation-paid/",
        delivery_orders.do_compensation_paid,
        name="do-compensation-paid",
    ),
    path("do/<int:pk>/delete/", delivery_orders.do_delete, name="do-delete"),
    path("do/<int:pk>/print/", portal_do.do_print, name="do-print"),
    # The farmer's own DOs
    path("me/do/", portal_do.my_dos, name="my-dos"),
    path("me/do/<int:pk>/", portal_do.my_do, name="my-do"),
]
