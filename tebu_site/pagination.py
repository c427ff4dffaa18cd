"""Pages of lists that grow by the million (a mill's DOs, payments, weighings), drawn without
counting them: a page fetches one row more than it shows to know whether a next page exists.

Django's Paginator and DRF's PageNumberPagination count the whole filtered list for every page;
over a mill's season that COUNT cost more than the page itself (issue 18). Totals, where a page
shows them, come from maintained summaries instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Far beyond any page a person opens; it keeps OFFSET inside what the database can take.
MAX_PAGE = 100_000


def page_number(raw) -> int | None:
    """A page number from the query string: None when it is not one."""
    text = str(raw if raw is not None else "1").strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_PAGE else None


@dataclass
class SlicePage:
    """What the pagination partial needs: the rows, the number and the neighbours; no total."""

    object_list: list
    number: int
    has_next: bool
    paginator: None = None
    rows: list = field(default_factory=list, repr=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def slice_page(queryset, number: int, per_page: int) -> tuple[list, bool]:
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return rows[:per_page], len(rows) > per_page


def paginate_without_count(request, queryset, per_page: int = 25) -> SlicePage:
    # A page number that is not one opens the first page, as Django's Paginator.get_page does.
    number = page_number(request.GET.get("page")) or 1
    rows, has_next = slice_page(queryset, number, per_page)
    return SlicePage(object_list=rows, number=number, has_next=has_next)


class NoCountPagination(PageNumberPagination):
    """The API's pages for the long lists: ``count`` is null, ``next`` and ``previous`` as usual."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        number = page_number(request.query_params.get(self.page_query_param))
        if number is None:
            raise NotFound(self.invalid_page_message)
        self.number = number
        rows, self.more = slice_page(queryset, number, self.get_page_size(request))
        return rows

    def get_next_link(self):
        if not self.more:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": None,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"] = {"type": "integer", "nullable": True, "example": None}
        return response
