"""API pagination: page numbers, with a page size the client may lower or raise to 100."""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
