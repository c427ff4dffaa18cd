"""Pages from harvest to payment (issue 5); included by partners/urls.py."""

from django.urls import path

from partners.views import harvest_staff as staff
from partners.views import portal_do

urlpatterns = [
    # SPTAs and the cutting schedule
    path("harvest/spta/", staff.spta_list, name="spta-list"),
    path("harvest/spta/new/", staff.spta_issue, name="spta-issue"),
    path("harvest/spta/<int:pk>/", staff.spta_detail, name="spta-detail"),
    path("harvest/spta/<int:pk>/cancel/", staff.spta_cancel, name="spta-cancel"),
    path("harvest/schedule/", staff.cutting_schedule, name="cutting-schedule"),
    # Weighbridge
    path("harvest/weighbridge/", staff.weighing_entry, name="weighing-entry"),
    path("harvest/weighbridge/import/", staff.weighing_import, name="weighing-import"),
    path("harvest/weighings/<int:pk>/reject/", staff.weighing_reject, name="weighing-reject"),
    # Rendemen
    path("harvest/rendemen/", staff.rendemen_page, name="rendemen-page"),
    path("harvest/rendemen/<int:pk>/correct/", staff.rendemen_correct, name="rendemen-correct"),
    # Settlement schemes
    path("harvest/schemes/", staff.scheme_list, name="scheme-list"),
    path("harvest/schemes/new/", staff.scheme_create, name="scheme-create"),
    # DOs
    path("do/", staff.do_register, name="do-register"),
    path("do/overdue/", staff.do_overdue, name="do-overdue"),
    path("do/settle/", staff.do_batch, name="do-batch"),
    path("do/<int:pk>/", staff.do_detail, name="do-detail"),
    path("do/<int:pk>/draft/", staff.do_update_draft, name="do-update-draft"),
    path("do/<int:pk>/issue/", staff.do_issue, name="do-issue"),
    path("do/<int:pk>/adjust/", staff.do_adjust, name="do-adjust"),
    path("do/<int:pk>/payment/", staff.do_payment, name="do-payment"),
    path("do/<int:pk>/delete/", staff.do_delete, name="do-delete"),
    path("do/<int:pk>/print/", portal_do.do_print, name="do-print"),
    # The farmer's own DOs
    path("me/do/", portal_do.my_dos, name="my-dos"),
    path("me/do/<int:pk>/", portal_do.my_do, name="my-do"),
]
