"""The quota is never oversubscribed, however many requests race for its last places.

Each thread has its own database connection (Django opens one per thread), so these are real
concurrent transactions on PostgreSQL; ``transactional_db`` commits the fixtures they need to see.
"""

import random
import threading

import pytest
from django.db import connection

from quotas.models import Admission, Quota
from quotas.selectors import quota_counters_from_admissions
from quotas.services import QuotaExhausted, admission_cancel, admission_create
from quotas.tests.conftest import family

THREADS = 50


def _race(jobs):
    """Run every job in its own thread, released together by a barrier; return their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=60)
            outcomes[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _admit_job(quota, settlement, today, head, members):
    return lambda: admission_create(
        quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
    )


@pytest.mark.django_db(transaction=True)
def test_exactly_the_fitting_families_are_admitted(transactional_db, kandas_quota, settlement, today):
    rng = random.Random(50)
    families = [family(rng, members=rng.randint(0, 2)) for _ in range(THREADS)]
    outcomes = _race([_admit_job(kandas_quota, settlement, today, head, members) for head, members in families])

    admitted = [o for o in outcomes if isinstance(o, Admission)]
    refused = [(o, families[i]) for i, o in enumerate(outcomes) if isinstance(o, QuotaExhausted)]
    assert len(admitted) + len(refused) == THREADS, [
        o for o in outcomes if not isinstance(o, Admission | QuotaExhausted)
    ]
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == sum(a.persons for a in admitted) <= kandas_quota.limit_persons
    assert kandas_quota.used_families == len(admitted)
    assert quota_counters_from_admissions(kandas_quota) == {
        "used_persons": kandas_quota.used_persons,
        "used_families": kandas_quota.used_families,
    }
    # Places only shrink here, so each refused family would not fit even now: none was refused
    # while it still fitted.
    left = kandas_quota.limit_persons - kandas_quota.used_persons
    assert all(1 + len(members) > left for _exc, (_head, members) in refused)


@pytest.mark.django_db(transaction=True)
def test_equal_families_fill_the_quota_exactly(transactional_db, kandas_quota, settlement, today):
    # 50 families of two for 10 places: exactly five get in, 45 hear "quota_exhausted".
    rng = random.Random(2)
    jobs = [_admit_job(kandas_quota, settlement, today, *family(rng, members=1)) for _ in range(THREADS)]
    outcomes = _race(jobs)
    assert sum(isinstance(o, Admission) for o in outcomes) == 5
    assert sum(isinstance(o, QuotaExhausted) and o.code == "quota_exhausted" for o in outcomes) == THREADS - 5
    kandas_quota.refresh_from_db()
    assert (kandas_quota.used_persons, kandas_quota.used_families) == (10, 5)


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_admissions_keep_the_counter_true(transactional_db, kandas_quota, settlement, today):
    rng = random.Random(7)
    # The quota starts full: five families of two.
    standing = [
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
        )
        for head, members in (family(rng, members=1) for _ in range(5))
    ]
    # Each standing family is cancelled twice at once (places must come back once), while 40
    # new families of two race for whatever is freed.
    jobs = [lambda a=a: admission_cancel(admission=a, by=None) for a in standing for _twice in range(2)]
    jobs += [_admit_job(kandas_quota, settlement, today, *family(rng, members=1)) for _ in range(THREADS - len(jobs))]
    random.Random(1).shuffle(jobs)
    outcomes = _race(jobs)

    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, QuotaExhausted)]
    assert unexpected == []
    kandas_quota.refresh_from_db()
    counters = quota_counters_from_admissions(kandas_quota)
    assert counters == {"used_persons": kandas_quota.used_persons, "used_families": kandas_quota.used_families}
    assert kandas_quota.used_persons <= kandas_quota.limit_persons
    assert Admission.objects.filter(pk__in=[a.pk for a in standing], status="cancelled").count() == 5
    new = Admission.objects.filter(quota=kandas_quota).exclude(pk__in=[a.pk for a in standing])
    assert new.count() == sum(isinstance(o, Admission) and o.pk not in {a.pk for a in standing} for o in outcomes)
    assert Quota.objects.filter(pk=kandas_quota.pk, used_persons__gte=0).exists()
