"""A paginator for the admin at a million rows: it never counts a large result.

Django's paginator runs ``COUNT(*)`` over the filtered rows on every page; at a million records
that alone costs more than the page budget. Small results (a search, a narrow filter) are still
counted exactly, cheaply, with a bounded count; large ones take PostgreSQL's planner estimate,
which the page shows as "about N".
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


def planner_estimate(queryset) -> int:
    """The number of rows PostgreSQL's planner expects ``queryset`` to return (statistics only)."""
    query = queryset.order_by().values("pk").query
    connection = connections[queryset.db]
    sql, params = query.get_compiler(queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        estimate = planner_estimate(queryset)
        if estimate <= EXACT_UP_TO:
            # Bounded: counting stops after EXACT_UP_TO + 1 rows whatever the estimate said.
            exact = queryset.order_by().values("pk")[: EXACT_UP_TO + 1].count()
            if exact <= EXACT_UP_TO:
                return exact
            estimate = max(estimate, exact)
        self.is_estimate = True
        return estimate
