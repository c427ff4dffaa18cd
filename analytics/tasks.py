from celery import shared_task

from analytics.services import execute_run, refresh_standard_analyses, requeue_stale_runs


@shared_task(bind=True, acks_late=True, max_retries=3, name="analytics.run_analysis")
def run_analysis(self, run_id: int) -> str:
    return execute_run(run_id=run_id).status


@shared_task(name="analytics.requeue_stale_runs")
def requeue_stale() -> int:
    return len(requeue_stale_runs())


@shared_task(name="analytics.refresh_standard_analyses")
def refresh_standard() -> int:
    return len(refresh_standard_analyses())
